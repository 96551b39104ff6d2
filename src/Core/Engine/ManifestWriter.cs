using GitHubBackup.Core.Contracts;
using GitHubBackup.Core.Storage;

namespace GitHubBackup.Core.Engine;

/// <summary>
/// Merges a run's entries into the snapshot's manifest with optimistic concurrency: read, merge, write
/// only if nobody wrote in between, else read again. Two runs for the same org and date both land.
/// The store's write is atomic, so the manifest is never seen half-written.
/// </summary>
public static class ManifestWriter
{
    private const int MaxAttempts = 50;

    public static async Task<BackupManifest> MergeAsync(
        IBackupStore store, ManifestRun run, IReadOnlyCollection<RepoEntry> entries, CancellationToken cancellationToken)
    {
        var key = BackupLayout.ManifestKey(run.Date, run.Org);
        for (var attempt = 1; ; attempt++)
        {
            var current = await store.ReadAsync(key, cancellationToken);
            var existing = current is null ? null : CoreJson.Deserialize<BackupManifest>(current.Content, store.Describe(key));
            var merged = ManifestMerge.Apply(existing, run, entries);
            if (await store.TryWriteAsync(key, CoreJson.Serialize(merged), current?.Tag, cancellationToken))
            {
                return merged;
            }

            if (attempt == MaxAttempts)
            {
                throw new RunFailedException($"{store.Describe(key)} kept changing under this run ({MaxAttempts} attempts to merge); is a run stuck in a loop writing it?");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(10, 50 * Math.Min(attempt, 10))), cancellationToken);
        }
    }
}
