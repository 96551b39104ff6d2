using System.Text.Json.Serialization;

namespace GitHubBackup.Core.Contracts;

/// <summary>What a verification (or a restore drill) found, per repository and in total.</summary>
public sealed record VerifyReport
{
    [JsonPropertyName("org")] public required string Org { get; init; }
    [JsonPropertyName("date")] public required string Date { get; init; }
    [JsonPropertyName("verifiedAt")] public DateTimeOffset VerifiedAt { get; init; }

    /// <summary>Restorable entries in the snapshot; <see cref="Checked"/> of them were chosen.</summary>
    [JsonPropertyName("restorable")] public int Restorable { get; init; }

    [JsonPropertyName("checked")] public int Checked { get; init; }
    [JsonPropertyName("passed")] public int Passed { get; init; }
    [JsonPropertyName("failed")] public int Failed { get; init; }
    [JsonPropertyName("results")] public required IReadOnlyList<VerifyResult> Results { get; init; }
}

public sealed record VerifyResult
{
    public const string PassedStatus = "passed";
    public const string FailedStatus = "failed";

    [JsonPropertyName("repo")] public required string Repo { get; init; }
    [JsonPropertyName("status")] public required string Status { get; init; }
    [JsonPropertyName("bundleKey")] public string? BundleKey { get; init; }
    [JsonPropertyName("sizeBytes")] public long SizeBytes { get; init; }
    [JsonPropertyName("refs")] public int Refs { get; init; }
    [JsonPropertyName("durationMs")] public long DurationMs { get; init; }
    [JsonPropertyName("error")] public string? Error { get; init; }
}
