using GitHubBackup.Core.Storage;
using GitHubBackup.Tests.Infrastructure;

namespace GitHubBackup.Tests.Storage;

/// <summary>What every store must do; run against a local directory and against S3 (moto_server).</summary>
public abstract class StoreContractTests
{
    protected abstract Task<IBackupStore> CreateStoreAsync();

    /// <summary>Evidence a killed writer leaves behind for <paramref name="key"/> (a partial file, an unfinished multipart upload).</summary>
    protected abstract Task LeaveAbandonedWriteAsync(IBackupStore store, string key);

    protected abstract Task<int> AbandonedWritesAsync(IBackupStore store, string key);

    [Fact]
    public async Task A_stored_stream_reads_back_byte_for_byte()
    {
        var store = await CreateStoreAsync();
        var key = "github-backup/2026-11-22/acme/repo.bundle";

        var stored = await store.PutAsync(key, new GeneratedStream(300_000, seed: 1), CancellationToken.None);

        Assert.Equal(300_000, stored.Size);
        Assert.Equal(GeneratedStream.Bytes(300_000, 1), await ReadAllAsync(store, key, stored.VersionId));
    }

    [Fact]
    public async Task A_stream_larger_than_a_part_is_stored_whole()
    {
        var store = await CreateStoreAsync();
        var key = "big.bundle";
        const long size = (8 << 20) * 2 + 12345;

        var stored = await store.PutAsync(key, new GeneratedStream(size, seed: 2), CancellationToken.None);

        Assert.Equal(size, stored.Size);
        Assert.Equal(GeneratedStream.Bytes(size, 2), await ReadAllAsync(store, key, stored.VersionId));
        Assert.Equal(0, await AbandonedWritesAsync(store, key));
    }

    [Theory]
    [InlineData(1000)]
    [InlineData((8 << 20) + 5000)]
    public async Task A_source_that_fails_midway_leaves_nothing_and_keeps_the_previous_object(long failAfter)
    {
        var store = await CreateStoreAsync();
        var key = "repo.bundle";
        await store.PutAsync(key, new GeneratedStream(100, seed: 3), CancellationToken.None);

        await Assert.ThrowsAsync<IOException>(() => store.PutAsync(key, new GeneratedStream(20 << 20, seed: 4, failAfter), CancellationToken.None));

        Assert.Equal(GeneratedStream.Bytes(100, 3), await ReadAllAsync(store, key, null));
        Assert.Equal(0, await AbandonedWritesAsync(store, key));
        Assert.Equal(["repo.bundle"], await store.ListAsync("", CancellationToken.None));
    }

    [Fact]
    public async Task What_a_killed_writer_left_is_cleaned_up_by_the_next_write_of_the_key()
    {
        var store = await CreateStoreAsync();
        var key = "github-backup/2026-11-22/acme/repo.bundle";
        await LeaveAbandonedWriteAsync(store, key);
        Assert.Equal(1, await AbandonedWritesAsync(store, key));

        await store.PutAsync(key, new GeneratedStream(9 << 20, seed: 5), CancellationToken.None);

        Assert.Equal(0, await AbandonedWritesAsync(store, key));
    }

    [Fact]
    public async Task Missing_objects_read_as_null()
    {
        var store = await CreateStoreAsync();

        Assert.Null(await store.ReadAsync("nope.json", CancellationToken.None));
        Assert.Null(await store.OpenReadAsync("nope.bundle", null, CancellationToken.None));
    }

    [Fact]
    public async Task Conditional_writes_refuse_a_stale_tag_and_accept_the_current_one()
    {
        var store = await CreateStoreAsync();
        var key = "github-backup/2026-11-22/acme/manifest.json";

        Assert.True(await store.TryWriteAsync(key, "1"u8.ToArray(), expectedTag: null, CancellationToken.None));
        Assert.False(await store.TryWriteAsync(key, "x"u8.ToArray(), expectedTag: null, CancellationToken.None));
        var first = (await store.ReadAsync(key, CancellationToken.None))!;
        Assert.True(await store.TryWriteAsync(key, "2"u8.ToArray(), first.Tag, CancellationToken.None));
        Assert.False(await store.TryWriteAsync(key, "3"u8.ToArray(), first.Tag, CancellationToken.None));

        Assert.Equal("2"u8.ToArray(), (await store.ReadAsync(key, CancellationToken.None))!.Content);
    }

    [Fact]
    public async Task Concurrent_read_modify_writes_lose_no_update()
    {
        var store = await CreateStoreAsync();
        const string key = "counter.json";
        const int writers = 8;

        await Task.WhenAll(Enumerable.Range(0, writers).Select(_ => Task.Run(async () =>
        {
            while (true)
            {
                var current = await store.ReadAsync(key, CancellationToken.None);
                var value = current is null ? 0 : int.Parse(System.Text.Encoding.UTF8.GetString(current.Content), System.Globalization.CultureInfo.InvariantCulture);
                if (await store.TryWriteAsync(key, System.Text.Encoding.UTF8.GetBytes((value + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)), current?.Tag, CancellationToken.None))
                {
                    return;
                }
            }
        })));

        Assert.Equal(writers.ToString(System.Globalization.CultureInfo.InvariantCulture), System.Text.Encoding.UTF8.GetString((await store.ReadAsync(key, CancellationToken.None))!.Content));
    }

    [Fact]
    public async Task Listing_shows_the_direct_children_of_a_prefix()
    {
        var store = await CreateStoreAsync();
        foreach (var key in new[] { "github-backup/2026-11-21/acme/manifest.json", "github-backup/2026-11-22/acme/a.bundle", "github-backup/2026-11-22/acme/manifest.json" })
        {
            await store.PutAsync(key, new MemoryStream("{}"u8.ToArray()), CancellationToken.None);
        }

        Assert.Equal(["2026-11-21/", "2026-11-22/"], await store.ListAsync("github-backup/", CancellationToken.None));
        Assert.Equal(["a.bundle", "manifest.json"], await store.ListAsync("github-backup/2026-11-22/acme/", CancellationToken.None));
        Assert.Empty(await store.ListAsync("github-backup/2030-01-01/", CancellationToken.None));
    }

    private static async Task<byte[]> ReadAllAsync(IBackupStore store, string key, string? versionId)
    {
        await using var stream = await store.OpenReadAsync(key, versionId, CancellationToken.None);
        Assert.NotNull(stream);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }
}
