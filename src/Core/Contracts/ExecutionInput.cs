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

    /// <summary>Several orgs, each in a run of its own (a child execution).</summary>
    [JsonPropertyName("orgs"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public IReadOnlyList<string>? Orgs { get; init; }

    /// <summary>Every org the GitHub App is installed on, each in a run of its own.</summary>
    [JsonPropertyName("allOrgs"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] public bool AllOrgs { get; init; }

    /// <summary>Filters; when none is given, the stack's apply.</summary>
    [JsonPropertyName("include"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public IReadOnlyList<string>? Include { get; init; }

    [JsonPropertyName("exclude"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public IReadOnlyList<string>? Exclude { get; init; }

    [JsonPropertyName("skipArchived"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public bool? SkipArchived { get; init; }

    [JsonPropertyName("skipForks"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public bool? SkipForks { get; init; }

    [JsonPropertyName("topics"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public IReadOnlyList<string>? Topics { get; init; }

    /// <summary>Clone every repository even when its refs did not change since the last backup.</summary>
    [JsonPropertyName("full"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] public bool Full { get; init; }

    /// <summary>Wikis, LFS objects, metadata; when not given, the stack's parameters apply.</summary>
    [JsonPropertyName("parts"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public PartSelection? Parts { get; init; }
}
