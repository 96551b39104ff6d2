using Amazon.S3;
using GitHubBackup.Core.Contracts;

namespace GitHubBackup.Bench.Nights;

/// <summary>A versioned bucket on the benchmark's moto_server; restores go through a counter of the bytes S3 sends.</summary>
internal sealed class BucketDestination(MotoServer moto, string bucket, S3ReadCounter counter) : Destination
{
    public override string Kind => "S3";

    public override IReadOnlyList<string> BackupArguments => ["--dest", $"s3://{bucket}", "--s3-endpoint", moto.Endpoint];

    public override async Task<StoredBytes> StoredBytesAsync()
    {
        using var s3 = moto.Client();
        return await StoredBytes.InBucketAsync(s3, bucket);
    }

    public override async Task<bool> HasSnapshotAsync(string date)
    {
        using var s3 = moto.Client();
        try
        {
            await s3.GetObjectMetadataAsync(bucket, BackupLayout.ManifestKey(date, NightlyCorpus.Org));
            return true;
        }
        catch (AmazonS3Exception e) when (e.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    public override async Task<RestoreCost> RestoreAsync(RunnerInvocation runner, string date, string to)
    {
        var before = counter.BytesRead;
        var run = await runner.RunAsync($"restore of {date} from s3://{bucket}", [.. RestoreArguments($"s3://{bucket}", date, to), "--s3-endpoint", counter.Endpoint]);
        return new RestoreCost(run.Wall, counter.BytesRead - before);
    }
}
