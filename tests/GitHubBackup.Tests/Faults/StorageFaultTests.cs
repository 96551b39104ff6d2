using Amazon.S3.Model;
using GitHubBackup.Core.Contracts;
using GitHubBackup.Core.Storage;
using GitHubBackup.StandIn;
using GitHubBackup.Tests.Infrastructure;

namespace GitHubBackup.Tests.Faults;

/// <summary>Fault matrix, storage rows: S3 errors on the way in, through a proxy in front of moto_server.</summary>
public sealed class StorageFaultTests : StandInTest
{
    private async Task<(RunnerResult Result, string Bucket)> BackupThroughAsync(S3FaultProxy proxy)
    {
        var bucket = await MotoServer.CreateBucketAsync();
        var result = await RunnerProcess.RunAsync(
            ["backup", "--org", "acme", "--dest", $"s3://{bucket}", "--api-url", GitHub.ServerRoot.ToString(), "--s3-endpoint", proxy.Endpoint, "--concurrency", "2"],
            new Dictionary<string, string?>
            {
                ["GITHUB_TOKEN"] = GitHub.IssueUserToken(),
                ["AWS_ACCESS_KEY_ID"] = MotoServer.AccessKey,
                ["AWS_SECRET_ACCESS_KEY"] = MotoServer.SecretKey,
                ["AWS_REGION"] = "us-east-1",
            });
        return (result, bucket);
    }

    private static async Task AssertNothingPartialAsync(string bucket, BackupManifest manifest)
    {
        using var s3 = MotoServer.Client();
        Assert.Empty((await s3.ListMultipartUploadsAsync(new ListMultipartUploadsRequest { BucketName = bucket })).MultipartUploads ?? []);
        var store = new S3Store(MotoServer.Client(), bucket, "");
        foreach (var entry in manifest.Repos.Where(e => e.BundleKey is not null))
        {
            await using var stream = await store.OpenReadAsync(entry.BundleKey!, entry.BundleVersionId, CancellationToken.None);
            await using var hashing = new Core.HashingReadStream(stream!);
            await hashing.DrainAsync(CancellationToken.None);
            Assert.Equal(entry.Sha256, hashing.Sha256);
        }

        var versions = await s3.ListVersionsAsync(new ListVersionsRequest { BucketName = bucket, Prefix = "github-backup/" });
        // Published bundles are written once; staged ones (never referenced) are written, then deleted.
        Assert.All(versions.Versions.Where(v => v.Key.EndsWith(".bundle", StringComparison.Ordinal) && !v.Key.Contains("/.staging/", StringComparison.Ordinal)).GroupBy(v => v.Key), g => Assert.Single(g));
    }

    private static async Task<BackupManifest> ManifestAsync(string bucket)
    {
        var store = new S3Store(MotoServer.Client(), bucket, "");
        var content = await store.ReadAsync(BackupLayout.ManifestKey(BackupLayout.Date(DateTimeOffset.UtcNow), "acme"), CancellationToken.None);
        return CoreJson.Deserialize<BackupManifest>(content!.Content, "manifest");
    }

    [Fact]
    public async Task Storage_writes_that_fail_transiently_are_retried_leaving_no_duplicate_or_partial_object()
    {
        StandardCorpus.Create(GitHub, "acme");
        GitHub.Repository("acme", StandardCorpus.Binary).Mutate(r => r.CommitBinary("main", "more.bin", 9 << 20, seed: 11));
        await using var proxy = await S3FaultProxy.StartAsync();
        proxy.Fail("PUT", @"\.bundle\?.*partNumber=2", 500, times: 2);
        proxy.Fail("PUT", @"many-refs\.bundle$", 503, times: 1);
        proxy.Fail("PUT", @"manifest\.json$", 500, times: 1);

        var (result, bucket) = await BackupThroughAsync(proxy);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(4, proxy.Fired);
        var manifest = await ManifestAsync(bucket);
        Assert.Equal(StandardCorpus.Names.Count - 1, manifest.Totals.Succeeded);
        await AssertNothingPartialAsync(bucket, manifest);
    }

    [Fact]
    public async Task A_store_that_keeps_failing_for_one_repository_fails_that_repository_alone_and_leaves_nothing()
    {
        StandardCorpus.Create(GitHub, "acme");
        await using var proxy = await S3FaultProxy.StartAsync();
        proxy.Fail("PUT", $@"{StandardCorpus.Trunk}\.bundle", 500, times: 100);

        var (result, bucket) = await BackupThroughAsync(proxy);

        Assert.Equal(1, result.ExitCode);
        var manifest = await ManifestAsync(bucket);
        var failed = Assert.Single(manifest.Repos, r => r.Status == RepoStatus.Failed);
        Assert.Equal(StandardCorpus.Trunk, failed.Name);
        Assert.Contains("500", failed.Error, StringComparison.Ordinal);
        var objects = await MotoServer.Client().ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket, Prefix = "github-backup/" });
        Assert.DoesNotContain(objects.S3Objects ?? [], o => o.Key.Contains($"/{StandardCorpus.Trunk}.", StringComparison.Ordinal));
        await AssertNothingPartialAsync(bucket, manifest);
    }
}
