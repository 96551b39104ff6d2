using System.Text.Json.Serialization;

namespace GitHubBackup.Core.Contracts;

/// <summary>One runner task's work: which repositories, for which snapshot. Written by PlanBackup or Summarize.</summary>
public sealed record BatchFile
{
    [JsonPropertyName("runId")] public required string RunId { get; init; }
    [JsonPropertyName("org")] public required string Org { get; init; }
    [JsonPropertyName("date")] public required string Date { get; init; }
    [JsonPropertyName("source")] public required string Source { get; init; }

    /// <summary>Unique within the run; names the result file.</summary>
    [JsonPropertyName("name")] public required string Name { get; init; }

    /// <summary>True for the retry of failed repositories: the runner exits non-zero if any fails again.</summary>
    [JsonPropertyName("strict")] public bool Strict { get; init; }

    /// <summary>Clone every repository even when its refs did not change.</summary>
    [JsonPropertyName("full")] public bool Full { get; init; }

    /// <summary>The execution's choice of parts; null keeps the runner's settings.</summary>
    [JsonPropertyName("parts"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public PartSelection? Parts { get; init; }

    [JsonPropertyName("repos")] public required IReadOnlyList<BatchRepo> Repos { get; init; }
}

/// <summary>A repository as planned: enough to clone it without asking the API again.</summary>
public sealed record BatchRepo
{
    [JsonPropertyName("name")] public required string Name { get; init; }
    [JsonPropertyName("fullName")] public required string FullName { get; init; }
    [JsonPropertyName("cloneUrl")] public required string CloneUrl { get; init; }
    [JsonPropertyName("defaultBranch")] public string? DefaultBranch { get; init; }
    [JsonPropertyName("sizeKb")] public long SizeKb { get; init; }
    [JsonPropertyName("hasWiki")] public bool HasWiki { get; init; }

    /// <summary>Its entry in the latest snapshot, if it was restorable there: what an unchanged repository is copied from.</summary>
    [JsonPropertyName("previous")] public RepoEntry? Previous { get; init; }
}

/// <summary>An item of the Map: a pointer, never the work itself (state payloads are limited to 256 KiB).</summary>
public sealed record BatchPointer
{
    [JsonPropertyName("batchKey")] public required string BatchKey { get; init; }
}

/// <summary>What one runner task did for its batch.</summary>
public sealed record BatchResult
{
    [JsonPropertyName("runId")] public required string RunId { get; init; }
    [JsonPropertyName("batch")] public required string Batch { get; init; }
    [JsonPropertyName("startedAt")] public DateTimeOffset StartedAt { get; init; }
    [JsonPropertyName("finishedAt")] public DateTimeOffset FinishedAt { get; init; }
    [JsonPropertyName("entries")] public required IReadOnlyList<RepoEntry> Entries { get; init; }
}
