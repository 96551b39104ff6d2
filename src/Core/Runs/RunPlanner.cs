using GitHubBackup.Core.Contracts;
using GitHubBackup.Core.Engine;
using GitHubBackup.Core.GitHub;
using GitHubBackup.Core.Restore;
using GitHubBackup.Core.Storage;

namespace GitHubBackup.Core.Runs;

/// <summary>
/// PlanBackup: decides which repositories a run backs up (the whole org, the named ones, or the failed ones
/// of an earlier run), splits them into batches, and writes the batch files and the Map's pointer list.
/// Deterministic for a run id, so a retried Lambda writes the same files.
/// </summary>
public sealed class RunPlanner(S3Store store, BatchLimits limits)
{
    /// <param name="defaultFilter">The stack's filters, for inputs that give none.</param>
    public async Task<RunPlan> PlanAsync(
        PlanRequest request,
        string? defaultOrg,
        RepositoryFilter defaultFilter,
        Func<string, CancellationToken, Task<GitHubSession>> connect,
        CancellationToken cancellationToken)
    {
        var input = request.Input ?? new ExecutionInput();
        ExecutionInputValidation.Check(input);
        var runId = RunLayout.RequireRunId(request.RunId);

        var (org, wanted) = input.RetryFromRunId is { } earlierRun
            ? await FailedReposOfAsync(earlierRun, cancellationToken)
            : (input.Org ?? defaultOrg ?? throw new ConfigurationException("""No org: set the stack's GitHubOrg parameter, or give {"org": "..."} in the input."""), input.Repos);

        using var github = await connect(org, cancellationToken);
        var listed = await github.ListRepositoriesAsync(org, cancellationToken);
        var filter = InputFilter(input) ?? defaultFilter;
        var chosen = wanted is null ? listed.Where(filter.Compile()).ToList() : Choose(listed, wanted, org, explicitNames: input.Repos is not null);

        var date = BackupLayout.Date(request.StartedAt);
        var previous = await new SnapshotCatalog(store).LatestGoodEntriesAsync(org, date, cancellationToken);
        var plan = new RunPlan
        {
            RunId = runId,
            Org = org,
            Date = date,
            Source = github.Server.ToString(),
            StartedAt = request.StartedAt,
            RepoCount = chosen.Count,
            Bucket = store.Bucket,
            BatchesKey = store.ObjectKey(RunLayout.BatchesKey(runId)),
            MapResultsPrefix = store.ObjectKey(RunLayout.MapResultsPrefix(runId)),
        };
        var planned = chosen.Select(r => BatchFiles.Plan(r, previous.GetValueOrDefault(r.Name))).ToList();
        var batches = BatchFiles.Split(plan, planned, limits, namePrefix: "", strict: false, full: input.Full, parts: input.Parts);
        var pointers = new List<BatchPointer>();
        foreach (var batch in batches)
        {
            var key = RunLayout.BatchKey(runId, batch.Name);
            await RunFiles.WriteAsync(store, key, batch, cancellationToken);
            pointers.Add(new BatchPointer { BatchKey = key });
        }

        await RunFiles.WriteAsync<IReadOnlyList<BatchPointer>>(store, RunLayout.BatchesKey(runId), pointers, cancellationToken);
        plan = plan with { BatchCount = batches.Count };
        await RunFiles.WriteAsync(store, RunLayout.PlanKey(runId), plan, cancellationToken);
        return plan;
    }

    /// <summary>The input's own filters, if it gives any (named repositories and retries are taken as named).</summary>
    private static RepositoryFilter? InputFilter(ExecutionInput input) =>
        input.Include is null && input.Exclude is null && input.SkipArchived is null && input.SkipForks is null && input.Topics is null
            ? null
            : new RepositoryFilter
            {
                Include = input.Include ?? [],
                Exclude = input.Exclude ?? [],
                SkipArchived = input.SkipArchived ?? false,
                SkipForks = input.SkipForks ?? false,
                Topics = input.Topics ?? [],
            };

    private static List<SourceRepository> Choose(IReadOnlyList<SourceRepository> listed, IReadOnlyList<string> wanted, string org, bool explicitNames)
    {
        var byName = listed.ToDictionary(r => r.Name, StringComparer.OrdinalIgnoreCase);
        var unknown = wanted.Where(name => !byName.ContainsKey(name)).ToList();
        if (explicitNames && unknown.Count > 0)
        {
            throw new ConfigurationException(
                $"Not repositories of '{org}' (or not visible to the App): {string.Join(", ", unknown.Select(n => $"'{n}'"))}. Check the names in \"repos\".");
        }

        // Retrying an earlier run: a repository deleted since then has nothing left to back up.
        return wanted.Where(byName.ContainsKey).Select(name => byName[name]).DistinctBy(r => r.Name).ToList();
    }

    private async Task<(string Org, IReadOnlyList<string> Repos)> FailedReposOfAsync(string runId, CancellationToken cancellationToken)
    {
        var summary = await RunFiles.ReadAsync<RunSummary>(store, RunLayout.SummaryKey(runId), cancellationToken)
            ?? throw new ConfigurationException(
                $"Run '{runId}' has no summary in {store.Describe(RunLayout.RunPrefix(runId))}: check the run id (the execution name), and that the run reached Summarize.");
        // The summary carries a sample; the complete list is next to it (summaries from before the list carried all).
        var failed = summary.Report is null ? summary.FailedRepos
            : await RunFiles.ReadAsync<string[]>(store, RunLayout.FailedKey(runId), cancellationToken)
              ?? throw new ConfigurationException($"Run '{runId}' has a summary but no {store.Describe(RunLayout.FailedKey(runId))}; start with {{\"repos\": [...]}} instead.");
        return (summary.Org, failed);
    }
}
