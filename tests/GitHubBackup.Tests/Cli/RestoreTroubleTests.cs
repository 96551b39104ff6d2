using GitHubBackup.StandIn;
using GitHubBackup.Tests.Infrastructure;

namespace GitHubBackup.Tests.Cli;

/// <summary>
/// Restore under adverse conditions (issue 13, finding 10): what the remote or the target said, the other
/// repositories restored anyway, and exit 1 naming each failure; never a stack trace.
/// </summary>
public sealed class RestoreTroubleTests : StandInTest
{
    private string Dest => Work.Combine("dest");

    private async Task BackUpAsync(params string[] names)
    {
        foreach (var name in names)
        {
            GitHub.CreateRepository("acme", name, r => r.Commit("main", "a", name));
        }

        var backup = await RunnerProcess.RunAsync(
            ["backup", "--org", "acme", "--dest", Dest, "--api-url", GitHub.ServerRoot.ToString()],
            new Dictionary<string, string?> { ["GITHUB_TOKEN"] = GitHub.IssueUserToken() });
        Assert.True(backup.ExitCode == 0, backup.ToString());
    }

    [Fact]
    public async Task Restore_all_goes_past_targets_that_exist_or_are_files_and_names_each()
    {
        await BackUpAsync("a", "b", "c", "d");
        var target = Work.Combine("restored");
        Directory.CreateDirectory(Path.Combine(target, "b.git"));
        await File.WriteAllTextAsync(Path.Combine(target, "b.git", "keep.txt"), "mine");
        await File.WriteAllTextAsync(Path.Combine(target, "c.git"), "a file where a repository goes");

        var restore = await RunnerProcess.RunAsync(["restore", "--from", Dest, "--org", "acme", "--all", "--to", target]);

        Assert.Equal(1, restore.ExitCode);
        Assert.Contains("failed acme/b: the target", restore.Stderr, StringComparison.Ordinal);
        Assert.Contains("b.git' already exists and is not empty", restore.Stderr, StringComparison.Ordinal);
        Assert.Contains("failed acme/c: the target", restore.Stderr, StringComparison.Ordinal);
        Assert.Contains("c.git' is a file", restore.Stderr, StringComparison.Ordinal);
        Assert.Contains("2 of 4 failed: b, c", restore.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("does not restore", restore.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", restore.Stderr, StringComparison.Ordinal);
        Assert.True(Directory.Exists(Path.Combine(target, "a.git", "objects")));
        Assert.True(Directory.Exists(Path.Combine(target, "d.git", "objects")));
        Assert.Equal("mine", await File.ReadAllTextAsync(Path.Combine(target, "b.git", "keep.txt")));
    }

    [Fact]
    public async Task Restore_into_a_to_path_that_is_a_file_says_the_target_is_the_problem()
    {
        await BackUpAsync("a");
        var target = Work.Combine("not-a-folder");
        await File.WriteAllTextAsync(target, "x");

        var restore = await RunnerProcess.RunAsync(["restore", "--from", Dest, "--org", "acme", "--all", "--to", target]);

        Assert.Equal(2, restore.ExitCode);
        Assert.Contains("--to '" + target + "' is a file", Assert.Single(restore.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_push_the_remote_rejects_reports_what_the_remote_said_without_a_stack_trace()
    {
        await BackUpAsync("a");
        var refusing = GitHub.CreateRepository("acme", "refuses-pushes", settings: new RepoSettings { AllowPush = false });

        var restore = await RunnerProcess.RunAsync(
            ["restore", "--from", Dest, "--org", "acme", "--repo", "a", "--to", Work.Combine("restored"), "--push-to", refusing.CloneUrl.ToString(), "--api-url", GitHub.ServerRoot.ToString()],
            new Dictionary<string, string?> { ["GITHUB_TOKEN"] = GitHub.IssueUserToken() });

        Assert.Equal(1, restore.ExitCode);
        Assert.Contains($"could not push acme/a to {refusing.CloneUrl}: ", restore.Stderr, StringComparison.Ordinal);
        Assert.Contains("403", restore.Stderr, StringComparison.Ordinal);
        Assert.Contains("1 of 1 failed: a", restore.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", restore.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled", restore.Stderr, StringComparison.Ordinal);
    }
}
