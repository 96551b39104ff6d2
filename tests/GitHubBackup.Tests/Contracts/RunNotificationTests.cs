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

    [Fact]
    public void The_bounded_rerun_input_names_the_repositories_while_they_fit_and_the_run_once_they_do_not()
    {
        var few = Enumerable.Range(1, 3).Select(i => $"repo-{i}").ToList();
        var many = Enumerable.Range(1, 300).Select(i => $"repo-{i}").ToList();

        Assert.Equal(RerunInput.For("acme", few), RerunInput.Bounded("acme", few, "run-3"));
        Assert.Equal("""{"retryFromRunId":"run-3"}""", RerunInput.Bounded("acme", many, "run-3"));
    }

    [Fact]
    public void A_run_with_thousands_of_failures_names_twenty_and_where_the_complete_report_is()
    {
        var failed = Enumerable.Range(1, 5000).Select(i => $"a-repository-with-a-rather-long-name-{i:D5}").ToList();
        var report = new RunReportFiles
        {
            Bucket = "b",
            FailedKey = "github-backup/runs/run-4/failed.json",
            FailedUri = "s3://b/github-backup/runs/run-4/failed.json",
            RerunInputKey = "github-backup/runs/run-4/rerun-input.json",
            RerunInputUri = "s3://b/github-backup/runs/run-4/rerun-input.json",
            NotificationKey = "github-backup/runs/run-4/notification.txt",
            NotificationUri = "s3://b/github-backup/runs/run-4/notification.txt",
        };

        var text = RunNotification.Text("acme", "2026-11-22", "run-4", new ManifestTotals { Repos = 20000, Failed = 5000 }, failed, RerunInput.Bounded("acme", failed, "run-4"), report);

        Assert.Contains("5000 FAILED.", text, StringComparison.Ordinal);
        Assert.Contains("-00020 and 4980 more.", text, StringComparison.Ordinal);
        Assert.Contains("""Re-run them with: {"retryFromRunId":"run-4"}""", text, StringComparison.Ordinal);
        Assert.EndsWith("Every failed repository: s3://b/github-backup/runs/run-4/failed.json; the input that re-runs them: s3://b/github-backup/runs/run-4/rerun-input.json.", text, StringComparison.Ordinal);
        Assert.InRange(text.Length, 1, 4096);
    }
}
