using GitHubBackup.Core;
using GitHubBackup.Core.Git;

namespace GitHubBackup.Runner.Cli;

/// <summary>A run's scratch directory and the git that works in it; both gone on dispose.</summary>
public sealed class BackupWorkspace : IDisposable
{
    private readonly GitAskPass _askPass;
    private readonly GitCli _git;

    private BackupWorkspace(string scratchDirectory, Secrets secrets)
    {
        ScratchDirectory = scratchDirectory;
        Directory.CreateDirectory(scratchDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        _askPass = new GitAskPass(scratchDirectory);
        _git = new GitCli(_askPass, secrets);
    }

    public string ScratchDirectory { get; }

    public IGit Git => _git;

    public static BackupWorkspace Create(Secrets secrets) => new(Cli.ScratchDirectory.ForRun(), secrets);

    public void Dispose()
    {
        _git.Dispose();
        _askPass.Dispose();
        if (Directory.Exists(ScratchDirectory))
        {
            Directory.Delete(ScratchDirectory, recursive: true);
        }
    }
}
