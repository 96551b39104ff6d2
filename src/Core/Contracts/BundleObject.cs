using System.Text.Json.Serialization;

namespace GitHubBackup.Core.Contracts;

/// <summary>
/// One stored git bundle a restore reads. A bundle part's <see cref="BundlePart.Layers"/> is a full bundle followed
/// by incremental ones, each holding only the objects new since the one before and listing every ref of its night.
/// </summary>
public sealed record BundleObject
{
    [JsonPropertyName("key")] public required string Key { get; init; }
    [JsonPropertyName("versionId")] public string? VersionId { get; init; }
    [JsonPropertyName("sizeBytes")] public long SizeBytes { get; init; }
    [JsonPropertyName("sha256")] public required string Sha256 { get; init; }

    /// <summary>The bundle has prerequisites: it applies on top of the layers before it.</summary>
    [JsonPropertyName("incremental")] public bool Incremental { get; init; }

    /// <summary>When it was written and verified.</summary>
    [JsonPropertyName("writtenAt")] public DateTimeOffset WrittenAt { get; init; }

    /// <summary>When its stored bytes were last read and found to be those verified (see <c>Scrub</c>).</summary>
    [JsonPropertyName("provenAt")] public DateTimeOffset ProvenAt { get; init; }
}
