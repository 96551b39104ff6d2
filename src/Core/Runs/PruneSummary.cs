using System.Text.Json.Serialization;

namespace GitHubBackup.Core.Runs;

/// <summary>
/// What Prune did to the run's org, bounded for a state's output: counts, and a few names of what went and what the
/// store refused (a refused delete keeps its snapshot's manifest, so the next night tries it again).
/// </summary>
public sealed record PruneSummary
{
    /// <summary>Names listed at most, per list: the counts are complete.</summary>
    public const int Listed = 20;

    [JsonPropertyName("runId")] public required string RunId { get; init; }
    [JsonPropertyName("org")] public required string Org { get; init; }
    [JsonPropertyName("date")] public required string Date { get; init; }

    /// <summary>The policy applied, e.g. "keep daily 35, weekly 0, monthly 0".</summary>
    [JsonPropertyName("policy")] public required string Policy { get; init; }

    [JsonPropertyName("snapshotsKept")] public int SnapshotsKept { get; init; }
    [JsonPropertyName("snapshotsDeleted")] public int SnapshotsDeleted { get; init; }

    /// <summary>The first <see cref="Listed"/> deleted snapshots, "date/org".</summary>
    [JsonPropertyName("deleted")] public required IReadOnlyList<string> Deleted { get; init; }

    [JsonPropertyName("objectsDeleted")] public int ObjectsDeleted { get; init; }

    [JsonPropertyName("refused")] public int Refused { get; init; }

    /// <summary>The first <see cref="Listed"/> refused deletes, "s3://...: reason".</summary>
    [JsonPropertyName("refusedDeletes")] public required IReadOnlyList<string> RefusedDeletes { get; init; }
}
