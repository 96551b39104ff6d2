using GitHubBackup.Core.Contracts;
using GitHubBackup.Core.Engine;
using GitHubBackup.Core.Storage;

namespace GitHubBackup.Core.Runs;

/// <summary>
/// <c>run-batch</c>: backs up one batch of a state-machine run. The result file is rewritten after every
/// repository, so a task that is killed, times out or is retried starts where it stopped: repositories
/// with a verified entry for this run are skipped. A strict batch (the retry of failed repositories) also
/// merges its entries into the manifest, since the execution may end right after it.
/// </summary>
public sealed class BatchRunner(IBackupStore store, IClock clock)
{
    public static async Task<BatchFile> ReadBatchAsync(IBackupStore store, string batchKey, string runId, CancellationToken cancellationToken)
    {
        var batch = await RunFiles.ReadAsync<BatchFile>(store, batchKey, cancellationToken)
            ?? throw new ConfigurationException($"The batch {store.Describe(batchKey)} does not exist; GITHUB_BACKUP_BATCH_KEY must point at a batch file PlanBackup wrote.");
        return batch.RunId == runId
            ? batch
            : throw new ConfigurationException($"The batch {store.Describe(batchKey)} belongs to run '{batch.RunId}', not '{runId}' (GITHUB_BACKUP_RUN_ID).");
    }

    /// <param name="server">The server this runner is configured for: the only one its credential may be sent to.</param>
    public async Task<BatchResult> RunAsync(BatchFile batch, BackupEngine engine, GitHub.GitHubServer server, CancellationToken cancellationToken)
    {
        var startedAt = clock.UtcNow;
        var resultKey = RunLayout.ResultKey(batch.RunId, batch.Name);
        var resumed = await RunFiles.ReadAsync<BatchResult>(store, resultKey, cancellationToken);
        var done = (resumed?.Entries ?? []).Where(e => (RepoStatus.IsGood(e.Status) || e.Status == RepoStatus.Gone) && !e.NeedsRerun)
            .ToDictionary(e => e.Name, StringComparer.OrdinalIgnoreCase);
        var entries = new Dictionary<string, RepoEntry>(done, StringComparer.OrdinalIgnoreCase);

        var target = new SnapshotTarget(batch.Org, batch.Date, batch.RunId);
        var todo = batch.Repos.Where(r => !done.ContainsKey(r.Name)).Select(r => BatchFiles.ToSource(r, batch.Org, server)).ToList();
        var lastBackups = batch.Repos.Where(r => r.Previous is not null).ToDictionary(r => r.Name, r => r.Previous!, StringComparer.OrdinalIgnoreCase);
        await engine.RunAsync(todo, target, lastBackups, cancellationToken, async entry =>
        {
            entries[entry.Name] = entry;
            await WriteAsync(entries.Values);
        });

        var result = await WriteAsync(entries.Values);
        if (batch.Strict)
        {
            var run = new ManifestRun(batch.Org, batch.Date, batch.RunId, batch.Source, startedAt, clock.UtcNow);
            await ManifestWriter.MergeAsync(store, run, result.Entries, CancellationToken.None);
        }

        return result;

        async Task<BatchResult> WriteAsync(IEnumerable<RepoEntry> current)
        {
            var snapshot = new BatchResult
            {
                RunId = batch.RunId,
                Batch = batch.Name,
                StartedAt = resumed?.StartedAt ?? startedAt,
                FinishedAt = clock.UtcNow,
                Entries = current.OrderBy(e => e.Name, StringComparer.OrdinalIgnoreCase).ToList(),
            };

            // Checkpoints must land even when the task is being stopped: they are what a retry resumes from.
            await RunFiles.WriteAsync(store, resultKey, snapshot, CancellationToken.None);
            return snapshot;
        }
    }
}
