using System.Text.Json.Serialization;

namespace GitHubBackup.Core.Reports;

/// <summary>What the HTML report shows: every snapshot of a destination, as its manifest and verify reports recorded it.</summary>
public sealed record DestinationReport
{
    [JsonPropertyName("destination")] public required string Destination { get; init; }
    [JsonPropertyName("generatedAt")] public DateTimeOffset GeneratedAt { get; init; }

    /// <summary>Oldest first, per org.</summary>
    [JsonPropertyName("snapshots")] public required IReadOnlyList<SnapshotFigures> Snapshots { get; init; }
}

/// <summary>One org's snapshot of one date.</summary>
public sealed record SnapshotFigures
{
    [JsonPropertyName("org")] public required string Org { get; init; }
    [JsonPropertyName("date")] public required string Date { get; init; }
    [JsonPropertyName("runId")] public required string RunId { get; init; }
    [JsonPropertyName("startedAt")] public DateTimeOffset StartedAt { get; init; }
    [JsonPropertyName("finishedAt")] public DateTimeOffset FinishedAt { get; init; }

    /// <summary>From the run's start to its end, as the manifest records them.</summary>
    [JsonPropertyName("durationMs")] public long DurationMs { get; init; }

    /// <summary>Repositories by status: succeeded, unchanged, failed, empty, gone (and any other status a manifest holds).</summary>
    [JsonPropertyName("statuses")] public required IReadOnlyDictionary<string, int> Statuses { get; init; }

    [JsonPropertyName("repos")] public int Repos { get; init; }

    /// <summary>Repositories whose bundle is good but whose wiki, LFS objects or metadata failed.</summary>
    [JsonPropertyName("partsFailed")] public int PartsFailed { get; init; }

    /// <summary>Bytes of every object the snapshot holds: bundles, wiki bundles, LFS archives, metadata archives.</summary>
    [JsonPropertyName("storedBytes")] public long StoredBytes { get; init; }

    /// <summary>Of <see cref="StoredBytes"/>, what this run wrote anew; the rest was carried over (copied or linked) from an earlier snapshot.</summary>
    [JsonPropertyName("transferredBytes")] public long TransferredBytes { get; init; }

    [JsonPropertyName("failures")] public required IReadOnlyList<FailureLine> Failures { get; init; }

    /// <summary>Verify reports published next to the manifest (restore drills), oldest first.</summary>
    [JsonPropertyName("drills")] public required IReadOnlyList<DrillFigures> Drills { get; init; }
}

/// <param name="Part">"repository", "wiki", "lfs" or "metadata".</param>
public sealed record FailureLine(
    [property: JsonPropertyName("repo")] string Repo,
    [property: JsonPropertyName("part")] string Part,
    [property: JsonPropertyName("error")] string Error);

public sealed record DrillFigures
{
    [JsonPropertyName("name")] public required string Name { get; init; }
    [JsonPropertyName("verifiedAt")] public DateTimeOffset VerifiedAt { get; init; }
    [JsonPropertyName("restorable")] public int Restorable { get; init; }
    [JsonPropertyName("checked")] public int Checked { get; init; }
    [JsonPropertyName("passed")] public int Passed { get; init; }
    [JsonPropertyName("failed")] public int Failed { get; init; }
    [JsonPropertyName("failures")] public required IReadOnlyList<FailureLine> Failures { get; init; }
}

[JsonSourceGenerationOptions(WriteIndented = false)]
[JsonSerializable(typeof(DestinationReport))]
internal sealed partial class ReportJson : JsonSerializerContext;
