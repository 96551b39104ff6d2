using System.Buffers;
using System.Net;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

namespace GitHubBackup.Core.Storage;

/// <summary>
/// An S3 bucket, or any S3-compatible store, under an optional prefix. Objects stream in: up to one part
/// (8 MiB at first, growing so that 10,000 parts reach far past any repository) is held in memory per
/// upload; small objects go in one PutObject. Every request carries a SHA-256 checksum that S3 verifies.
/// A failed upload is aborted; an upload abandoned by a killed process is aborted by the next writer of
/// the same key (and by the bucket's lifecycle rule after a day).
/// </summary>
public sealed class S3Store(IAmazonS3 s3, string bucket, string prefix) : IBackupStore
{
    private const int FirstPartSize = 8 << 20;
    private const int PartsPerSizeStep = 1000;

    // 8 MiB << 6 = 512 MiB: parts stay addressable arrays, and 10,000 of them hold terabytes.
    private const int MaxSizeSteps = 6;

    private static readonly DateTime ProcessStarted = System.Diagnostics.Process.GetCurrentProcess().StartTime.ToUniversalTime();

    private const long MaxSingleCopyBytes = 5L << 30;
    private const long CopyPartBytes = 512L << 20;

    private readonly string _prefix = prefix.Trim('/') is { Length: > 0 } p ? p + "/" : "";
    private readonly S3ObjectLock _objectLock = new(s3, bucket);

    public string Bucket { get; } = bucket;

    public string Describe(string key) => $"s3://{Bucket}/{ObjectKey(key)}";

    /// <summary>The object's key in the bucket (the store's prefix included), for callers that address S3 directly.</summary>
    public string ObjectKey(string key) => _prefix + key;

    public async Task CheckUsableAsync(CancellationToken cancellationToken)
    {
        try
        {
            await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = Bucket, Prefix = _prefix, MaxKeys = 1 }, cancellationToken);
        }
        catch (AmazonS3Exception e) when (e.ErrorCode == "NoSuchBucket")
        {
            throw new ConfigurationException($"Bucket '{Bucket}' does not exist: create it, or fix the bucket name in --dest.", e);
        }
        catch (AmazonS3Exception e) when (e.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized)
        {
            throw new ConfigurationException(
                $"S3 refused access to bucket '{Bucket}' ({e.ErrorCode}): check the AWS credentials (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, profile or role) and that they may list and write the bucket.", e);
        }
        catch (AmazonClientException e)
        {
            throw new ConfigurationException($"Cannot use S3 bucket '{Bucket}': {FirstLine(e.Message)}. Check the AWS credentials, the region (AWS_REGION) and --s3-endpoint.", e);
        }
        catch (HttpRequestException e)
        {
            throw new ConfigurationException($"Cannot reach S3 for bucket '{Bucket}': {e.Message}. Check --s3-endpoint and the network.", e);
        }
    }

    public async Task<StoredObject> PutAsync(string key, Stream content, CancellationToken cancellationToken)
    {
        var objectKey = _prefix + key;
        var buffer = ArrayPool<byte>.Shared.Rent(PartSize(1));
        try
        {
            var filled = await FillAsync(content, buffer, PartSize(1), cancellationToken);
            if (filled < PartSize(1))
            {
                using var body = new MemoryStream(buffer, 0, filled, writable: false);
                var put = await s3.PutObjectAsync(
                    new PutObjectRequest { BucketName = Bucket, Key = objectKey, InputStream = body, AutoCloseStream = false, ChecksumAlgorithm = ChecksumAlgorithm.SHA256 },
                    cancellationToken);
                return new StoredObject(filled, VersionOf(put.VersionId));
            }

            return await PutMultipartAsync(objectKey, content, buffer, filled, cancellationToken);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public async Task<StoredObject> CopyAsync(string fromKey, string? fromVersionId, string toKey, CancellationToken cancellationToken)
    {
        // As in OpenReadAsync: a version id recorded as "null" (an object written before versioning) names no version.
        fromVersionId = VersionOf(fromVersionId);
        var source = await s3.GetObjectMetadataAsync(
            new GetObjectMetadataRequest { BucketName = Bucket, Key = _prefix + fromKey, VersionId = fromVersionId }, cancellationToken);
        if (source.ContentLength <= MaxSingleCopyBytes)
        {
            var request = new CopyObjectRequest
            {
                SourceBucket = Bucket,
                SourceKey = _prefix + fromKey,
                SourceVersionId = fromVersionId,
                DestinationBucket = Bucket,
                DestinationKey = _prefix + toKey,
                ChecksumAlgorithm = ChecksumAlgorithm.SHA256,
            };
            // A write into a bucket with a default Object Lock retention must name a checksum as Content-MD5 or
            // x-amz-sdk-checksum-algorithm (S3 API: PutObject, "Object Lock"); the SDK sends the latter only on
            // uploads, and moto 5 refuses a copy without it (MissingUploadObjectWithObjectLockHeaders).
            request.Headers["x-amz-sdk-checksum-algorithm"] = "SHA256";
            var copy = await s3.CopyObjectAsync(request, cancellationToken);
            // The copy's SHA-256 as S3 has it (S3 checks every checksum against the bytes it stores; moto computes it
            // while copying): proof of what the copy holds without a download. A composite (per-part) checksum is
            // not the bytes' digest, so it proves nothing and the caller reads the copy instead.
            return new StoredObject(
                source.ContentLength,
                VersionOf(copy.VersionId),
                copy.ChecksumType == ChecksumType.COMPOSITE ? null : HexOf(copy.ChecksumSHA256));
        }

        return await CopyMultipartAsync(fromKey, fromVersionId, toKey, source.ContentLength, cancellationToken);
    }

    public async Task<StoredObject> PublishAsync(string stagedKey, string key, CancellationToken cancellationToken)
    {
        var staged = await s3.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = Bucket, Key = _prefix + stagedKey }, cancellationToken);
        var published = await CopyAsync(stagedKey, null, key, cancellationToken);
        try
        {
            // On a versioned bucket a delete without a version only hides the staged bytes (a delete marker) and they
            // are billed until the noncurrent-version rule: removing the version itself stores every bundle once.
            await s3.DeleteObjectAsync(new DeleteObjectRequest { BucketName = Bucket, Key = _prefix + stagedKey, VersionId = VersionOf(staged.VersionId) }, cancellationToken);
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.Forbidden && VersionOf(staged.VersionId) is not null)
        {
            // Object Lock holds the staged version (the bucket's default retention applies to every write): hidden, it
            // goes when its retention and the noncurrent-version rule allow.
            await DeleteAsync(stagedKey, cancellationToken);
        }

        return published;
    }

    /// <summary>
    /// S3 cannot tell a live writer's object from a dead one's; a staged object lives minutes (written, verified,
    /// published), so one older than a day was left by a writer that is gone. (The bucket's lifecycle rules end the
    /// rest; a killed writer's upload is aborted by the next writer of the same object: <see cref="AbortAbandonedUploadsAsync"/>.)
    /// </summary>
    public async Task RemoveAbandonedAsync(string stagingPrefix, CancellationToken cancellationToken)
    {
        var request = new ListObjectsV2Request { BucketName = Bucket, Prefix = _prefix + stagingPrefix };
        var cutoff = DateTime.UtcNow.AddDays(-1);
        ListObjectsV2Response page;
        do
        {
            page = await s3.ListObjectsV2Async(request, cancellationToken);
            foreach (var abandoned in (page.S3Objects ?? []).Where(o => o.LastModified?.ToUniversalTime() < cutoff))
            {
                await s3.DeleteObjectAsync(new DeleteObjectRequest { BucketName = Bucket, Key = abandoned.Key }, cancellationToken);
            }

            request.ContinuationToken = page.NextContinuationToken;
        }
        while (page.IsTruncated == true);

    }

    public async Task<long?> SizeOfAsync(string key, string? versionId, CancellationToken cancellationToken)
    {
        try
        {
            var response = await s3.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = Bucket, Key = _prefix + key, VersionId = VersionOf(versionId) }, cancellationToken);
            return response.ContentLength;
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public async Task<Stream?> OpenReadAsync(string key, string? versionId, CancellationToken cancellationToken)
    {
        try
        {
            var response = await s3.GetObjectAsync(new GetObjectRequest { BucketName = Bucket, Key = _prefix + key, VersionId = VersionOf(versionId) }, cancellationToken);
            return response.ResponseStream;
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public async Task<TaggedContent?> ReadAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await s3.GetObjectAsync(new GetObjectRequest { BucketName = Bucket, Key = _prefix + key }, cancellationToken);
            using var content = new MemoryStream();
            await response.ResponseStream.CopyToAsync(content, cancellationToken);
            return new TaggedContent(content.ToArray(), response.ETag);
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public async Task<bool> TryWriteAsync(string key, byte[] content, string? expectedTag, CancellationToken cancellationToken)
    {
        using var body = new MemoryStream(content, writable: false);
        var request = new PutObjectRequest
        {
            BucketName = Bucket,
            Key = _prefix + key,
            InputStream = body,
            ContentType = "application/json",
            ChecksumAlgorithm = ChecksumAlgorithm.SHA256,
        };
        if (expectedTag is null)
        {
            request.IfNoneMatch = "*";
        }
        else
        {
            request.IfMatch = expectedTag;
        }

        try
        {
            await s3.PutObjectAsync(request, cancellationToken);
            return true;
        }
        catch (AmazonS3Exception e) when (e.StatusCode is HttpStatusCode.PreconditionFailed or HttpStatusCode.Conflict)
        {
            // 409 ConditionalRequestConflict: another conditional write to the key is in flight.
            return false;
        }
    }

    public async Task<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken cancellationToken)
    {
        var names = new List<string>();
        var fullPrefix = _prefix + prefix;
        var request = new ListObjectsV2Request { BucketName = Bucket, Prefix = fullPrefix, Delimiter = "/" };
        ListObjectsV2Response page;
        do
        {
            page = await s3.ListObjectsV2Async(request, cancellationToken);
            names.AddRange((page.CommonPrefixes ?? []).Select(p => p[fullPrefix.Length..]));
            names.AddRange((page.S3Objects ?? []).Select(o => o.Key[fullPrefix.Length..]).Where(n => n.Length > 0));
            request.ContinuationToken = page.NextContinuationToken;
        }
        while (page.IsTruncated == true);

        return names.Order(StringComparer.Ordinal).ToList();
    }

    public Task DeleteAsync(string key, CancellationToken cancellationToken) =>
        s3.DeleteObjectAsync(new DeleteObjectRequest { BucketName = Bucket, Key = _prefix + key }, cancellationToken);

    public Task RetainAsync(string key, string? versionId, CancellationToken cancellationToken) =>
        _objectLock.ExtendAsync(_prefix + key, VersionOf(versionId), cancellationToken);

    /// <summary>
    /// An unversioned bucket answers a multipart upload with version id "null" (moto, some S3-compatible stores),
    /// and <c>?versionId=null</c> is then refused (moto: 400). Only a versioned bucket's ids are ids; older
    /// manifests that recorded "null" read the same way.
    /// </summary>
    private static string? VersionOf(string? versionId) => versionId is null or "" or "null" ? null : versionId;

    private static string? HexOf(string? base64Sha256) =>
        base64Sha256 is { Length: > 0 } && !base64Sha256.Contains('-') ? Convert.ToHexStringLower(Convert.FromBase64String(base64Sha256)) : null;

    private static int PartSize(int partNumber) => FirstPartSize << Math.Min((partNumber - 1) / PartsPerSizeStep, MaxSizeSteps);

    private static async Task<int> FillAsync(Stream content, byte[] buffer, int size, CancellationToken cancellationToken)
    {
        var filled = 0;
        while (filled < size)
        {
            var read = await content.ReadAsync(buffer.AsMemory(filled, size - filled), cancellationToken);
            if (read == 0)
            {
                break;
            }

            filled += read;
        }

        return filled;
    }

    private static string FirstLine(string text) => text.Split('\n', 2)[0].TrimEnd('.', '\r');

    private async Task<StoredObject> PutMultipartAsync(string objectKey, Stream content, byte[] firstPart, int firstFilled, CancellationToken cancellationToken)
    {
        await AbortAbandonedUploadsAsync(objectKey, cancellationToken);
        var upload = await s3.InitiateMultipartUploadAsync(
            new InitiateMultipartUploadRequest { BucketName = Bucket, Key = objectKey, ChecksumAlgorithm = ChecksumAlgorithm.SHA256 },
            cancellationToken);
        try
        {
            var parts = new List<PartETag>();
            long total = 0;
            var buffer = firstPart;
            var filled = firstFilled;
            for (var partNumber = 1; filled > 0; partNumber++)
            {
                using (var body = new MemoryStream(buffer, 0, filled, writable: false))
                {
                    var part = await s3.UploadPartAsync(
                        new UploadPartRequest
                        {
                            BucketName = Bucket,
                            Key = objectKey,
                            UploadId = upload.UploadId,
                            PartNumber = partNumber,
                            InputStream = body,
                            PartSize = filled,
                            ChecksumAlgorithm = ChecksumAlgorithm.SHA256,
                        },
                        cancellationToken);
                    parts.Add(new PartETag { PartNumber = partNumber, ETag = part.ETag, ChecksumSHA256 = part.ChecksumSHA256 });
                }

                total += filled;
                var nextSize = PartSize(partNumber + 1);
                if (nextSize > buffer.Length)
                {
                    if (!ReferenceEquals(buffer, firstPart))
                    {
                        ArrayPool<byte>.Shared.Return(buffer);
                    }

                    buffer = ArrayPool<byte>.Shared.Rent(nextSize);
                }

                filled = await FillAsync(content, buffer, nextSize, cancellationToken);
            }

            if (!ReferenceEquals(buffer, firstPart))
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }

            var completed = await s3.CompleteMultipartUploadAsync(
                new CompleteMultipartUploadRequest { BucketName = Bucket, Key = objectKey, UploadId = upload.UploadId, PartETags = parts },
                cancellationToken);
            return new StoredObject(total, VersionOf(completed.VersionId));
        }
        catch
        {
            await s3.AbortMultipartUploadAsync(
                new AbortMultipartUploadRequest { BucketName = Bucket, Key = objectKey, UploadId = upload.UploadId },
                CancellationToken.None);
            throw;
        }
    }

    /// <summary>Objects over 5 GiB cannot be copied in one request; their parts are copied server-side.</summary>
    private async Task<StoredObject> CopyMultipartAsync(string fromKey, string? fromVersionId, string toKey, long size, CancellationToken cancellationToken)
    {
        var objectKey = _prefix + toKey;
        await AbortAbandonedUploadsAsync(objectKey, cancellationToken);
        var upload = await s3.InitiateMultipartUploadAsync(
            new InitiateMultipartUploadRequest { BucketName = Bucket, Key = objectKey, ChecksumAlgorithm = ChecksumAlgorithm.SHA256 }, cancellationToken);
        try
        {
            var parts = new List<PartETag>();
            for (long offset = 0, partNumber = 1; offset < size; offset += CopyPartBytes, partNumber++)
            {
                var part = await s3.CopyPartAsync(
                    new CopyPartRequest
                    {
                        SourceBucket = Bucket,
                        SourceKey = _prefix + fromKey,
                        SourceVersionId = fromVersionId,
                        DestinationBucket = Bucket,
                        DestinationKey = objectKey,
                        UploadId = upload.UploadId,
                        PartNumber = (int)partNumber,
                        FirstByte = offset,
                        LastByte = Math.Min(offset + CopyPartBytes, size) - 1,
                    },
                    cancellationToken);
                parts.Add(new PartETag { PartNumber = (int)partNumber, ETag = part.ETag, ChecksumSHA256 = part.ChecksumSHA256 });
            }

            var completed = await s3.CompleteMultipartUploadAsync(
                new CompleteMultipartUploadRequest { BucketName = Bucket, Key = objectKey, UploadId = upload.UploadId, PartETags = parts }, cancellationToken);
            // A multipart copy's checksum is of its parts, not of the bytes: the caller measures them itself.
            return new StoredObject(size, VersionOf(completed.VersionId));
        }
        catch
        {
            await s3.AbortMultipartUploadAsync(new AbortMultipartUploadRequest { BucketName = Bucket, Key = objectKey, UploadId = upload.UploadId }, CancellationToken.None);
            throw;
        }
    }

    /// <summary>
    /// Uploads of this key begun before this process started are a killed writer's (a writer that started after
    /// us is alive). A live writer whose upload is aborted anyway (it started before us) retries its store.
    /// A staged key names its writer (see <see cref="Contracts.BackupLayout.StagingKey"/>): the same object staged by an
    /// earlier writer, under its own writer folder, is the same key for this purpose.
    /// </summary>
    private async Task AbortAbandonedUploadsAsync(string objectKey, CancellationToken cancellationToken)
    {
        var staging = _prefix + Contracts.BackupLayout.StagingPrefix;
        var (listed, sameObject) = objectKey.StartsWith(staging, StringComparison.Ordinal)
            ? (staging, (Func<string, bool>)(key => key.StartsWith(staging, StringComparison.Ordinal) && AfterWriter(key[staging.Length..]) == AfterWriter(objectKey[staging.Length..])))
            : (objectKey, key => key == objectKey);
        var uploads = await s3.ListMultipartUploadsAsync(new ListMultipartUploadsRequest { BucketName = Bucket, Prefix = listed }, cancellationToken);
        foreach (var abandoned in (uploads.MultipartUploads ?? []).Where(u => sameObject(u.Key) && u.Initiated?.ToUniversalTime() < ProcessStarted))
        {
            await s3.AbortMultipartUploadAsync(
                new AbortMultipartUploadRequest { BucketName = Bucket, Key = abandoned.Key, UploadId = abandoned.UploadId },
                cancellationToken);
        }
    }

    private static string AfterWriter(string stagedPath) => stagedPath[(stagedPath.IndexOf('/', StringComparison.Ordinal) + 1)..];
}
