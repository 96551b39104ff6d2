using System.Text.Json;
using System.Text.Json.Serialization;

namespace GitHubBackup.Core.Contracts;

/// <summary>
/// <c>&lt;repo&gt;.metadata.json.gz</c>: a repository's issues (with comments), pull requests (with reviews, review
/// comments and commits), releases (with their assets, stored beside it), labels and milestones, each object kept
/// exactly as GitHub's REST API returned it. Complete on its own in every snapshot, however it was fetched.
/// </summary>
public sealed record MetadataArchive
{
    public const int CurrentSchemaVersion = 1;

    [JsonPropertyName("schemaVersion")] public int SchemaVersion { get; init; } = CurrentSchemaVersion;
    [JsonPropertyName("repo")] public required string Repo { get; init; }

    /// <summary>When the fetch that produced this archive started: the next run asks only for what changed since.</summary>
    [JsonPropertyName("fetchedAt")] public DateTimeOffset FetchedAt { get; init; }

    [JsonPropertyName("issues")] public required IReadOnlyList<IssueRecord> Issues { get; init; }
    [JsonPropertyName("pulls")] public required IReadOnlyList<PullRecord> Pulls { get; init; }
    [JsonPropertyName("releases")] public required IReadOnlyList<ReleaseRecord> Releases { get; init; }
    [JsonPropertyName("labels")] public required IReadOnlyList<JsonElement> Labels { get; init; }
    [JsonPropertyName("milestones")] public required IReadOnlyList<JsonElement> Milestones { get; init; }
}

public sealed record IssueRecord
{
    [JsonPropertyName("issue")] public required JsonElement Issue { get; init; }
    [JsonPropertyName("comments")] public required IReadOnlyList<JsonElement> Comments { get; init; }
}

public sealed record PullRecord
{
    [JsonPropertyName("pull")] public required JsonElement Pull { get; init; }
    [JsonPropertyName("reviews")] public required IReadOnlyList<JsonElement> Reviews { get; init; }
    [JsonPropertyName("reviewComments")] public required IReadOnlyList<JsonElement> ReviewComments { get; init; }
    [JsonPropertyName("commits")] public required IReadOnlyList<JsonElement> Commits { get; init; }
}

public sealed record ReleaseRecord
{
    [JsonPropertyName("release")] public required JsonElement Release { get; init; }
    [JsonPropertyName("assets")] public required IReadOnlyList<AssetRecord> Assets { get; init; }
}

/// <summary>A release asset: stored at <see cref="Key"/>, or skipped (larger than the limit) as <see cref="Skipped"/> says.</summary>
public sealed record AssetRecord
{
    [JsonPropertyName("id")] public long Id { get; init; }
    [JsonPropertyName("name")] public required string Name { get; init; }
    [JsonPropertyName("size")] public long Size { get; init; }
    [JsonPropertyName("updatedAt")] public string? UpdatedAt { get; init; }
    [JsonPropertyName("key")] public string? Key { get; init; }
    [JsonPropertyName("sha256")] public string? Sha256 { get; init; }
    [JsonPropertyName("skipped")] public string? Skipped { get; init; }
}

/// <summary>The metadata archive in the manifest.</summary>
public sealed record MetadataPart
{
    /// <summary>"succeeded", "deferred" (the API budget ran low: the last archive is carried over and fetched first next run), or "failed".</summary>
    [JsonPropertyName("status")] public required string Status { get; init; }
    [JsonPropertyName("archiveKey")] public string? ArchiveKey { get; init; }
    [JsonPropertyName("archiveVersionId")] public string? ArchiveVersionId { get; init; }
    [JsonPropertyName("sizeBytes")] public long SizeBytes { get; init; }
    [JsonPropertyName("sha256")] public string? Sha256 { get; init; }

    /// <summary>What the archive's content is current as of.</summary>
    [JsonPropertyName("fetchedAt")] public DateTimeOffset? FetchedAt { get; init; }

    /// <summary>Null for a full fetch; else the earlier fetch this one only added changes to.</summary>
    [JsonPropertyName("changesSince")] public DateTimeOffset? ChangesSince { get; init; }

    [JsonPropertyName("issues")] public int Issues { get; init; }
    [JsonPropertyName("pulls")] public int Pulls { get; init; }
    [JsonPropertyName("releases")] public int Releases { get; init; }
    [JsonPropertyName("assets")] public int Assets { get; init; }
    [JsonPropertyName("assetsSkipped")] public int AssetsSkipped { get; init; }

    /// <summary>API requests this fetch made.</summary>
    [JsonPropertyName("requests")] public int Requests { get; init; }

    /// <summary>
    /// Lists GitHub answered 404 or 410 for ("issues", "pulls", "releases", "labels", "milestones"): turned off for the
    /// repository or hidden from the credentials; not backed up, so not "0 issues". Null when every list answered.
    /// </summary>
    [JsonPropertyName("notAvailable")] public IReadOnlyList<string>? NotAvailable { get; init; }

    [JsonPropertyName("error")] public string? Error { get; init; }
}
