using GitHubBackup.Core.Contracts;
using GitHubBackup.Core.Engine;
using GitHubBackup.Core.Storage;

namespace GitHubBackup.Core.Runs;

/// <summary>
/// Summarize: what a run was expected to do (its batch files) against what it did (its result files).
/// A repository without a result failed (its task died); of several results, the last one counts (a retry).
/// The entries are merged into the manifest, the conclusion is kept in summary.json, and after the first
/// pass the failed repositories are put into strict retry batches.
/// </summary>
public sealed class RunSummarizer(IBackupStore store, BatchLimits limits, IClock clock)
{
    public const string InitialStage = "initial";
    public const string FinalStage = "final";

    public async Task<RunSummary> SummarizeAsync(SummarizeRequest request, CancellationToken cancellationToken)
    {
        if (request.Stage is not (InitialStage or FinalStage))
        {
            throw new ConfigurationException($"Summarize stage '{request.Stage}' is neither '{InitialStage}' nor '{FinalStage}'.");
        }

        var runId = RunLayout.RequireRunId(request.RunId);
        var plan = await RunFiles.ReadAsync<RunPlan>(store, RunLayout.PlanKey(runId), cancellationToken)
            ?? throw new ConfigurationException($"Run '{runId}' has no plan in {store.Describe(RunLayout.RunPrefix(runId))}; PlanBackup must run first.");
        var batches = await RunFiles.ReadAllAsync<BatchFile>(store, RunLayout.RunPrefix(runId) + "batches/", cancellationToken);
        var results = await RunFiles.ReadAllAsync<BatchResult>(store, RunLayout.ResultsPrefix(runId), cancellationToken);

        var entries = Reconcile(batches.Select(b => b.Value).ToList(), results.Select(r => r.Value).ToList());
        var run = new ManifestRun(plan.Org, plan.Date, runId, plan.Source, plan.StartedAt, clock.UtcNow);
        await ManifestWriter.MergeAsync(store, run, entries, cancellationToken);

        var failed = entries.Where(e => e.NeedsRerun).Select(e => e.Name).Order(StringComparer.OrdinalIgnoreCase).ToList();
        var retryBatches = request.Stage == InitialStage && failed.Count > 0
            ? await WriteRetryBatchesAsync(plan, batches.Select(b => b.Value).ToList(), failed, cancellationToken)
            : [];

        var rerunInput = failed.Count == 0 ? null : RerunInput.For(plan.Org, failed);
        var summary = new RunSummary
        {
            RunId = runId,
            Org = plan.Org,
            Date = plan.Date,
            ManifestKey = BackupLayout.ManifestKey(plan.Date, plan.Org),
            Totals = ManifestMerge.Totals(entries),
            Failed = failed.Count,
            FailedRepos = failed,
            RerunInput = rerunInput,
            RetryBatches = retryBatches,
            Notification = RunNotification.Text(plan.Org, plan.Date, runId, ManifestMerge.Totals(entries), failed, rerunInput),
        };
        await RunFiles.WriteAsync(store, RunLayout.SummaryKey(runId), summary, cancellationToken);
        return summary;
    }

    /// <summary>One entry per planned repository: the latest result, or a failure that says the result is missing.</summary>
    private List<RepoEntry> Reconcile(IReadOnlyList<BatchFile> batches, IReadOnlyList<BatchResult> results)
    {
        var latest = results.SelectMany(r => r.Entries)
            .GroupBy(e => e.Name, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.MaxBy(e => e.FinishedAt)!, StringComparer.OrdinalIgnoreCase);

        return batches
            .SelectMany(batch => batch.Repos.Select(repo => (batch, repo)))
            .GroupBy(x => x.repo.Name, StringComparer.OrdinalIgnoreCase)
            .Select(g => latest.TryGetValue(g.Key, out var entry) ? entry : Missing(g.Last().batch, g.Last().repo))
            .OrderBy(e => e.Name, StringComparer.OrdinalIgnoreCase)
            .ToList();
    }

    private RepoEntry Missing(BatchFile batch, BatchRepo repo) => new()
    {
        Name = repo.Name,
        FullName = repo.FullName,
        Status = RepoStatus.Failed,
        DefaultBranch = repo.DefaultBranch,
        Error = $"No result: the runner task for batch {batch.Name} stopped before backing this repository up (see the execution's map run for the task's error).",
        FinishedAt = clock.UtcNow,
        RunId = batch.RunId,
    };

    private async Task<IReadOnlyList<BatchPointer>> WriteRetryBatchesAsync(
        RunPlan plan, IReadOnlyList<BatchFile> batches, IReadOnlyList<string> failed, CancellationToken cancellationToken)
    {
        var planned = batches.SelectMany(b => b.Repos).DistinctBy(r => r.Name, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(r => r.Name, StringComparer.OrdinalIgnoreCase);
        var pointers = new List<BatchPointer>();
        foreach (var batch in BatchFiles.Split(plan, failed.Select(name => planned[name]).ToList(), limits, "retry-", strict: true, full: batches.Any(b => b.Full), parts: batches.Select(b => b.Parts).FirstOrDefault()))
        {
            var key = RunLayout.BatchKey(plan.RunId, batch.Name);
            await RunFiles.WriteAsync(store, key, batch, cancellationToken);
            pointers.Add(new BatchPointer { BatchKey = key });
        }

        return pointers;
    }
}
