using Amazon.S3;
using Amazon.S3.Model;

namespace GitHubBackup.Bench;

/// <summary>
/// What a destination costs to keep (<see cref="Billed"/>) and what its current objects hold (<see cref="Current"/>).
/// They differ on a versioned bucket: an object overwritten or deleted (a staged upload, a rewritten manifest) is still
/// billed, as a noncurrent version, until a lifecycle rule expires it.
/// </summary>
internal sealed record StoredBytes(long Billed, long Current)
{
    /// <summary>Disk used under the directory, each hard-linked file once (du -sb).</summary>
    public static StoredBytes InDirectory(string directory)
    {
        var used = ProcessSampler.DataBytes(directory);
        return new StoredBytes(used, used);
    }

    /// <summary>Every version of every object in the bucket, and the current versions alone.</summary>
    public static async Task<StoredBytes> InBucketAsync(IAmazonS3 s3, string bucket)
    {
        long billed = 0;
        long current = 0;
        var request = new ListVersionsRequest { BucketName = bucket };
        ListVersionsResponse page;
        do
        {
            page = await s3.ListVersionsAsync(request);
            var versions = page.Versions?.Where(v => v.IsDeleteMarker != true).ToList() ?? [];
            billed += versions.Sum(v => v.Size ?? 0);
            current += versions.Where(v => v.IsLatest == true).Sum(v => v.Size ?? 0);
            request.KeyMarker = page.NextKeyMarker;
            request.VersionIdMarker = page.NextVersionIdMarker;
        }
        while (page.IsTruncated == true);

        return new StoredBytes(billed, current);
    }
}
