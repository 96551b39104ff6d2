using System.Text.Json.Serialization;

namespace GitHubBackup.Core.Contracts;

/// <summary>One repository's line in the manifest. Shared by the local command, the runner and the Lambdas.</summary>
public sealed record RepoEntry
{
    [JsonPropertyName("name")] public required string Name { get; init; }
    [JsonPropertyName("fullName")] public required string FullName { get; init; }
    [JsonPropertyName("status")] public required string Status { get; init; }
    [JsonPropertyName("defaultBranch")] public string? DefaultBranch { get; init; }
    [JsonPropertyName("headSha")] public string? HeadSha { get; init; }

    /// <summary>Number of refs in the bundle (HEAD not counted).</summary>
    [JsonPropertyName("refs")] public int Refs { get; init; }

    /// <summary>SHA-256 over the sorted "sha refname" lines: two equal digests mean identical refs.</summary>
    [JsonPropertyName("refsSha256")] public string? RefsSha256 { get; init; }

    /// <summary>Key of the bundle relative to the destination root; null when there is no bundle.</summary>
    [JsonPropertyName("bundleKey")] public string? BundleKey { get; init; }

    /// <summary>Storage version of the bundle when the store keeps versions (S3 with versioning).</summary>
    [JsonPropertyName("bundleVersionId")] public string? BundleVersionId { get; init; }

    /// <summary>For an unchanged repository: the verified bundle this snapshot's copy was made from.</summary>
    [JsonPropertyName("copiedFrom")] public string? CopiedFrom { get; init; }

    [JsonPropertyName("sizeBytes")] public long SizeBytes { get; init; }
    [JsonPropertyName("sha256")] public string? Sha256 { get; init; }
    [JsonPropertyName("durationMs")] public long DurationMs { get; init; }
    [JsonPropertyName("error")] public string? Error { get; init; }

    /// <summary>When this entry was produced; the newer entry wins when runs overlap.</summary>
    [JsonPropertyName("finishedAt")] public DateTimeOffset FinishedAt { get; init; }

    [JsonPropertyName("runId")] public string? RunId { get; init; }
}
