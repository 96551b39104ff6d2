using GitHubBackup.Core.Contracts;
using GitHubBackup.Core.Git;
using GitHubBackup.Core.GitHub;
using GitHubBackup.Core.Storage;

namespace GitHubBackup.Core.Engine;

/// <summary>A whole org into one snapshot: list, back up every repository, merge the manifest.</summary>
public sealed class OrgBackup(GitHubSession github, IBackupStore store, IGit git, Secrets secrets, IClock clock, BackupOptions options)
{
    public async Task<OrgBackupResult> RunAsync(string org, string runId, IBackupObserver observer, CancellationToken cancellationToken)
    {
        var startedAt = clock.UtcNow;
        var target = new SnapshotTarget(org, BackupLayout.Date(startedAt), runId);
        var repositories = await github.ListRepositoriesAsync(org, cancellationToken);
        observer.RunPlanned(org, repositories.Count);

        var repositoryBackup = new RepositoryBackup(git, store, github.Tokens, secrets, clock, options, observer);
        var entries = await new BackupEngine(repositoryBackup, options, observer).RunAsync(repositories, target, cancellationToken);

        // Written even when the run was interrupted: what finished is verified and must not be lost.
        var run = new ManifestRun(org, target.Date, runId, github.Server.ToString(), startedAt, clock.UtcNow);
        var manifest = await ManifestWriter.MergeAsync(store, run, entries, CancellationToken.None);
        return new OrgBackupResult(manifest, entries, store.Describe(target.ManifestKey), Interrupted: cancellationToken.IsCancellationRequested);
    }
}

/// <summary>The merged manifest, and this run's own entries (what the exit code is about).</summary>
public sealed record OrgBackupResult(BackupManifest Manifest, IReadOnlyList<RepoEntry> Entries, string ManifestLocation, bool Interrupted)
{
    public bool AnyFailed => Entries.Any(e => e.Status == RepoStatus.Failed);
}
