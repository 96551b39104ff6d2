namespace GitHubBackup.Bench.Nights;

/// <summary>Where one behaviour keeps its snapshots in the nightly scenario: a directory or a bucket.</summary>
internal abstract class Destination
{
    /// <summary>"directory" or "S3", for the table.</summary>
    public abstract string Kind { get; }

    /// <summary>--dest and, for S3, --s3-endpoint: how a backup reaches it.</summary>
    public abstract IReadOnlyList<string> BackupArguments { get; }

    public abstract Task<StoredBytes> StoredBytesAsync();

    /// <summary>The snapshot of <paramref name="date"/> has its manifest: the run wrote the night it was meant to.</summary>
    public abstract Task<bool> HasSnapshotAsync(string date);

    /// <summary>Restores every repository of the snapshot of <paramref name="date"/> into <paramref name="to"/>; its time and the bytes it read from the store.</summary>
    public abstract Task<RestoreCost> RestoreAsync(RunnerInvocation runner, string date, string to);

    protected static IReadOnlyList<string> RestoreArguments(string from, string date, string to) =>
        ["restore", "--from", from, "--org", NightlyCorpus.Org, "--date", date, "--all", "--to", to];
}

internal sealed record RestoreCost(TimeSpan Wall, long BytesRead);
