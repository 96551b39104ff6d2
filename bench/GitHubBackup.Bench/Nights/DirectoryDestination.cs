using GitHubBackup.Core.Contracts;

namespace GitHubBackup.Bench.Nights;

/// <summary>
/// A local directory. A restore is timed as it runs, then run again under strace to count what it read from the
/// directory (tracing would slow the timed run).
/// </summary>
internal sealed class DirectoryDestination(string path, string traceDirectory) : Destination
{
    public override string Kind => "directory";

    public override IReadOnlyList<string> BackupArguments => ["--dest", path];

    public override Task<StoredBytes> StoredBytesAsync() => Task.FromResult(StoredBytes.InDirectory(path));

    public override Task<bool> HasSnapshotAsync(string date) =>
        Task.FromResult(File.Exists(Path.Combine(path, BackupLayout.ManifestKey(date, NightlyCorpus.Org))));

    public override async Task<RestoreCost> RestoreAsync(RunnerInvocation runner, string date, string to)
    {
        var wall = (await runner.RunAsync($"restore of {date} from {path}", RestoreArguments(path, date, to))).Wall;
        Directory.Delete(to, recursive: true);
        var log = Path.Combine(Directory.CreateDirectory(traceDirectory).FullName, $"restore-{date}-{Guid.NewGuid():N}");
        await runner.RunAsync($"traced restore of {date} from {path}", RestoreArguments(path, date, to), DirectoryReadCounter.Launcher(log));
        return new RestoreCost(wall, DirectoryReadCounter.BytesRead(log, path));
    }
}
