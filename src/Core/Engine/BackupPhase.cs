namespace GitHubBackup.Core.Engine;

public enum BackupPhase
{
    /// <summary>Comparing the remote's refs with the last verified backup's.</summary>
    Checking,

    /// <summary>Copying the last verified bundle of an unchanged repository into this snapshot.</summary>
    Copying,

    Cloning,

    /// <summary>Fetching the Git LFS objects reachable from any ref.</summary>
    FetchingLfs,
    Storing,
    Verifying,
}
