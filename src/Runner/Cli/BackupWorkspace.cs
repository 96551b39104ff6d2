using GitHubBackup.Core;
using GitHubBackup.Core.Git;

namespace GitHubBackup.Runner.Cli;

/// <summary>A run's scratch directory and the git that works in it; both gone on dispose.</summary>
public sealed class BackupWorkspace : IDisposable
{
    private readonly GitAskPass _askPass;

    private BackupWorkspace(string scratchDirectory, Secrets secrets)
    {
        ScratchDirectory = scratchDirectory;
        Directory.CreateDirectory(scratchDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        _askPass = new GitAskPass(scratchDirectory);
        Git = new GitCli(_askPass, secrets);
    }

    public string ScratchDirectory { get; }

    public IGit Git { get; }

    public static BackupWorkspace Create(Secrets secrets) => new(Cli.ScratchDirectory.ForRun(), secrets);

    public void Dispose()
    {
        _askPass.Dispose();
        if (Directory.Exists(ScratchDirectory))
        {
            Directory.Delete(ScratchDirectory, recursive: true);
        }
    }
}
