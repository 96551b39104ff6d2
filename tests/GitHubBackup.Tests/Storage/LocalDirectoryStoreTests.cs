using GitHubBackup.Core;
using GitHubBackup.Core.Storage;
using GitHubBackup.Tests.Infrastructure;

namespace GitHubBackup.Tests.Storage;

public sealed class LocalDirectoryStoreTests : StoreContractTests, IDisposable
{
    private readonly TempDirectory _root = new("store");

    public void Dispose() => _root.Dispose();

    protected override Task<IBackupStore> CreateStoreAsync() => Task.FromResult<IBackupStore>(new LocalDirectoryStore(_root.Combine("dest")));

    /// <summary>Partial files live in the store's own folder, named by their writer (pid and start time), never by a key.</summary>
    private string PartialDirectory => _root.Combine("dest", ".github-backup", "partial");

    protected override Task LeaveAbandonedWriteAsync(IBackupStore store, string key)
    {
        Directory.CreateDirectory(PartialDirectory);
        // Named like a partial of a process that no longer runs (pid 2^22 - 1 is above Linux's pid_max default).
        File.WriteAllText(Path.Combine(PartialDirectory, "4194303-1700000000000-deadbeef"), "half a bundle");
        return Task.CompletedTask;
    }

    protected override Task<int> AbandonedWritesAsync(IBackupStore store, string key) =>
        Task.FromResult(Directory.Exists(PartialDirectory) ? Directory.GetFiles(PartialDirectory).Length : 0);

    [Fact]
    public async Task A_live_writers_partial_file_is_left_alone()
    {
        var store = await CreateStoreAsync();
        var key = "github-backup/2026-11-22/acme/repo.bundle";
        Directory.CreateDirectory(PartialDirectory);
        var live = Path.Combine(PartialDirectory, $"{StagingWriter.Current}-cafe");
        await File.WriteAllTextAsync(live, "being written");

        await store.PutAsync(key, new MemoryStream([1, 2, 3]), CancellationToken.None);

        Assert.True(File.Exists(live));
    }

    [Fact]
    public async Task A_partial_file_of_a_dead_process_whose_pid_is_reused_is_cleaned_up()
    {
        var store = await CreateStoreAsync();
        Directory.CreateDirectory(PartialDirectory);
        // This process's pid, another start time: what a container's pid 1 sees of the pid 1 killed before it.
        var dead = Path.Combine(PartialDirectory, $"{Environment.ProcessId}-1700000000000-cafe");
        await File.WriteAllTextAsync(dead, "half a bundle");

        await store.PutAsync("github-backup/2026-11-22/acme/repo.bundle", new MemoryStream([1, 2, 3]), CancellationToken.None);

        Assert.False(File.Exists(dead));
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
