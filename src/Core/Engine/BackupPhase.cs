namespace GitHubBackup.Core.Engine;

public enum BackupPhase
{
    /// <summary>Comparing the remote's refs with the last verified backup's.</summary>
    Checking,

    /// <summary>An unchanged repository: checking (and on the scrub schedule proving) the stored bundles this snapshot names again.</summary>
    Copying,

    Cloning,

    /// <summary>Fetching the Git LFS objects reachable from any ref.</summary>
    FetchingLfs,
    Storing,
    Verifying,
}
