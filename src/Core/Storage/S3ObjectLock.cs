using Amazon.S3;
using Amazon.S3.Model;

namespace GitHubBackup.Core.Storage;

/// <summary>
/// Extends the Object Lock retention of a version a new snapshot carries to what a freshly written object gets: the
/// bucket's default retention (mode and Days or Years, read once and kept; a bucket without Object Lock or without a
/// default retention means nothing to do), counted from now. A later retain-until date is never shortened (GOVERNANCE
/// would need a bypass, COMPLIANCE forbids it), and a COMPLIANCE lock is never turned into GOVERNANCE.
/// </summary>
internal sealed class S3ObjectLock(IAmazonS3 s3, string bucket)
{
    private Task<DefaultRetention?>? _defaultRetention;

    public async Task ExtendAsync(string objectKey, string? versionId, CancellationToken cancellationToken)
    {
        if (await DefaultRetentionAsync(cancellationToken) is not { } retention)
        {
            return;
        }

        var now = DateTime.UtcNow;
        var until = retention.Years > 0 ? now.AddYears(retention.Years.Value) : now.AddDays(retention.Days ?? 0);
        // HeadObject shows the version's lock (with s3:GetObjectRetention); moto does not serve GetObjectRetention.
        var current = await s3.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = bucket, Key = objectKey, VersionId = versionId }, cancellationToken);
        if (current.ObjectLockRetainUntilDate is { } existing && existing.ToUniversalTime() >= until)
        {
            return;
        }

        var mode = current.ObjectLockMode == ObjectLockMode.Compliance ? ObjectLockRetentionMode.Compliance : retention.Mode;
        await s3.PutObjectRetentionAsync(
            new PutObjectRetentionRequest
            {
                BucketName = bucket,
                Key = objectKey,
                VersionId = versionId,
                Retention = new ObjectLockRetention { Mode = mode, RetainUntilDate = until },
            },
            cancellationToken);
    }

    /// <summary>Read once per store and shared by every caller; a read that failed is tried again by the next caller.</summary>
    private async Task<DefaultRetention?> DefaultRetentionAsync(CancellationToken cancellationToken)
    {
        var pending = _defaultRetention ??= ReadDefaultRetentionAsync();
        try
        {
            return await pending.WaitAsync(cancellationToken);
        }
        catch (Exception) when (pending.IsFaulted)
        {
            _ = Interlocked.CompareExchange(ref _defaultRetention, null, pending);
            throw;
        }
    }

    private async Task<DefaultRetention?> ReadDefaultRetentionAsync()
    {
        try
        {
            var response = await s3.GetObjectLockConfigurationAsync(new GetObjectLockConfigurationRequest { BucketName = bucket }, CancellationToken.None);
            var configuration = response.ObjectLockConfiguration;
            return configuration?.ObjectLockEnabled == ObjectLockEnabled.Enabled && configuration.Rule?.DefaultRetention is { Mode: not null } retention
                && (retention.Days > 0 || retention.Years > 0)
                ? retention
                : null;
        }
        catch (AmazonS3Exception e) when (e.ErrorCode == "ObjectLockConfigurationNotFoundError")
        {
            return null;
        }
    }
}
