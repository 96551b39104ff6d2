using Amazon.S3.Model;
using GitHubBackup.Core;
using GitHubBackup.Core.Storage;
using GitHubBackup.Tests.Infrastructure;

namespace GitHubBackup.Tests.Storage;

/// <summary>The store contract over the real S3 protocol (moto_server).</summary>
public sealed class S3StoreTests : StoreContractTests
{
    private const string Prefix = "team/backups";

    protected override async Task<IBackupStore> CreateStoreAsync() =>
        new S3Store(MotoServer.Client(), await MotoServer.CreateBucketAsync(), Prefix);

    protected override async Task LeaveAbandonedWriteAsync(IBackupStore store, string key)
    {
        var s3 = (S3Store)store;
        using var client = MotoServer.Client();
        await client.InitiateMultipartUploadAsync(new InitiateMultipartUploadRequest { BucketName = s3.Bucket, Key = $"{Prefix}/{key}" });
    }

    protected override async Task<int> AbandonedWritesAsync(IBackupStore store, string key)
    {
        using var client = MotoServer.Client();
        var uploads = await client.ListMultipartUploadsAsync(new ListMultipartUploadsRequest { BucketName = ((S3Store)store).Bucket });
        return (uploads.MultipartUploads ?? []).Count(u => u.Key == $"{Prefix}/{key}");
    }

    [Fact]
    public async Task Objects_land_under_the_prefix_and_describe_themselves_as_s3_addresses()
    {
        var store = (S3Store)await CreateStoreAsync();

        await store.PutAsync("github-backup/x.bundle", new MemoryStream([1, 2, 3]), CancellationToken.None);

        using var client = MotoServer.Client();
        var listed = await client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = store.Bucket });
        Assert.Equal([$"{Prefix}/github-backup/x.bundle"], listed.S3Objects.Select(o => o.Key));
        Assert.Equal($"s3://{store.Bucket}/{Prefix}/github-backup/x.bundle", store.Describe("github-backup/x.bundle"));
    }

    [Fact]
    public async Task A_bucket_that_does_not_exist_is_refused_with_a_clear_message()
    {
        var store = new S3Store(MotoServer.Client(), "no-such-bucket-here", "");

        var error = await Assert.ThrowsAsync<ConfigurationException>(() => store.CheckUsableAsync(CancellationToken.None));

        Assert.Contains("Bucket 'no-such-bucket-here' does not exist", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Versioned_buckets_report_the_version_that_was_written()
    {
        var store = await CreateStoreAsync();

        var first = await store.PutAsync("a.bundle", new MemoryStream([1]), CancellationToken.None);
        await store.PutAsync("a.bundle", new MemoryStream([2]), CancellationToken.None);

        Assert.NotNull(first.VersionId);
        await using var old = await store.OpenReadAsync("a.bundle", first.VersionId, CancellationToken.None);
        Assert.Equal(1, old!.ReadByte());
    }

    /// <summary>
    /// Issue 15's 35-night benchmark found a versioned bucket holding every bundle twice: publishing deleted the staged
    /// object without its version, which only adds a delete marker (S3 user guide, "Deleting object versions").
    /// </summary>
    [Fact]
    public async Task Publishing_on_a_versioned_bucket_leaves_no_version_of_the_staged_object()
    {
        var store = (S3Store)await CreateStoreAsync();
        await store.PutAsync("github-backup/.staging/w/x.bundle", new MemoryStream([1, 2, 3]), CancellationToken.None);

        await store.PublishAsync("github-backup/.staging/w/x.bundle", "github-backup/objects/acme/x/y.bundle", CancellationToken.None);

        using var s3 = MotoServer.Client();
        var versions = await s3.ListVersionsAsync(new ListVersionsRequest { BucketName = store.Bucket, Prefix = $"{Prefix}/github-backup/.staging/" });
        Assert.Empty(versions.Versions ?? []);
        await using var published = await store.OpenReadAsync("github-backup/objects/acme/x/y.bundle", null, CancellationToken.None);
        Assert.Equal(1, published!.ReadByte());
    }
}
