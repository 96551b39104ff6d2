using GitHubBackup.Core;
using GitHubBackup.Core.Storage;
using GitHubBackup.Tests.Infrastructure;

namespace GitHubBackup.Tests.Storage;

public sealed class LocalDirectoryStoreTests : StoreContractTests, IDisposable
{
    private readonly TempDirectory _root = new("store");

    public void Dispose() => _root.Dispose();

    protected override Task<IBackupStore> CreateStoreAsync() => Task.FromResult<IBackupStore>(new LocalDirectoryStore(_root.Combine("dest")));

    protected override Task LeaveAbandonedWriteAsync(IBackupStore store, string key)
    {
        var path = store.Describe(key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        // Named like a partial of a process that no longer runs (pid 2^22 - 1 is above Linux's pid_max default).
        File.WriteAllText(Path.Combine(Path.GetDirectoryName(path)!, $".{Path.GetFileName(path)}.partial-4194303-deadbeef"), "half a bundle");
        return Task.CompletedTask;
    }

    protected override Task<int> AbandonedWritesAsync(IBackupStore store, string key)
    {
        var directory = Path.GetDirectoryName(store.Describe(key))!;
        return Task.FromResult(Directory.Exists(directory) ? Directory.GetFiles(directory, $".{Path.GetFileName(key)}.partial-*").Length : 0);
    }

    [Fact]
    public async Task A_live_writers_partial_file_is_left_alone()
    {
        var store = await CreateStoreAsync();
        var key = "github-backup/2026-11-22/acme/repo.bundle";
        var path = store.Describe(key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var live = Path.Combine(Path.GetDirectoryName(path)!, $".{Path.GetFileName(path)}.partial-{Environment.ProcessId}-cafe");
        await File.WriteAllTextAsync(live, "being written");

        await store.PutAsync(key, new MemoryStream([1, 2, 3]), CancellationToken.None);

        Assert.True(File.Exists(live));
    }

    [Fact]
    public async Task A_destination_that_is_a_file_is_refused_with_a_clear_message()
    {
        var file = _root.Combine("a-file");
        await File.WriteAllTextAsync(file, "x");

        var error = await Assert.ThrowsAsync<ConfigurationException>(() => new LocalDirectoryStore(file).CheckUsableAsync(CancellationToken.None));

        Assert.Contains("is a file, not a directory", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_destination_that_cannot_be_written_is_refused_and_nothing_is_created()
    {
        // /proc refuses new entries even to root, so this holds whoever runs the tests.
        var error = await Assert.ThrowsAsync<ConfigurationException>(() => new LocalDirectoryStore("/proc/github-backup-test/dest").CheckUsableAsync(CancellationToken.None));

        Assert.Contains("not writable", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_destination_under_a_writable_parent_is_usable_and_not_yet_created()
    {
        var dest = _root.Combine("new", "dest");

        await new LocalDirectoryStore(dest).CheckUsableAsync(CancellationToken.None);

        Assert.False(Directory.Exists(_root.Combine("new")));
        Assert.Empty(Directory.GetFileSystemEntries(_root.Path));
    }
}
