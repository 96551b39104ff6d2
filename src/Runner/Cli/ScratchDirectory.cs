namespace GitHubBackup.Runner.Cli;

/// <summary>Where a run clones and verifies: under GITHUB_BACKUP_SCRATCH or the system temp directory, one folder per run.</summary>
public static class ScratchDirectory
{
    public const string Variable = "GITHUB_BACKUP_SCRATCH";

    public static string ForRun()
    {
        var parent = Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } configured ? configured : Path.GetTempPath();
        return Path.Combine(Path.GetFullPath(parent), $"github-backup-{Guid.NewGuid():N}");
    }
}
