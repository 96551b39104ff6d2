using System.Diagnostics;
using Amazon.S3.Model;
using GitHubBackup.Core.Contracts;
using GitHubBackup.Core.Storage;
using GitHubBackup.StandIn;
using GitHubBackup.Tests.EndToEnd;
using GitHubBackup.Tests.Infrastructure;

namespace GitHubBackup.Tests.Faults;

/// <summary>
/// Fault matrix, interruption rows: a process killed mid-run, then run again; a runner task killed mid-batch,
/// then retried. Nothing half-written is referenced, finished work is not redone, no upload is orphaned.
/// </summary>
public sealed class InterruptionTests : StandInTest
{
    protected override StandInOptions Options => new() { Latency = TimeSpan.FromMilliseconds(60) };

    private Dictionary<string, string?> Environment() => new()
    {
        ["GITHUB_TOKEN"] = GitHub.IssueUserToken(),
        ["AWS_ACCESS_KEY_ID"] = MotoServer.AccessKey,
        ["AWS_SECRET_ACCESS_KEY"] = MotoServer.SecretKey,
        ["AWS_REGION"] = "us-east-1",
    };

    private static void KillAfter(int finishedRepositories, string line, Process process, ref int seen)
    {
        if (line.Contains("\"event\":\"repo.finished\"", StringComparison.Ordinal) && Interlocked.Increment(ref seen) == finishedRepositories)
        {
            process.Kill(entireProcessTree: true);
        }
    }

    private static void AssertEveryReferencedBundleIsWhole(string dest, BackupManifest manifest)
    {
        foreach (var entry in manifest.Repos.Where(e => e.BundleKey is not null))
        {
            var bytes = File.ReadAllBytes(Path.Combine(dest, entry.BundleKey!));
            Assert.Equal(entry.Sha256, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)));
        }
    }

    [Fact]
    public async Task A_run_killed_midway_leaves_only_verified_entries_and_the_rerun_does_only_the_rest()
    {
        var repos = GitHub.CreateRepositories("acme", 12, "repo-");
        var dest = Work.Combine("dest");
        string[] backup = ["backup", "--org", "acme", "--dest", dest, "--api-url", GitHub.ServerRoot.ToString(), "--concurrency", "2"];
        var finished = 0;

        var killed = await RunnerProcess.RunAsync(backup, Environment(), (line, process) => KillAfter(5, line, process, ref finished));

        Assert.True(killed.WasKilled, killed.ToString());
        var checkpoint = BackupRoundTripTests.ReadManifest(dest);
        Assert.InRange(checkpoint.Repos.Count, 1, 11);
        Assert.All(checkpoint.Repos, e => Assert.Equal(RepoStatus.Succeeded, e.Status));
        AssertEveryReferencedBundleIsWhole(dest, checkpoint);

        var rerun = await RunnerProcess.RunAsync(backup, Environment());

        Assert.True(rerun.ExitCode == 0, rerun.ToString());
        var manifest = BackupRoundTripTests.ReadManifest(dest);
        Assert.Equal(12, manifest.Totals.Succeeded);
        AssertEveryReferencedBundleIsWhole(dest, manifest);
        Assert.All(checkpoint.Repos, e => Assert.Equal(1, GitHub.Log.Clones(e.FullName)));
        Assert.Empty(Directory.GetFiles(dest, ".*partial*", SearchOption.AllDirectories));
        Assert.Equal(repos.Count, manifest.Repos.Count);
    }

    /// <summary>
    /// The kill lands while the upload is open: the store proxy holds the first part's upload (CreateMultipartUpload
    /// has been answered, so the upload exists) and the test kills the process once that request has arrived.
    /// </summary>
    [Fact]
    public async Task A_run_killed_during_a_multipart_upload_leaves_no_orphaned_upload_after_the_rerun()
    {
        GitHub.CreateRepository("acme", "large", r => r.Commit("main", "README.md", "large\n").CommitBinary("main", "big.bin", 24 << 20, seed: 5));
        GitHub.CreateRepositories("acme", 3, "small-");
        var bucket = await MotoServer.CreateBucketAsync();
        await using var proxy = await S3FaultProxy.StartAsync();
        var partUpload = proxy.Hold("PUT", "[?&]partNumber=1(&|$)");
        string[] Backup(string endpoint) => ["backup", "--org", "acme", "--dest", $"s3://{bucket}", "--api-url", GitHub.ServerRoot.ToString(), "--s3-endpoint", endpoint, "--concurrency", "1"];
        using var s3 = MotoServer.Client();
        var started = new TaskCompletionSource<Process>(TaskCreationOptions.RunContinuationsAsynchronously);

        var run = RunnerProcess.RunAsync(Backup(proxy.Endpoint), Environment(), (_, process) => started.TrySetResult(process));
        var runner = await started.Task;
        await Task.WhenAny(partUpload, run);
        Assert.True(partUpload.IsCompleted, "the run ended before it uploaded a part:\n" + (run.IsCompleted ? (await run).ToString() : ""));
        var uploadsOpen = (await s3.ListMultipartUploadsAsync(new ListMultipartUploadsRequest { BucketName = bucket })).MultipartUploads?.Count ?? 0;
        runner.Kill(entireProcessTree: true);
        var killed = await run;

        Assert.True(killed.WasKilled, killed.ToString());
        Assert.Equal(1, uploadsOpen);

        var rerun = await RunnerProcess.RunAsync(Backup(MotoServer.Endpoint), Environment());

        Assert.True(rerun.ExitCode == 0, rerun.ToString());
        Assert.Empty((await s3.ListMultipartUploadsAsync(new ListMultipartUploadsRequest { BucketName = bucket })).MultipartUploads ?? []);
        var manifest = CoreJson.Deserialize<BackupManifest>(
            (await new S3Store(MotoServer.Client(), bucket, "").ReadAsync(BackupLayout.ManifestKey(BackupLayout.Date(DateTimeOffset.UtcNow), "acme"), CancellationToken.None))!.Content, "manifest");
        Assert.Equal(4, manifest.Totals.Succeeded);
    }

    [Fact]
    public async Task A_runner_task_killed_midway_resumes_its_batch_without_redoing_finished_repositories()
    {
        var repos = GitHub.CreateRepositories("acme", 8, "repo-");
        var aws = await StateMachine.AwsDeployment.CreateAsync(GitHub);
        var store = new S3Store(MotoServer.Client(), aws.Bucket, "");
        var batch = Core.Runs.BatchFiles.Split(
            new RunPlan { RunId = "run-kill", Org = "acme", Date = BackupLayout.Date(DateTimeOffset.UtcNow), Source = GitHub.ServerRoot.ToString(), Bucket = aws.Bucket, BatchesKey = "unused" },
            repos.Select(r => new BatchRepo { Name = r.Name, FullName = r.FullName, CloneUrl = r.CloneUrl.ToString() }).ToList(),
            new Core.Engine.BatchLimits(), "", strict: false, full: false, parts: null).Single();
        var batchKey = RunLayout.BatchKey("run-kill", batch.Name);
        await Core.Runs.RunFiles.WriteAsync(store, batchKey, batch, CancellationToken.None);
        var environment = new Dictionary<string, string?>(aws.Execution("run-kill", new System.Text.Json.Nodes.JsonObject()).TaskEnvironment.ToDictionary(p => p.Key, p => (string?)p.Value))
        {
            ["GITHUB_BACKUP_BATCH_KEY"] = batchKey,
            ["GITHUB_BACKUP_RUN_ID"] = "run-kill",
        };
        var finished = 0;

        var killed = await RunnerProcess.RunAsync(["run-batch"], environment, (line, process) => KillAfter(3, line, process, ref finished));

        Assert.True(killed.WasKilled, killed.ToString());
        var partial = await Core.Runs.RunFiles.ReadAsync<BatchResult>(store, RunLayout.ResultKey("run-kill", batch.Name), CancellationToken.None);
        Assert.InRange(partial!.Entries.Count, 3, 7);

        var retried = await RunnerProcess.RunAsync(["run-batch"], environment);

        Assert.True(retried.ExitCode == 0, retried.ToString());
        var result = await Core.Runs.RunFiles.ReadAsync<BatchResult>(store, RunLayout.ResultKey("run-kill", batch.Name), CancellationToken.None);
        Assert.Equal(8, result!.Entries.Count(e => e.Status == RepoStatus.Succeeded));
        Assert.All(partial.Entries, e => Assert.Equal(1, GitHub.Log.Clones(e.FullName)));
    }
}
