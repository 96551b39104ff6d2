using Amazon.S3.Model;
using GitHubBackup.Core.Contracts;
using GitHubBackup.Core.Runs;
using GitHubBackup.Tests.Infrastructure;

namespace GitHubBackup.Tests.Integrity;

/// <summary>
/// Issue 13, finding 2: one flipped byte of a stored bundle was carried (a hard link, the same inode) into every
/// later snapshot, because "unchanged" compared only the size. Issue 15: snapshots now share one object, which is
/// proven on the scrub schedule (a bundle relied on by 8 nights is due after 3) to hold the recorded SHA-256
/// (one read of the object, hashed), and a changed repository's layers are
/// proven by restoring them as its seed. Rot is repaired from GitHub and reported: in the run's output, the manifest
/// entry's "repaired", totals and a metric.
/// </summary>
public sealed class BundleRotTests : IntegrityTest
{
    [Fact]
    public async Task A_flipped_byte_in_a_shared_local_bundle_is_found_when_it_is_proven_repaired_from_github_and_reported()
    {
        var dest = LocalDest;
        await AssertRotIsRepairedAsync(dest, entry =>
        {
            using var file = new FileStream(Path.Combine(dest, entry.BundleKey!), FileMode.Open, FileAccess.ReadWrite);
            FlipMiddleByte(file);
            return Task.CompletedTask;
        });
    }

    [Fact]
    public async Task A_flipped_byte_in_a_shared_s3_bundle_is_found_when_it_is_proven_and_repaired()
    {
        var bucket = await MotoServer.CreateBucketAsync(versioned: false);
        await AssertRotIsRepairedAsync($"s3://{bucket}", async entry =>
        {
            using var s3 = MotoServer.Client();
            using var stored = new MemoryStream();
            using (var get = await s3.GetObjectAsync(bucket, entry.BundleKey))
            {
                await get.ResponseStream.CopyToAsync(stored);
            }

            FlipMiddleByte(stored);
            stored.Position = 0;
            // Bytes changed behind the tool's back, with no checksum to give them away.
            await s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = entry.BundleKey, InputStream = stored, DisablePayloadSigning = false });
        });
    }

    [Fact]
    public void Repaired_repositories_are_a_metric()
    {
        var summary = new RunSummary
        {
            RunId = "r", Org = "acme", Date = "2026-12-02", ManifestKey = "m",
            Totals = new ManifestTotals { Repos = 2, Succeeded = 2, Repaired = 1 },
            Failed = 0, FailedRepos = [], RetryBatches = [],
        };

        var line = RunMetrics.EmbeddedMetricLine(summary, RunSummarizer.FinalStage, DateTimeOffset.UnixEpoch);

        Assert.Contains("\"Name\":\"ReposRepaired\"", line, StringComparison.Ordinal);
        Assert.Contains("\"ReposRepaired\":1", line, StringComparison.Ordinal);
    }

    private async Task AssertRotIsRepairedAsync(string dest, Func<RepoEntry, Task> rot)
    {
        var repo = GitHub.CreateRepository("acme", "steady", r => r.Commit("main", "a.txt", "one\n").CommitBinary("main", "data.bin", 32 * 1024, seed: 7).AnnotatedTag("v1", "main", "one"));
        Assert.Equal(0, (await BackupAsync(dest)).ExitCode);
        var yesterday = Assert.Single((await ManifestAsync(dest)).Repos);
        await rot(yesterday);
        var clones = GitHub.Log.Clones("acme/steady");

        var today = await BackupAsync(dest, days: 7);

        Assert.True(today.ExitCode == 0, today.ToString());
        Assert.Contains("repaired", today.Stdout, StringComparison.Ordinal);
        var manifest = await ManifestAsync(dest);
        var entry = Assert.Single(manifest.Repos);
        Assert.Equal(RepoStatus.Succeeded, entry.Status);
        // A fresh bundle of the same refs may be the same bytes, and then its key is the rotten object's: repaired in place.
        Assert.Equal(entry.Sha256, Sha256Of(await Store(dest).OpenReadAsync(entry.BundleKey!, entry.BundleVersionId, CancellationToken.None)));
        Assert.Contains(yesterday.BundleKey!, entry.Repaired, StringComparison.Ordinal);
        Assert.Contains(yesterday.Sha256!, entry.Repaired, StringComparison.Ordinal);
        Assert.Equal(1, manifest.Totals.Repaired);
        Assert.Equal(clones + 1, GitHub.Log.Clones("acme/steady"));
        await AssertVerifiesAsync(dest);
        Assert.Equal(repo.Refs(), RefsOf(await RestoreAsync(dest, "steady")));

        // The day after, the repaired bundle is carried as any unchanged one.
        Assert.Equal(0, (await BackupAsync(dest, days: 8)).ExitCode);
        var next = Assert.Single((await ManifestAsync(dest)).Repos);
        Assert.Equal(RepoStatus.Unchanged, next.Status);
        Assert.Equal(entry.BundleKey, next.BundleKey);
        Assert.Null(next.Repaired);
    }

    [Fact]
    public async Task A_flipped_byte_in_the_bundle_a_changed_repository_builds_on_is_found_by_its_seed_and_repaired()
    {
        var dest = LocalDest;
        var repo = GitHub.CreateRepository("acme", "moving", r => r.Commit("main", "a.txt", "one\n").CommitBinary("main", "data.bin", 32 * 1024, seed: 8));
        Assert.Equal(0, (await BackupAsync(dest)).ExitCode);
        var yesterday = Assert.Single((await ManifestAsync(dest)).Repos);
        await using (var file = new FileStream(Path.Combine(dest, yesterday.BundleKey!), FileMode.Open, FileAccess.ReadWrite))
        {
            FlipMiddleByte(file);
        }

        repo.Mutate(r => r.Commit("main", "b.txt", "two\n"));
        var today = await BackupAsync(dest, days: 1);

        Assert.True(today.ExitCode == 0, today.ToString());
        var entry = Assert.Single((await ManifestAsync(dest)).Repos);
        Assert.Equal(RepoStatus.Succeeded, entry.Status);
        Assert.Contains(yesterday.BundleKey!, entry.Repaired, StringComparison.Ordinal);
        // Not built on the rotten bundle: a full bundle from a full clone, alone.
        var layer = Assert.Single(entry.Layers!);
        Assert.False(layer.Incremental);
        Assert.Equal(repo.Refs(), RefsOf(await RestoreAsync(dest, "moving")));
    }

    private static string Sha256Of(Stream? stored)
    {
        using var read = stored ?? throw new FileNotFoundException("the bundle is gone");
        return Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(read));
    }

    private static void FlipMiddleByte(Stream stream)
    {
        stream.Position = stream.Length / 2;
        var original = stream.ReadByte();
        stream.Position = stream.Length / 2;
        stream.WriteByte((byte)(original ^ 0x01));
    }
}
