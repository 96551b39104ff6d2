using GitHubBackup.Core.Contracts;
using GitHubBackup.StandIn;
using GitHubBackup.Tests.EndToEnd;
using GitHubBackup.Tests.Infrastructure;

namespace GitHubBackup.Tests.Faults;

/// <summary>Fault matrix, git rows: clones that fail for a while, for good, or mid-transfer.</summary>
public sealed class GitFaultTests : StandInTest
{
    private Task<RunnerResult> BackupAsync() =>
        RunnerProcess.RunAsync(
            ["backup", "--org", "acme", "--dest", Work.Combine("dest"), "--api-url", GitHub.ServerRoot.ToString(), "--concurrency", "2"],
            new Dictionary<string, string?> { ["GITHUB_TOKEN"] = GitHub.IssueUserToken() });

    [Fact]
    public async Task A_clone_that_fails_twice_then_works_is_retried_and_succeeds()
    {
        StandardCorpus.Create(GitHub, "acme");
        var fault = GitHub.Faults.FailClone("acme", StandardCorpus.ManyRefs, status: 500, times: 2);

        var result = await BackupAsync();

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(2, fault.Fired);
        Assert.Equal(2, result.Stdout.Split('\n').Count(l => l.Contains("\"event\":\"repo.retry\"", StringComparison.Ordinal) && l.Contains(StandardCorpus.ManyRefs, StringComparison.Ordinal)));
        Assert.Equal(RepoStatus.Succeeded, BackupRoundTripTests.ReadManifest(Work.Combine("dest")).Repos.Single(r => r.Name == StandardCorpus.ManyRefs).Status);
    }

    [Fact]
    public async Task A_transfer_cut_off_mid_pack_is_retried_and_succeeds()
    {
        StandardCorpus.Create(GitHub, "acme");
        var cut = GitHub.Faults.CutBody("POST", $"^/acme/{StandardCorpus.Binary}\\.git/git-upload-pack$", bytes: 200_000, times: 1);

        var result = await BackupAsync();

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(1, cut.Fired);
        var entry = BackupRoundTripTests.ReadManifest(Work.Combine("dest")).Repos.Single(r => r.Name == StandardCorpus.Binary);
        Assert.Equal(RepoStatus.Succeeded, entry.Status);
        Assert.True(entry.SizeBytes > 3_000_000);
    }

    [Fact]
    public async Task A_permanent_failure_is_recorded_with_gits_words_and_no_secret()
    {
        GitHub.CreateRepository("acme", "good", r => r.Commit("main", "a", "a"));
        GitHub.CreateRepository("acme", "broken", r => r.Commit("main", "a", "a"));
        GitHub.Faults.FailClone("acme", "broken", status: 403, times: null);
        var token = GitHub.IssueUserToken();

        var result = await RunnerProcess.RunAsync(
            ["backup", "--org", "acme", "--dest", Work.Combine("dest"), "--api-url", GitHub.ServerRoot.ToString()],
            new Dictionary<string, string?> { ["GITHUB_TOKEN"] = token });

        Assert.Equal(1, result.ExitCode);
        var manifest = BackupRoundTripTests.ReadManifest(Work.Combine("dest"));
        var broken = manifest.Repos.Single(r => r.Name == "broken");
        Assert.Equal(RepoStatus.Failed, broken.Status);
        Assert.Contains("git clone --mirror failed", broken.Error, StringComparison.Ordinal);
        Assert.Contains("403", broken.Error, StringComparison.Ordinal);
        Assert.Equal(RepoStatus.Succeeded, manifest.Repos.Single(r => r.Name == "good").Status);
        Assert.DoesNotContain(token, result.Stdout + result.Stderr + File.ReadAllText(Directory.GetFiles(Work.Combine("dest"), "manifest.json", SearchOption.AllDirectories).Single()), StringComparison.Ordinal);
    }
}
