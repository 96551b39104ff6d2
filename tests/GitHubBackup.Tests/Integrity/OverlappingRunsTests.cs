using GitHubBackup.Core.Contracts;
using GitHubBackup.Tests.Infrastructure;

namespace GitHubBackup.Tests.Integrity;

/// <summary>
/// Issue 13, finding 1: run A (slow to verify a large bundle) and run B (started after a force-push) write the
/// same repository of the same snapshot. Before, both wrote one key: B replaced A's bytes while A was verifying
/// what it had already read, A's entry (finished last) won the merge, and the manifest named A's SHA-256 for
/// B's bytes: verify and restore failed, both runs exited 0. Now each write is staged under its writer's own
/// key, verified there, and published under the key its content names.
/// </summary>
public sealed class OverlappingRunsTests : IntegrityTest
{
    [Fact]
    public async Task Two_overlapping_runs_with_a_force_push_between_them_leave_a_manifest_that_names_exactly_the_bytes_at_its_keys()
    {
        var repo = GitHub.CreateRepository("acme", "raced", r => r.Commit("main", "a.txt", "before\n").CommitBinary("main", "blob.bin", 64 * 1024, seed: 1));
        var before = repo.Refs();
        var bucket = await MotoServer.CreateBucketAsync(versioned: false);
        var dest = $"s3://{bucket}";
        await using var proxy = await S3FaultProxy.StartAsync();

        // Run A's read-back of its bundle (the verify) is answered by S3 but held: A has its own bytes in hand.
        var verifying = proxy.HoldResponse("GET", @"raced\.bundle$");
        var runA = BackupAsync(dest, s3Endpoint: proxy.Endpoint);
        await verifying.Reached.WaitAsync(TimeSpan.FromMinutes(3));

        repo.Mutate(r => r.DeleteRef("refs/heads/main").Commit("main", "a.txt", "rewritten\n"));
        var after = repo.Refs();
        var runB = await BackupAsync(dest, s3Endpoint: proxy.Endpoint);
        Assert.True(runB.ExitCode == 0, runB.ToString());
        verifying.Release();
        var a = await runA;
        Assert.True(a.ExitCode == 0, a.ToString());

        var entry = Assert.Single((await ManifestAsync(dest)).Repos);
        Assert.Equal(RepoStatus.Succeeded, entry.Status);
        await using (var stored = await Store(dest).OpenReadAsync(entry.BundleKey!, entry.BundleVersionId, CancellationToken.None))
        await using (var hashing = new Core.HashingReadStream(stored!))
        {
            await hashing.DrainAsync(CancellationToken.None);
            Assert.Equal(entry.Sha256, hashing.Sha256);
        }

        await AssertVerifiesAsync(dest);
        var restored = RefsOf(await RestoreAsync(dest, "raced"));
        Assert.Equal(restored["refs/heads/main"] == before["refs/heads/main"] ? before : after, restored);
        Assert.Equal(entry.HeadSha, restored["refs/heads/main"]);
    }
}
