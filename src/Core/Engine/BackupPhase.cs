namespace GitHubBackup.Core.Engine;

public enum BackupPhase
{
    Cloning,
    Storing,
    Verifying,
}
