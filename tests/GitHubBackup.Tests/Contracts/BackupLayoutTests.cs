using GitHubBackup.Core.Contracts;

namespace GitHubBackup.Tests.Contracts;

public class BackupLayoutTests
{
    [Fact]
    public void Keys_follow_the_documented_layout_with_the_utc_date_of_the_run_start()
    {
        var start = new DateTimeOffset(2026, 11, 22, 23, 30, 0, TimeSpan.FromHours(-5));

        var date = BackupLayout.Date(start);

        Assert.Equal("2026-11-23", date);
        var sha256 = new string('a', 64);
        Assert.Equal($"github-backup/objects/acme/my.repo-x/{sha256}.bundle", BackupLayout.BundleKey("acme", "my.repo-x", sha256));
        Assert.Equal($"github-backup/objects/acme/my.repo-x/wiki.{sha256}.bundle", BackupLayout.WikiBundleKey("acme", "my.repo-x", sha256));
        Assert.Equal("github-backup/2026-11-23/acme/manifest.json", BackupLayout.ManifestKey(date, "acme"));
    }

    [Theory]
    [InlineData("..")]
    [InlineData(".")]
    [InlineData("a/b")]
    [InlineData("")]
    [InlineData("x y")]
    public void Names_that_could_escape_the_layout_are_refused(string repo)
    {
        Assert.Throws<ArgumentException>(() => BackupLayout.BundleKey("acme", repo, new string('0', 64)));
    }

    [Theory]
    [InlineData(".github", true)]
    [InlineData("my.dotted-repo_1", true)]
    [InlineData("-x", true)]
    public void Real_github_repository_names_are_accepted(string repo, bool valid)
    {
        Assert.Equal(valid, BackupLayout.IsRepoName(repo));
    }
}
