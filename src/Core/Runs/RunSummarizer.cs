using GitHubBackup.Core.Contracts;
using GitHubBackup.Core.Engine;
using GitHubBackup.Core.Storage;

namespace GitHubBackup.Core.Runs;

/// <summary>
/// Summarize: what a run was expected to do (its batch files) against what it did (its result files).
/// A repository without a result failed (its task died); of several results, the last one counts (a retry).
/// The entries are merged into the manifest, the conclusion is kept in summary.json, and after the first
/// pass the failed repositories are put into strict retry batches.
/// What it returns is a state's output (256 KiB at most) whatever the number of failures: a sample of the
/// failed names, a bounded rerun input and notification, and pointers to the complete ones it writes next
/// to the run's files.
/// </summary>
public sealed class RunSummarizer(S3Store store, BatchLimits limits, IClock clock)
{
    public const string InitialStage = "initial";
    public const string FinalStage = "final";

    /// <summary>
    /// Most retry batches, so the inline retry Map's history (about 8 events per iteration, 4 more per task retry,
    /// all in the parent's 25,000) stays small however many repositories failed: batches grow instead.
    /// </summary>
    public const int MaxRetryBatches = 100;

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

        var totals = ManifestMerge.Totals(entries);
        var report = await WriteReportAsync(plan, totals, failed, cancellationToken);
        var rerunInput = failed.Count == 0 ? null : RerunInput.Bounded(plan.Org, failed, runId);
        var summary = new RunSummary
        {
            RunId = runId,
            Org = plan.Org,
            Date = plan.Date,
            ManifestKey = BackupLayout.ManifestKey(plan.Date, plan.Org),
            Totals = totals,
            Failed = failed.Count,
            FailedRepos = failed.Take(RunNotification.ListedFailures).ToList(),
            RerunInput = rerunInput,
            RetryBatches = retryBatches,
            Notification = RunNotification.Text(plan.Org, plan.Date, runId, totals, failed, rerunInput, report),
            Report = report,
        };
        await RunFiles.WriteAsync(store, RunLayout.SummaryKey(runId), summary, cancellationToken);
        return summary;
    }

    /// <summary>The complete failed list, rerun input and notification, written before summary.json names them.</summary>
    private async Task<RunReportFiles> WriteReportAsync(RunPlan plan, ManifestTotals totals, List<string> failed, CancellationToken cancellationToken)
    {
        var runId = plan.RunId;
        var rerunInput = failed.Count == 0 ? null : RerunInput.For(plan.Org, failed);
        await RunFiles.WriteAsync(store, RunLayout.FailedKey(runId), failed.ToArray(), cancellationToken);
        if (rerunInput is not null)
        {
            await RunFiles.WriteTextAsync(store, RunLayout.RerunInputKey(runId), rerunInput, cancellationToken);
        }

        await RunFiles.WriteTextAsync(store, RunLayout.NotificationKey(runId), RunNotification.Text(plan.Org, plan.Date, runId, totals, failed, rerunInput), cancellationToken);
        return new RunReportFiles
        {
            Bucket = store.Bucket,
            FailedKey = store.ObjectKey(RunLayout.FailedKey(runId)),
            FailedUri = store.Describe(RunLayout.FailedKey(runId)),
            RerunInputKey = rerunInput is null ? null : store.ObjectKey(RunLayout.RerunInputKey(runId)),
            RerunInputUri = rerunInput is null ? null : store.Describe(RunLayout.RerunInputKey(runId)),
            NotificationKey = store.ObjectKey(RunLayout.NotificationKey(runId)),
            NotificationUri = store.Describe(RunLayout.NotificationKey(runId)),
        };
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
        RunPlan plan, IReadOnlyList<BatchFile> batches, List<string> failed, CancellationToken cancellationToken)
    {
        var planned = batches.SelectMany(b => b.Repos).DistinctBy(r => r.Name, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(r => r.Name, StringComparer.OrdinalIgnoreCase);
        var retryLimits = limits with { MaxRepos = Math.Max(limits.MaxRepos, (failed.Count + MaxRetryBatches - 1) / MaxRetryBatches) };
        var pointers = new List<BatchPointer>();
        foreach (var batch in BatchFiles.Split(plan, failed.Select(name => planned[name]).ToList(), retryLimits, "retry-", strict: true, full: batches.Any(b => b.Full), parts: batches.Select(b => b.Parts).FirstOrDefault()))
        {
            var key = RunLayout.BatchKey(plan.RunId, batch.Name);
            await RunFiles.WriteAsync(store, key, batch, cancellationToken);
            pointers.Add(new BatchPointer { BatchKey = key });
        }

        return pointers;
    }
}
