using GitHubBackup.Core.Contracts;
using GitHubBackup.Core.Git;
using GitHubBackup.Core.GitHub;
using GitHubBackup.Core.Restore;
using GitHubBackup.Core.Storage;

namespace GitHubBackup.Core.Engine;

/// <summary>
/// A whole org into one snapshot: list, back up every repository (unchanged ones by naming their last
/// verified bundle), and merge the manifest. The manifest is also merged as the run goes (a checkpoint), so a
/// run that is killed loses nothing it verified, and running again the same day skips what is already there.
/// </summary>
public sealed class OrgBackup(GitHubSession github, IBackupStore store, IGit git, Secrets secrets, IClock clock, BackupOptions options)
{
    private static readonly TimeSpan MaxCheckpointInterval = TimeSpan.FromSeconds(15);

    /// <param name="repositories">The org's repositories this run covers (listed and filtered by the caller).</param>
    public async Task<OrgBackupResult> RunAsync(string org, string runId, IReadOnlyList<SourceRepository> repositories, IBackupObserver observer, CancellationToken cancellationToken)
    {
        var startedAt = clock.UtcNow;
        var date = BackupLayout.Date(startedAt);
        var catalog = new SnapshotCatalog(store);
        var previous = await catalog.LatestGoodEntriesAsync(org, date, cancellationToken);
        var today = await catalog.ManifestAsync(date, org, cancellationToken);
        var target = new SnapshotTarget(org, date, runId) { Holds = (today?.Repos.Select(e => e.Name) ?? []).ToHashSet(StringComparer.OrdinalIgnoreCase) };
        observer.RunPlanned(org, repositories.Count);

        ManifestRun Run() => new(org, target.Date, runId, github.Server.ToString(), startedAt, clock.UtcNow);
        var finished = new List<RepoEntry>();
        var lastCheckpoint = clock.UtcNow;

        // Small orgs checkpoint after nearly every repository; large ones (large manifests) every 15 s.
        var interval = TimeSpan.FromMilliseconds(Math.Min(MaxCheckpointInterval.TotalMilliseconds, 50.0 * repositories.Count));
        async Task CheckpointAsync(RepoEntry entry)
        {
            finished.Add(entry);
            if (clock.UtcNow - lastCheckpoint >= interval)
            {
                await ManifestWriter.MergeAsync(store, Run(), finished, CancellationToken.None);
                lastCheckpoint = clock.UtcNow;
            }
        }

        var repositoryBackup = new RepositoryBackup(git, store, github.Tokens, secrets, clock, options, observer, github);
        var entries = await new BackupEngine(repositoryBackup, options, observer).RunAsync(repositories, target, previous, cancellationToken, CheckpointAsync);

        // Written even when the run was interrupted: what finished is verified and must not be lost.
        var manifest = await ManifestWriter.MergeAsync(store, Run(), entries, CancellationToken.None);
        return new OrgBackupResult(manifest, entries, store.Describe(target.ManifestKey), Interrupted: cancellationToken.IsCancellationRequested);
    }
}

/// <summary>The merged manifest, and this run's own entries (what the exit code is about).</summary>
public sealed record OrgBackupResult(BackupManifest Manifest, IReadOnlyList<RepoEntry> Entries, string ManifestLocation, bool Interrupted)
{
    public bool AnyFailed => Entries.Any(e => e.NeedsRerun);
}
