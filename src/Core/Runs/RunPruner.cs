using GitHubBackup.Core.Contracts;
using GitHubBackup.Core.Retention;
using GitHubBackup.Core.Storage;

namespace GitHubBackup.Core.Runs;

/// <summary>
/// Prune after a state-machine run: applies the stack's retention policy to the run's org once the run's snapshot is
/// written. A run without its manifest is refused before anything is read for deletion, so a night whose snapshot is
/// missing never costs an older one (the state machine only reaches Prune after Summarize wrote it; this is the
/// second guard). Deletes the store refuses are counted, not thrown: the backup is written either way, and the
/// refused snapshots' manifests stay for the next night's prune.
/// </summary>
public sealed class RunPruner(IBackupStore store, RetentionPolicy policy)
{
    public async Task<PruneSummary> PruneAsync(PruneRequest request, CancellationToken cancellationToken)
    {
        var runId = RunLayout.RequireRunId(request.RunId);
        var plan = await RunFiles.ReadAsync<RunPlan>(store, RunLayout.PlanKey(runId), cancellationToken)
            ?? throw new ConfigurationException($"Run '{runId}' has no plan in {store.Describe(RunLayout.RunPrefix(runId))}; PlanBackup and Summarize must run first.");
        var manifestKey = BackupLayout.ManifestKey(plan.Date, plan.Org);
        if (await store.ReadAsync(manifestKey, cancellationToken) is null)
        {
            throw new RunFailedException($"Run '{runId}' has no manifest at {store.Describe(manifestKey)}; prune runs only after the night's snapshot is written, so nothing was deleted.");
        }

        var pruner = new Pruner(store);
        var prunePlan = await pruner.PlanAsync(plan.Org, policy, cancellationToken);
        var result = await pruner.ExecuteAsync(prunePlan, cancellationToken);
        return new PruneSummary
        {
            RunId = runId,
            Org = plan.Org,
            Date = plan.Date,
            Policy = policy.ToString(),
            SnapshotsKept = prunePlan.Snapshots.Count(s => s.Decision.Keep),
            SnapshotsDeleted = result.SnapshotsDeleted.Count,
            Deleted = result.SnapshotsDeleted.Take(PruneSummary.Listed).ToList(),
            ObjectsDeleted = result.Deleted,
            Refused = result.Refused.Count,
            RefusedDeletes = result.Refused.Take(PruneSummary.Listed).Select(r => $"{r.Where}: {r.Reason}").ToList(),
        };
    }
}
