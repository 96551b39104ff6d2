namespace GitHubBackup.Runner.Cli;

/// <summary>
/// Where a run clones and verifies: under GITHUB_BACKUP_SCRATCH or the system temp directory, one folder per run.
/// Each run holds an exclusive lock (a flock) on a file in its folder for as long as it lives; the kernel drops it
/// when the process ends, however it ends. So a new run removes the folders of runs that are gone (a kill leaves
/// its scratch behind) and never a live concurrent run's.
/// </summary>
public static class ScratchDirectory
{
    public const string Variable = "GITHUB_BACKUP_SCRATCH";

    private const string Prefix = "github-backup-";
    private const string LockName = ".run.lock";

    // Held until the process exits: the lock says "this run is alive".
    private static readonly List<FileStream> Held = [];

    public static string ForRun()
    {
        var parent = Path.GetFullPath(Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } configured ? configured : Path.GetTempPath());
        RemoveAbandoned(parent);
        var directory = Path.Combine(parent, $"{Prefix}{Guid.NewGuid():N}");
        Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        lock (Held)
        {
            Held.Add(new FileStream(Path.Combine(directory, LockName), FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None));
        }

        return directory;
    }

    /// <summary>Scratch folders whose lock nobody holds belonged to runs that ended without cleaning up.</summary>
    private static void RemoveAbandoned(string parent)
    {
        if (!Directory.Exists(parent))
        {
            return;
        }

        foreach (var directory in Directory.EnumerateDirectories(parent, Prefix + "*"))
        {
            var lockPath = Path.Combine(directory, LockName);
            try
            {
                // A folder without a lock is being created right now (or predates locks): left alone.
                using var unheld = new FileStream(lockPath, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
                Directory.Delete(directory, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Held by a live run, not ours to remove, or already gone.
            }
        }
    }
}
