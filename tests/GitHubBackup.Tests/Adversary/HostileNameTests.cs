using GitHubBackup.Core.Contracts;
using GitHubBackup.Tests.EndToEnd;
using GitHubBackup.Tests.Infrastructure;

namespace GitHubBackup.Tests.Adversary;

/// <summary>
/// Names GitHub never gives (docs.github.com, "Repository limits": at most 100 characters, ASCII letters, digits,
/// '.', '-' and '_'; ".wiki" is reserved) fail that repository alone, clearly; the others are backed up and the
/// manifest is written; nothing is written outside the destination and the scratch directory.
/// </summary>
public sealed class HostileNameTests : StandInTest
{
    [Fact]
    public async Task A_listed_name_that_is_not_a_github_name_fails_that_repository_alone()
    {
        GitHub.CreateRepository("acme", "good", r => r.Commit("main", "README.md", "good\n"));
        string[] names = ["../../escape", "a/b", new string('x', 250), "caf\u00e9", "", ".", "..", "line\nbreak", "good.wiki"];
        foreach (var name in names)
        {
            GitHub.ListRepositoryNamed("acme", name);
        }

        var dest = Work.Combine("deep/dest");
        var scratch = Work.Combine("deep/scratch");
        Directory.CreateDirectory(scratch);

        var result = await RunnerProcess.RunAsync(
            ["backup", "--org", "acme", "--dest", dest, "--api-url", GitHub.ServerRoot.ToString()],
            new Dictionary<string, string?> { ["GITHUB_TOKEN"] = GitHub.IssueUserToken(), ["GITHUB_BACKUP_SCRATCH"] = scratch });

        Assert.True(result.ExitCode == 1, result.ToString());
        var manifest = BackupRoundTripTests.ReadManifest(dest);
        Leaks.AssertSucceeded(manifest, "good");
        foreach (var name in names)
        {
            var entry = manifest.Repos.Single(r => r.Name == name);
            Assert.Equal(RepoStatus.Failed, entry.Status);
            Assert.Contains("which is not a GitHub repository name", entry.Error, StringComparison.Ordinal);
        }

        Assert.Equal(names.Length, manifest.Totals.Failed);
        Assert.Equal(["deep"], Directory.GetFileSystemEntries(Work.Path).Select(Path.GetFileName));
        Assert.DoesNotContain(Directory.GetFileSystemEntries(Work.Path, "*", SearchOption.AllDirectories), p => p.Contains("escape", StringComparison.Ordinal));
    }
}
