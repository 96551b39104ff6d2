using GitHubBackup.Core.Contracts;

namespace GitHubBackup.Tests.Contracts;

public class RunNotificationTests
{
    [Fact]
    public void A_clean_run_says_ok_with_its_totals()
    {
        var text = RunNotification.Text("acme", "2026-11-22", "run-1", new ManifestTotals { Repos = 10, Succeeded = 7, Unchanged = 2, Empty = 1, Bytes = 3 << 20 }, [], null);

        Assert.Equal("github-backup acme 2026-11-22 (run-1): OK. 10 repositories: 7 backed up, 2 unchanged, 1 empty, 0 gone, 0 failed; 3.0 MiB.", text);
    }

    [Fact]
    public void A_run_with_failures_names_them_and_the_input_that_reruns_them()
    {
        var failed = Enumerable.Range(1, 25).Select(i => $"repo-{i}").ToList();

        var text = RunNotification.Text("acme", "2026-11-22", "run-2", new ManifestTotals { Repos = 30, Succeeded = 5, Failed = 25 }, failed, RerunInput.For("acme", failed));

        Assert.Contains("25 FAILED.", text, StringComparison.Ordinal);
        Assert.Contains("Failed: repo-1, repo-2,", text, StringComparison.Ordinal);
        Assert.Contains("repo-20 and 5 more.", text, StringComparison.Ordinal);
        Assert.EndsWith("""Re-run them with: {"org":"acme","repos":["repo-1","repo-2","repo-3","repo-4","repo-5","repo-6","repo-7","repo-8","repo-9","repo-10","repo-11","repo-12","repo-13","repo-14","repo-15","repo-16","repo-17","repo-18","repo-19","repo-20","repo-21","repo-22","repo-23","repo-24","repo-25"]}""", text, StringComparison.Ordinal);
    }
}
