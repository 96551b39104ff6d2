using GitHubBackup.Core.Contracts;
using GitHubBackup.Core.GitHub;

namespace GitHubBackup.Core.Engine;

/// <summary>What a run reports as it goes: for live progress at a terminal, or log lines without one.</summary>
public interface IBackupObserver
{
    void RunPlanned(string org, int repositories);

    void PhaseStarted(SourceRepository repository, BackupPhase phase);

    /// <summary>A transient failure that will be retried.</summary>
    void Retrying(SourceRepository repository, BackupPhase phase, int attempt, string reason);

    void RepositoryFinished(SourceRepository repository, RepoEntry entry);
}
