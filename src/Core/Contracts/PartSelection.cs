using System.Text.Json.Serialization;

namespace GitHubBackup.Core.Contracts;

/// <summary>
/// Which parts beyond the bundle a state-machine run backs up, e.g. <c>{"parts": {"metadata": true}}</c>. A field
/// left out keeps the runner's own setting (the stack parameter).
/// </summary>
public sealed record PartSelection
{
    [JsonPropertyName("wiki"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public bool? Wiki { get; init; }

    [JsonPropertyName("lfs"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public bool? Lfs { get; init; }

    [JsonPropertyName("metadata"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public bool? Metadata { get; init; }

    /// <summary>Release assets larger than this many MiB are listed but not stored.</summary>
    [JsonPropertyName("maxAssetMB"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public int? MaxAssetMb { get; init; }

    public const int MaxAssetMbLimit = 100_000;
}
