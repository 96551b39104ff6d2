using System.Text.Json.Serialization;

namespace GitHubBackup.Core.Contracts;

/// <summary>
/// <c>github-backup/&lt;date&gt;/&lt;org&gt;/manifest.json</c>: what one org's snapshot of one date holds.
/// </summary>
public sealed record BackupManifest
{
    /// <summary>2: bundles live under objects/ and are listed per repository in "layers" (1: one bundle per repository, in the snapshot's folder).</summary>
    public const int CurrentSchemaVersion = 2;

    [JsonPropertyName("schemaVersion")] public int SchemaVersion { get; init; } = CurrentSchemaVersion;
    [JsonPropertyName("org")] public required string Org { get; init; }

    /// <summary>UTC date (yyyy-MM-dd) of the start of the run that created the snapshot.</summary>
    [JsonPropertyName("date")] public required string Date { get; init; }

    /// <summary>The run that last wrote this manifest.</summary>
    [JsonPropertyName("runId")] public required string RunId { get; init; }

    /// <summary>The GitHub server the repositories came from, e.g. https://github.com.</summary>
    [JsonPropertyName("source")] public required string Source { get; init; }

    [JsonPropertyName("startedAt")] public DateTimeOffset StartedAt { get; init; }
    [JsonPropertyName("finishedAt")] public DateTimeOffset FinishedAt { get; init; }
    [JsonPropertyName("totals")] public required ManifestTotals Totals { get; init; }
    [JsonPropertyName("repos")] public required IReadOnlyList<RepoEntry> Repos { get; init; }

    /// <summary>Input that re-runs exactly the failed repositories; null when none failed.</summary>
    [JsonPropertyName("rerun")] public RerunHint? Rerun { get; init; }
}

public sealed record ManifestTotals
{
    [JsonPropertyName("repos")] public int Repos { get; init; }
    [JsonPropertyName("succeeded")] public int Succeeded { get; init; }
    [JsonPropertyName("unchanged")] public int Unchanged { get; init; }
    [JsonPropertyName("failed")] public int Failed { get; init; }
    [JsonPropertyName("empty")] public int Empty { get; init; }
    [JsonPropertyName("gone")] public int Gone { get; init; }

    /// <summary>Repositories whose bundle is good but whose wiki or LFS objects failed (they are in "rerun").</summary>
    [JsonPropertyName("partsFailed")] public int PartsFailed { get; init; }
    [JsonPropertyName("bytes")] public long Bytes { get; init; }

    /// <summary>Repositories (or wikis) whose last verified bundle had rotted and was replaced by a fresh clone.</summary>
    [JsonPropertyName("repaired")] public int Repaired { get; init; }
}

/// <summary>The failed repositories, and the state-machine input (and, from a local run, the command) that re-runs exactly them.</summary>
public sealed record RerunHint
{
    [JsonPropertyName("repos")] public required IReadOnlyList<string> Repos { get; init; }
    [JsonPropertyName("executionInput")] public required string ExecutionInput { get; init; }

    /// <summary>The command line that re-runs them, when the run was local (<c>github-backup backup --org acme --repo a,b</c>).</summary>
    [JsonPropertyName("command")] public string? Command { get; init; }
}
