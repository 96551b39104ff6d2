using Amazon.S3;
using Amazon.S3.Model;
using GitHubBackup.Core.Storage;
using GitHubBackup.Tests.Infrastructure;

namespace GitHubBackup.Tests.Storage;

/// <summary>
/// S3Store.RetainAsync over moto_server's Object Lock (moto 5.2: buckets with Object Lock, default retention applied to
/// new versions, PutObjectRetention, the lock in HeadObject; it does not serve GetObjectRetention and does not refuse a
/// shortened retention, so "never shortened" is the store's own rule, checked here by its result).
/// </summary>
public sealed class S3ObjectLockTests
{
    private const string Key = "github-backup/objects/acme/api/carried.bundle";

    private static async Task<string> LockedBucketAsync(ObjectLockRetentionMode mode, int days)
    {
        var bucket = $"test-lock-{Guid.NewGuid():N}";
        using var s3 = MotoServer.Client();
        await s3.PutBucketAsync(new PutBucketRequest { BucketName = bucket, ObjectLockEnabledForBucket = true });
        await s3.PutObjectLockConfigurationAsync(new PutObjectLockConfigurationRequest
        {
            BucketName = bucket,
            ObjectLockConfiguration = new ObjectLockConfiguration
            {
                ObjectLockEnabled = ObjectLockEnabled.Enabled,
                Rule = new ObjectLockRule { DefaultRetention = new DefaultRetention { Mode = mode, Days = days } },
            },
        });
        return bucket;
    }

    /// <summary>An earlier night's object: written, and its lock now running out (set as if it had been written days ago).</summary>
    private static async Task<string?> CarriedObjectAsync(string bucket, DateTime retainUntil, ObjectLockRetentionMode mode)
    {
        var put = await new S3Store(MotoServer.Client(), bucket, "").PutAsync(Key, new MemoryStream([1, 2, 3]), CancellationToken.None);
        using var s3 = MotoServer.Client();
        await s3.PutObjectRetentionAsync(new PutObjectRetentionRequest
        {
            BucketName = bucket, Key = Key, VersionId = put.VersionId, BypassGovernanceRetention = true,
            Retention = new ObjectLockRetention { Mode = mode, RetainUntilDate = retainUntil },
        });
        return put.VersionId;
    }

    private static async Task<GetObjectMetadataResponse> LockOfAsync(string bucket, string? versionId)
    {
        using var s3 = MotoServer.Client();
        return await s3.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = bucket, Key = Key, VersionId = versionId });
    }

    private static DateTime Seconds(DateTime time) => new(time.Ticks - (time.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Utc);

    [Fact]
    public async Task A_carried_object_is_locked_again_for_the_buckets_default_retention_from_now()
    {
        var bucket = await LockedBucketAsync(ObjectLockRetentionMode.Governance, 30);
        var versionId = await CarriedObjectAsync(bucket, DateTime.UtcNow.AddHours(1), ObjectLockRetentionMode.Governance);
        var store = new S3Store(MotoServer.Client(), bucket, "");

        var before = Seconds(DateTime.UtcNow);
        await store.RetainAsync(Key, versionId, CancellationToken.None);
        var after = DateTime.UtcNow.AddSeconds(1);

        var lockNow = await LockOfAsync(bucket, versionId);
        var until = lockNow.ObjectLockRetainUntilDate!.Value.ToUniversalTime();
        Assert.InRange(until, before.AddDays(30), after.AddDays(30));
        Assert.Equal(ObjectLockMode.Governance, lockNow.ObjectLockMode);
    }

    [Fact]
    public async Task A_later_retain_until_date_is_never_shortened_and_compliance_stays_compliance()
    {
        var bucket = await LockedBucketAsync(ObjectLockRetentionMode.Governance, 30);
        var later = Seconds(DateTime.UtcNow.AddDays(400));
        var longLocked = await CarriedObjectAsync(bucket, later, ObjectLockRetentionMode.Governance);
        var store = new S3Store(MotoServer.Client(), bucket, "");

        await store.RetainAsync(Key, longLocked, CancellationToken.None);

        Assert.Equal(later, (await LockOfAsync(bucket, longLocked)).ObjectLockRetainUntilDate!.Value.ToUniversalTime());

        var compliant = await CarriedObjectAsync(bucket, DateTime.UtcNow.AddHours(1), ObjectLockRetentionMode.Compliance);
        await store.RetainAsync(Key, compliant, CancellationToken.None);

        var lockNow = await LockOfAsync(bucket, compliant);
        Assert.Equal(ObjectLockMode.Compliance, lockNow.ObjectLockMode);
        Assert.True(lockNow.ObjectLockRetainUntilDate!.Value.ToUniversalTime() > DateTime.UtcNow.AddDays(29));
    }

    /// <summary>
    /// A bucket without Object Lock answers GetObjectLockConfiguration with ObjectLockConfigurationNotFoundError, and
    /// moto refuses PutObjectRetention there: RetainAsync succeeding proves it asked nothing more.
    /// </summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task On_a_bucket_without_object_lock_retaining_is_nothing_and_fails_no_request(bool versioned)
    {
        var bucket = await MotoServer.CreateBucketAsync(versioned);
        var store = new S3Store(MotoServer.Client(), bucket, "");
        var put = await store.PutAsync(Key, new MemoryStream([1, 2, 3]), CancellationToken.None);

        await store.RetainAsync(Key, put.VersionId, CancellationToken.None);
        await store.RetainAsync(Key, put.VersionId, CancellationToken.None);

        Assert.Null((await LockOfAsync(bucket, put.VersionId)).ObjectLockRetainUntilDate);
    }

    /// <summary>Object Lock enabled without a default retention: a fresh object gets no lock, so a carried one gets none either.</summary>
    [Fact]
    public async Task A_locked_bucket_without_a_default_retention_extends_nothing()
    {
        var bucket = $"test-lock-{Guid.NewGuid():N}";
        using (var s3 = MotoServer.Client())
        {
            await s3.PutBucketAsync(new PutBucketRequest { BucketName = bucket, ObjectLockEnabledForBucket = true });
        }

        var store = new S3Store(MotoServer.Client(), bucket, "");
        var put = await store.PutAsync(Key, new MemoryStream([1, 2, 3]), CancellationToken.None);

        await store.RetainAsync(Key, put.VersionId, CancellationToken.None);

        Assert.Null((await LockOfAsync(bucket, put.VersionId)).ObjectLockRetainUntilDate);
    }
}
