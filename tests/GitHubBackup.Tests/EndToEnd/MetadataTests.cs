using System.Text.Json.Nodes;
using GitHubBackup.Core.Contracts;
using GitHubBackup.Core.Metadata;
using GitHubBackup.Core.Storage;
using GitHubBackup.StandIn;
using GitHubBackup.Tests.Infrastructure;

namespace GitHubBackup.Tests.EndToEnd;

/// <summary>Issues, pull requests, releases, labels and milestones: archived, fetched incrementally, within the API budget.</summary>
public sealed class MetadataTests : StandInTest
{
    private string Dest => Work.Combine("dest");

    private Task<RunnerResult> BackupAsync(params string[] extra) => BackupWithBudgetAsync(null, extra);

    private Task<RunnerResult> BackupWithBudgetAsync(int? hourlyRequestBudget, params string[] extra) =>
        RunnerProcess.RunAsync(
            ["backup", "--org", "acme", "--dest", Dest, "--api-url", GitHub.ServerRoot.ToString(), "--metadata", .. extra],
            new Dictionary<string, string?> { ["GITHUB_TOKEN"] = GitHub.IssueUserToken(hourlyRequestBudget) });

    private static async Task<MetadataArchive> ArchiveAsync(string dest, RepoEntry entry) =>
        await MetadataBackup.ReadArchiveAsync(new LocalDirectoryStore(dest), entry.Metadata!, CancellationToken.None);

    private StandInRepo Tracker()
    {
        var repo = GitHub.CreateRepository("acme", "tracker", r => r.Commit("main", "a", "a"));
        var metadata = repo.Metadata;
        var bug = metadata.AddIssue("Crash on start", "It crashes.");
        metadata.Comment(bug, "Same here.");
        metadata.Comment(bug, "Fixed in #2.");
        var fix = metadata.AddPull("Fix the crash", new string('a', 40));
        metadata.Review(fix, "APPROVED", "Looks good");
        metadata.ReviewComment(fix, "src/app.cs", "Nit: name");
        metadata.AddRelease("v1.0", ("app.zip", new byte[5000]), ("huge.iso", new byte[3 << 20]));
        metadata.AddLabel("bug");
        metadata.AddMilestone("1.0");
        for (var i = 0; i < 120; i++)
        {
            metadata.AddIssue($"Old issue {i}");
        }

        return repo;
    }

    [Fact]
    public async Task A_full_run_captures_issues_pulls_reviews_releases_labels_and_milestones()
    {
        Tracker();

        var backup = await BackupAsync("--max-asset-mb", "1");

        Assert.True(backup.ExitCode == 0, backup.ToString());
        var entry = BackupRoundTripTests.ReadManifest(Dest).Repos.Single();
        Assert.Equal(RepoStatus.Succeeded, entry.Metadata!.Status);
        Assert.Null(entry.Metadata.ChangesSince);
        var archive = await ArchiveAsync(Dest, entry);
        Assert.Equal(122, archive.Issues.Count);
        Assert.Equal(2, archive.Issues.Single(i => i.Issue.GetProperty("number").GetInt64() == 1).Comments.Count);
        var pull = Assert.Single(archive.Pulls);
        Assert.Single(pull.Reviews);
        Assert.Single(pull.ReviewComments);
        Assert.Single(pull.Commits);
        var assets = Assert.Single(archive.Releases).Assets;
        Assert.NotNull(assets.Single(a => a.Name == "app.zip").Key);
        Assert.StartsWith("larger than", assets.Single(a => a.Name == "huge.iso").Skipped, StringComparison.Ordinal);
        Assert.Single(archive.Labels);
        Assert.Single(archive.Milestones);
        Assert.Equal(1, entry.Metadata.AssetsSkipped);

        var restore = await RunnerProcess.RunAsync(["restore", "--from", Dest, "--org", "acme", "--repo", "tracker", "--to", Work.Combine("restored")]);
        Assert.True(restore.ExitCode == 0, restore.ToString());
        Assert.Equal(122, JsonNode.Parse(File.ReadAllText(Work.Combine("restored", "tracker.metadata", "metadata.json")))!["issues"]!.AsArray().Count);
        Assert.Equal(5000, new FileInfo(Directory.GetFiles(Work.Combine("restored", "tracker.metadata", "assets")).Single()).Length);
    }

    [Fact]
    public async Task A_second_run_fetches_only_what_changed_and_its_snapshot_is_still_complete()
    {
        var repo = Tracker();
        Assert.Equal(0, (await BackupAsync()).ExitCode);
        repo.Metadata.Now = DateTimeOffset.UtcNow.AddMinutes(5);
        var newIssue = repo.Metadata.AddIssue("New bug");
        repo.Metadata.Comment(1, "One more comment.");
        repo.Metadata.Edit(2, "Fix the crash (v2)");
        var requestsBefore = GitHub.Log.Requests.Count;

        var second = await BackupAsync();

        Assert.True(second.ExitCode == 0, second.ToString());
        var requests = GitHub.Log.Requests.Skip(requestsBefore).Select(r => r.PathAndQuery).ToList();
        Assert.Contains(requests, r => r.StartsWith("/api/v3/repos/acme/tracker/issues?", StringComparison.Ordinal) && r.Contains("since=", StringComparison.Ordinal));
        Assert.Single(requests, r => r.StartsWith("/api/v3/repos/acme/tracker/issues?", StringComparison.Ordinal));
        Assert.Single(requests, r => r.StartsWith("/api/v3/repos/acme/tracker/pulls/2/reviews", StringComparison.Ordinal));
        var entry = BackupRoundTripTests.ReadManifest(Dest).Repos.Single();
        Assert.NotNull(entry.Metadata!.ChangesSince);
        var archive = await ArchiveAsync(Dest, entry);
        Assert.Equal(123, archive.Issues.Count);
        Assert.Contains(archive.Issues, i => i.Issue.GetProperty("number").GetInt64() == newIssue);
        Assert.Equal(3, archive.Issues.Single(i => i.Issue.GetProperty("number").GetInt64() == 1).Comments.Count);
        Assert.Equal("Fix the crash (v2)", archive.Pulls.Single().Pull.GetProperty("title").GetString());
    }

    [Fact]
    public async Task A_repository_with_issues_disabled_is_archived_without_errors()
    {
        GitHub.CreateRepository("acme", "quiet", r => r.Commit("main", "a", "a"), new RepoSettings { HasIssues = false });

        var backup = await BackupAsync();

        Assert.True(backup.ExitCode == 0, backup.ToString());
        var entry = BackupRoundTripTests.ReadManifest(Dest).Repos.Single();
        Assert.Equal(RepoStatus.Succeeded, entry.Metadata!.Status);
        Assert.Empty((await ArchiveAsync(Dest, entry)).Issues);
    }

    [Fact]
    public async Task When_the_api_budget_runs_low_metadata_is_deferred_not_failed_and_the_next_run_completes_it()
    {
        foreach (var name in new[] { "r1", "r2", "r3", "r4", "r5", "r6" })
        {
            GitHub.CreateRepository("acme", name, r => r.Commit("main", "a", "a")).Metadata.AddIssue("x");
        }

        // MetadataOptions.ReserveRequests (500) is kept for the rest of the day's work: with 530, a few repositories fit.
        var first = await BackupWithBudgetAsync(530, "--concurrency", "1");

        Assert.True(first.ExitCode == 0, first.ToString());
        var statuses = BackupRoundTripTests.ReadManifest(Dest).Repos.Select(r => r.Metadata!.Status).ToList();
        Assert.Contains(MetadataStatus.Deferred, statuses);
        Assert.Contains(RepoStatus.Succeeded, statuses);

        var second = await BackupAsync();

        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.All(BackupRoundTripTests.ReadManifest(Dest).Repos, r => Assert.Equal(RepoStatus.Succeeded, r.Metadata!.Status));
    }
}
