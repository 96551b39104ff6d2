using System.Text.Json.Serialization;

namespace GitHubBackup.Core.Runs;

/// <summary>Input of the Prune Lambda: the run whose snapshot was just written (its plan names the org and the date).</summary>
public sealed record PruneRequest
{
    [JsonPropertyName("runId")] public required string RunId { get; init; }
}
