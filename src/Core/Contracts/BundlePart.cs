using System.Text.Json.Serialization;

namespace GitHubBackup.Core.Contracts;

/// <summary>A verified bundle of one git repository other than the main one (the wiki), in the manifest.</summary>
public sealed record BundlePart
{
    /// <summary>"succeeded", "unchanged", "empty", "none" (there is nothing: e.g. a wiki never written), or "failed".</summary>
    [JsonPropertyName("status")] public required string Status { get; init; }
    [JsonPropertyName("defaultBranch")] public string? DefaultBranch { get; init; }
    [JsonPropertyName("headSha")] public string? HeadSha { get; init; }
    [JsonPropertyName("refs")] public int Refs { get; init; }
    [JsonPropertyName("refsSha256")] public string? RefsSha256 { get; init; }
    [JsonPropertyName("bundleKey")] public string? BundleKey { get; init; }
    [JsonPropertyName("bundleVersionId")] public string? BundleVersionId { get; init; }
    [JsonPropertyName("copiedFrom")] public string? CopiedFrom { get; init; }
    [JsonPropertyName("sizeBytes")] public long SizeBytes { get; init; }
    [JsonPropertyName("sha256")] public string? Sha256 { get; init; }
    [JsonPropertyName("error")] public string? Error { get; init; }

    /// <summary>Why the last verified bundle was not carried (its stored bytes were not the recorded ones), when this one replaced it.</summary>
    [JsonPropertyName("repaired")] public string? Repaired { get; init; }

    /// <summary>
    /// Schema 2: every object a restore reads, oldest first, the last being the one at <see cref="BundleKey"/>.
    /// Absent in schema 1, where the bundle at <see cref="BundleKey"/> stands alone.
    /// </summary>
    [JsonPropertyName("layers")] public IReadOnlyList<BundleObject>? Layers { get; init; }

    /// <summary>The objects a restore reads, oldest first, whichever schema wrote the part; empty when there is no bundle.</summary>
    public IReadOnlyList<BundleObject> RestoreLayers() =>
        Layers is { Count: > 0 } layers ? layers
        : BundleKey is null ? []
        : [new BundleObject { Key = BundleKey, VersionId = BundleVersionId, SizeBytes = SizeBytes, Sha256 = Sha256 ?? "" }];
}

/// <summary>The repository's Git LFS objects, stored as one tar of lfs/objects next to its bundle.</summary>
public sealed record LfsPart
{
    /// <summary>"succeeded", "unchanged", "none" (the repository does not use LFS), or "failed".</summary>
    [JsonPropertyName("status")] public required string Status { get; init; }
    [JsonPropertyName("objects")] public int Objects { get; init; }

    /// <summary>The objects' own bytes (the archive adds tar headers).</summary>
    [JsonPropertyName("bytes")] public long Bytes { get; init; }

    [JsonPropertyName("archiveKey")] public string? ArchiveKey { get; init; }
    [JsonPropertyName("archiveVersionId")] public string? ArchiveVersionId { get; init; }
    [JsonPropertyName("copiedFrom")] public string? CopiedFrom { get; init; }
    [JsonPropertyName("sizeBytes")] public long SizeBytes { get; init; }
    [JsonPropertyName("sha256")] public string? Sha256 { get; init; }
    [JsonPropertyName("error")] public string? Error { get; init; }
}
