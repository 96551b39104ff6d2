using GitHubBackup.Core.Contracts;
using GitHubBackup.Tests.Infrastructure;

namespace GitHubBackup.Tests.Integrity;

/// <summary>
/// Issue 13, finding 9: each kill left its scratch folder and a still-running orphan <c>git clone</c>, and a kill
/// while verifying left an unverified bundle at its final key. Now git runs under <c>setpriv --pdeathsig KILL</c>
/// (util-linux) and dies with the runner; a run's scratch folder holds a lock only a live run holds, so the next
/// start removes the dead runs' folders; and a bundle is only ever unverified under its writer's staging key.
/// </summary>
public sealed class KilledRunTests : IntegrityTest
{
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task A_run_killed_mid_clone_takes_its_git_with_it_and_the_next_start_removes_its_scratch()
    {
        var held = GitHub.CreateRepository("acme", "held", r => r.Commit("main", "a.txt", "1\n"));
        GitHub.CreateRepository("acme", "other", r => r.Commit("main", "b.txt", "2\n"));
        var pack = GitHub.Packs.HoldNext("acme", "held");
        var run = BackupAsync(LocalDest);
        await pack.Reached.WaitAsync(Bound);

        var clone = Assert.Single(Processes.Matching(a =>
            a.Contains("clone") && a.Any(x => x.EndsWith("/acme/held.git", StringComparison.Ordinal)) && a.Any(x => x.StartsWith(ScratchParent, StringComparison.Ordinal))));
        var runner = Processes.ParentOf(clone);
        System.Diagnostics.Process.GetProcessById(runner).Kill();
        Assert.True((await run).WasKilled);
        var gitEnded = await Processes.EndsAsync(clone, Bound);
        pack.Release();

        Assert.True(gitEnded, "git clone outlived the runner that started it");
        Assert.NotEmpty(Directory.GetDirectories(ScratchParent));
        var again = await BackupAsync(LocalDest);
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Empty(Directory.GetFileSystemEntries(ScratchParent));
        await AssertVerifiesAsync(LocalDest);
        Assert.Equal(held.Refs(), RefsOf(await RestoreAsync(LocalDest, "held")));
    }

    [Fact]
    public async Task A_run_killed_mid_verify_leaves_no_unverified_bundle_where_a_manifest_could_name_it()
    {
        var held = GitHub.CreateRepository("acme", "held", r => r.Commit("main", "a.txt", "1\n"));
        var bucket = await MotoServer.CreateBucketAsync(versioned: false);
        var dest = $"s3://{bucket}";
        await using var proxy = await S3FaultProxy.StartAsync();
        var verifying = proxy.HoldResponse("GET", @"held\.bundle$");
        var run = BackupAsync(dest, s3Endpoint: proxy.Endpoint);
        await verifying.Reached.WaitAsync(Bound);

        var runner = Assert.Single(Processes.Matching(a => a.Contains(dest) && a.Any(x => x.EndsWith("github-backup.dll", StringComparison.Ordinal))));
        System.Diagnostics.Process.GetProcessById(runner).Kill();
        Assert.True((await run).WasKilled);
        verifying.Release();

        using var s3 = MotoServer.Client();
        var left = (await s3.ListObjectsV2Async(new Amazon.S3.Model.ListObjectsV2Request { BucketName = bucket })).S3Objects ?? [];
        var staged = Assert.Single(left);
        Assert.StartsWith(BackupLayout.StagingPrefix, staged.Key, StringComparison.Ordinal);

        // The next night's run removes what the dead writer staged (older than a day) and backs the repository up.
        var next = await BackupAsync(dest, days: 1);
        Assert.True(next.ExitCode == 0, next.ToString());
        left = (await s3.ListObjectsV2Async(new Amazon.S3.Model.ListObjectsV2Request { BucketName = bucket, Prefix = BackupLayout.StagingPrefix })).S3Objects ?? [];
        Assert.Empty(left);
        await AssertVerifiesAsync(dest);
        Assert.Equal(held.Refs(), RefsOf(await RestoreAsync(dest, "held")));
    }
}
