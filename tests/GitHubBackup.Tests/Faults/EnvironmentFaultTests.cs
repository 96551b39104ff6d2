using System.Diagnostics;
using GitHubBackup.Core.Contracts;
using GitHubBackup.StandIn;
using GitHubBackup.Tests.EndToEnd;
using GitHubBackup.Tests.Infrastructure;

namespace GitHubBackup.Tests.Faults;

/// <summary>Fault matrix, environment rows: a full scratch disk, two runs at once, S3 credentials refused.</summary>
public sealed class EnvironmentFaultTests : StandInTest
{
    private Dictionary<string, string?> TokenEnvironment() => new() { ["GITHUB_TOKEN"] = GitHub.IssueUserToken() };

    [Fact]
    public async Task A_full_scratch_disk_fails_that_repository_clearly_cleans_up_and_the_next_ones_continue()
    {
        var scratch = Work.Combine("small-disk");
        Directory.CreateDirectory(scratch);
        Mount(scratch, "2m");
        try
        {
            GitHub.CreateRepository("acme", "too-big", r => r.Commit("main", "a", "a").CommitBinary("main", "big.bin", 3 << 20, seed: 3));
            GitHub.CreateRepositories("acme", 3, "small-");

            var result = await RunnerProcess.RunAsync(
                ["backup", "--org", "acme", "--dest", Work.Combine("dest"), "--api-url", GitHub.ServerRoot.ToString(), "--concurrency", "1"],
                new Dictionary<string, string?>(TokenEnvironment()) { ["GITHUB_BACKUP_SCRATCH"] = scratch });

            Assert.Equal(1, result.ExitCode);
            var manifest = BackupRoundTripTests.ReadManifest(Work.Combine("dest"));
            var failed = Assert.Single(manifest.Repos, r => r.Status == RepoStatus.Failed);
            Assert.Equal("too-big", failed.Name);
            Assert.Contains("No space left on device", failed.Error, StringComparison.Ordinal);
            Assert.Equal(3, manifest.Totals.Succeeded);
            Assert.Empty(Directory.GetFileSystemEntries(scratch));
        }
        finally
        {
            Unmount(scratch);
        }
    }

    [Fact]
    public async Task Two_runs_for_the_same_org_and_date_at_once_both_land_in_the_manifest()
    {
        GitHub.CreateRepositories("acme", 10, "repo-");
        string[] backup = ["backup", "--org", "acme", "--dest", Work.Combine("dest"), "--api-url", GitHub.ServerRoot.ToString(), "--concurrency", "3"];

        var runs = await Task.WhenAll(RunnerProcess.RunAsync(backup, TokenEnvironment()), RunnerProcess.RunAsync(backup, TokenEnvironment()));

        Assert.All(runs, r => Assert.True(r.ExitCode == 0, r.ToString()));
        var manifest = BackupRoundTripTests.ReadManifest(Work.Combine("dest"));
        Assert.Equal(10, manifest.Repos.Count);
        Assert.Equal(10, manifest.Totals.Succeeded);
        foreach (var entry in manifest.Repos)
        {
            var bytes = File.ReadAllBytes(Path.Combine(Work.Combine("dest"), entry.BundleKey!));
            Assert.Equal(entry.Sha256, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)));
        }
    }

    [Fact]
    public async Task S3_credentials_refused_are_one_clear_line_and_exit_2()
    {
        var (endpoint, server) = MotoServer.StartDedicated(new Dictionary<string, string> { ["INITIAL_NO_AUTH_ACTION_COUNT"] = "0" });
        using (server)
        {
            var result = await RunnerProcess.RunAsync(
                ["backup", "--org", "acme", "--dest", "s3://some-bucket", "--api-url", GitHub.ServerRoot.ToString(), "--s3-endpoint", endpoint],
                new Dictionary<string, string?>(TokenEnvironment()) { ["AWS_ACCESS_KEY_ID"] = "AKIAUNKNOWNKEY000000", ["AWS_SECRET_ACCESS_KEY"] = "not-a-secret", ["AWS_REGION"] = "us-east-1" });

            Assert.Equal(2, result.ExitCode);
            var line = Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.Contains("S3 refused access to bucket 'some-bucket'", line, StringComparison.Ordinal);
            Assert.Contains("check the AWS credentials", line, StringComparison.Ordinal);
        }
    }

    /// <summary>A small tmpfs: the real "No space left on device", without filling the machine's disk. Needs root, as CI has.</summary>
    private static void Mount(string path, string size) => Run("mount", "-t", "tmpfs", "-o", $"size={size}", "tmpfs", path);

    private static void Unmount(string path) => Run("umount", path);

    private static void Run(string file, params string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments) { RedirectStandardError = true })!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{file} {string.Join(' ', arguments)} failed (this test needs root to mount a small tmpfs): {error}");
    }
}
