using Amazon.S3;
using Amazon.S3.Model;
using GitHubBackup.Tests.Infrastructure;

namespace GitHubBackup.Tests.Integrity;

/// <summary>
/// Issue 15, "Object Lock still protects every object a locked snapshot needs, for as long as that snapshot is kept":
/// snapshots now share an unchanged repository's bundle instead of writing a new (freshly locked) copy, so each night
/// extends the shared object's retention to that night plus the bucket's default; and prune on a locked, versioned
/// bucket never breaks a kept snapshot (its manifest names the versions it needs). Nights run under faketime.
/// </summary>
public sealed class ObjectLockTests : IntegrityTest
{
    private const int RetentionDays = 3;

    [Fact]
    public async Task A_shared_bundle_stays_locked_as_long_as_the_newest_snapshot_needing_it_and_prune_keeps_what_kept_snapshots_need()
    {
        var bucket = $"lock-{Guid.NewGuid():N}";
        using var s3 = MotoServer.Client();
        await s3.PutBucketAsync(new PutBucketRequest { BucketName = bucket, ObjectLockEnabledForBucket = true });
        await s3.PutObjectLockConfigurationAsync(new PutObjectLockConfigurationRequest
        {
            BucketName = bucket,
            ObjectLockConfiguration = new ObjectLockConfiguration
            {
                ObjectLockEnabled = ObjectLockEnabled.Enabled,
                Rule = new ObjectLockRule { DefaultRetention = new DefaultRetention { Mode = ObjectLockRetentionMode.Governance, Days = RetentionDays } },
            },
        });
        var repo = GitHub.CreateRepository("acme", "steady", r => r.Commit("main", "a.txt", "1\n").AnnotatedTag("v1", "main", "one"));
        var dest = $"s3://{bucket}";

        var night0 = await BackupAsync(dest);
        Assert.True(night0.ExitCode == 0, night0.ToString());
        var first = Assert.Single((await ManifestAsync(dest)).Repos);
        var lockedFirst = await RetainUntilAsync(s3, bucket, first.BundleKey!, first.BundleVersionId);

        var later = await BackupAsync(dest, days: 2);

        Assert.True(later.ExitCode == 0, later.ToString());
        var carried = Assert.Single((await ManifestAsync(dest)).Repos);
        Assert.Equal(first.BundleKey, carried.BundleKey);
        var lockedLater = await RetainUntilAsync(s3, bucket, carried.BundleKey!, carried.BundleVersionId);
        // Written on night 0 it was locked until about night 3; the snapshot of night 2 needs it until about night 5.
        Assert.True(lockedLater >= lockedFirst.AddDays(2).AddHours(-1), $"retain-until {lockedFirst:o} then {lockedLater:o}");

        var prune = await RunnerProcess.RunAsync(["prune", "--from", dest, "--s3-endpoint", MotoServer.Endpoint, "--keep-daily", "1", "--yes"], Environment);

        Assert.True(prune.ExitCode == 0, prune.ToString());
        Assert.Contains("Deleted 1 snapshot(s)", prune.Stdout, StringComparison.Ordinal);
        await AssertVerifiesAsync(dest);
        Assert.Equal(repo.Refs(), RefsOf(await RestoreAsync(dest, "steady")));
    }

    private static async Task<DateTime> RetainUntilAsync(IAmazonS3 s3, string bucket, string key, string? versionId)
    {
        var head = await s3.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = bucket, Key = key, VersionId = versionId });
        return head.ObjectLockRetainUntilDate ?? throw new InvalidOperationException($"{key} is not locked");
    }
}
