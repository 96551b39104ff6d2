using System.Text.Json.Serialization;

namespace GitHubBackup.Core.Contracts;

/// <summary>What PlanBackup decided for a run; returned to the state machine and kept in runs/&lt;runId&gt;/plan.json.</summary>
public sealed record RunPlan
{
    [JsonPropertyName("runId")] public required string RunId { get; init; }
    [JsonPropertyName("org")] public required string Org { get; init; }
    [JsonPropertyName("date")] public required string Date { get; init; }
    [JsonPropertyName("source")] public required string Source { get; init; }
    [JsonPropertyName("startedAt")] public DateTimeOffset StartedAt { get; init; }
    [JsonPropertyName("repoCount")] public int RepoCount { get; init; }
    [JsonPropertyName("batchCount")] public int BatchCount { get; init; }

    /// <summary>Bucket of the Map's ItemReader.</summary>
    [JsonPropertyName("bucket")] public required string Bucket { get; init; }

    /// <summary>Key (within the bucket) of the JSON array of <see cref="BatchPointer"/>s the Map reads.</summary>
    [JsonPropertyName("batchesKey")] public required string BatchesKey { get; init; }
}

/// <summary>Input of the PlanBackup Lambda, assembled by the state machine from the execution.</summary>
public sealed record PlanRequest
{
    [JsonPropertyName("input")] public ExecutionInput? Input { get; init; }
    [JsonPropertyName("runId")] public required string RunId { get; init; }
    [JsonPropertyName("startedAt")] public DateTimeOffset StartedAt { get; init; }
}

/// <summary>Input of the Summarize Lambda.</summary>
public sealed record SummarizeRequest
{
    [JsonPropertyName("runId")] public required string RunId { get; init; }

    /// <summary>"initial" after the first Map (plans retry batches for failures), "final" after the retry.</summary>
    [JsonPropertyName("stage")] public required string Stage { get; init; }
}

/// <summary>What Summarize concluded: the manifest is written; this is what the state machine branches on.</summary>
public sealed record RunSummary
{
    [JsonPropertyName("runId")] public required string RunId { get; init; }
    [JsonPropertyName("org")] public required string Org { get; init; }
    [JsonPropertyName("date")] public required string Date { get; init; }
    [JsonPropertyName("manifestKey")] public required string ManifestKey { get; init; }
    [JsonPropertyName("totals")] public required ManifestTotals Totals { get; init; }

    /// <summary>Repositories of this run that failed (all of them; the state output carries at most a few).</summary>
    [JsonPropertyName("failed")] public int Failed { get; init; }

    [JsonPropertyName("failedRepos")] public required IReadOnlyList<string> FailedRepos { get; init; }

    /// <summary>The execution input that re-runs exactly the failed repositories; null when none failed.</summary>
    [JsonPropertyName("rerunInput")] public string? RerunInput { get; init; }

    /// <summary>The run's summary in a few lines, for the notification topic.</summary>
    [JsonPropertyName("notification")] public string? Notification { get; init; }

    /// <summary>Batches of the failed repositories for the retry Map (empty unless stage "initial" found failures).</summary>
    [JsonPropertyName("retryBatches")] public required IReadOnlyList<BatchPointer> RetryBatches { get; init; }
}
