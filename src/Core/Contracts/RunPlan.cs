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

    /// <summary>Key prefix (within the bucket) the Distributed Map's ResultWriter writes under.</summary>
    [JsonPropertyName("mapResultsPrefix")] public string MapResultsPrefix { get; init; } = "";
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

    /// <summary>How many repositories of this run failed.</summary>
    [JsonPropertyName("failed")] public int Failed { get; init; }

    /// <summary>
    /// The first failed repositories by name, at most <see cref="RunNotification.ListedFailures"/>: this record is a
    /// state's output (256 KiB at most). Every one is in <see cref="Report"/>'s failed list.
    /// </summary>
    [JsonPropertyName("failedRepos")] public required IReadOnlyList<string> FailedRepos { get; init; }

    /// <summary>The execution input that re-runs exactly the failed repositories, bounded (<see cref="Contracts.RerunInput.Bounded"/>); null when none failed.</summary>
    [JsonPropertyName("rerunInput")] public string? RerunInput { get; init; }

    /// <summary>The run's summary in a few lines, for the notification topic (bounded; the complete one is in <see cref="Report"/>).</summary>
    [JsonPropertyName("notification")] public string? Notification { get; init; }

    /// <summary>Where the complete failed list, rerun input and notification are; null in summaries written before they existed.</summary>
    [JsonPropertyName("report"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public RunReportFiles? Report { get; init; }

    /// <summary>Batches of the failed repositories for the retry Map (empty unless stage "initial" found failures).</summary>
    [JsonPropertyName("retryBatches")] public required IReadOnlyList<BatchPointer> RetryBatches { get; init; }
}

/// <summary>The complete report of a run, in S3 next to its other files, for lists too long for a state's output.</summary>
public sealed record RunReportFiles
{
    [JsonPropertyName("bucket")] public required string Bucket { get; init; }

    /// <summary>JSON array of every repository to re-run.</summary>
    [JsonPropertyName("failedKey")] public required string FailedKey { get; init; }

    [JsonPropertyName("failedUri")] public required string FailedUri { get; init; }

    /// <summary>The complete execution input that re-runs them (JSON); null when none failed.</summary>
    [JsonPropertyName("rerunInputKey")] public string? RerunInputKey { get; init; }

    [JsonPropertyName("rerunInputUri")] public string? RerunInputUri { get; init; }

    /// <summary>The complete run summary (text).</summary>
    [JsonPropertyName("notificationKey")] public required string NotificationKey { get; init; }

    [JsonPropertyName("notificationUri")] public required string NotificationUri { get; init; }
}
