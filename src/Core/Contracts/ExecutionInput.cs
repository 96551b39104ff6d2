using System.Text.Json.Serialization;

namespace GitHubBackup.Core.Contracts;

/// <summary>
/// Input of a state-machine execution: <c>{}</c> for the whole org, <c>{"repos": [...]}</c> for only those,
/// or <c>{"retryFromRunId": "..."}</c> for the failed repositories of an earlier run.
/// </summary>
public sealed record ExecutionInput
{
    [JsonPropertyName("org"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Org { get; init; }
    [JsonPropertyName("repos"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public IReadOnlyList<string>? Repos { get; init; }
    [JsonPropertyName("retryFromRunId"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? RetryFromRunId { get; init; }

    /// <summary>Clone every repository even when its refs did not change since the last backup.</summary>
    [JsonPropertyName("full"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] public bool Full { get; init; }
}
