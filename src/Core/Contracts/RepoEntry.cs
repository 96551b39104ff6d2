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

    /// <summary>Schema 2: every object the bundle's restore reads, oldest first (see <see cref="BundlePart.Layers"/>).</summary>
    [JsonPropertyName("layers")] public IReadOnlyList<BundleObject>? Layers { get; init; }

    [JsonPropertyName("durationMs")] public long DurationMs { get; init; }
    [JsonPropertyName("error")] public string? Error { get; init; }

    /// <summary>
    /// Set when the last verified bundle no longer held its recorded bytes (rot, tampering): what was found. That
    /// bundle was not carried; this entry's bundle was cloned again from GitHub and verified.
    /// </summary>
    [JsonPropertyName("repaired")] public string? Repaired { get; init; }

    /// <summary>When this entry was produced; the newer entry wins when runs overlap.</summary>
    [JsonPropertyName("finishedAt")] public DateTimeOffset FinishedAt { get; init; }

    [JsonPropertyName("runId")] public string? RunId { get; init; }

    /// <summary>The wiki's bundles (<c>objects/&lt;org&gt;/&lt;repo&gt;/wiki.&lt;sha256&gt;.bundle</c>); null when the repository has no wiki or wikis are not backed up.</summary>
    [JsonPropertyName("wiki")] public BundlePart? Wiki { get; init; }

    /// <summary>The Git LFS objects (<c>objects/&lt;org&gt;/&lt;repo&gt;/lfs.&lt;sha256&gt;.tar</c>); null when LFS is not backed up.</summary>
    [JsonPropertyName("lfs")] public LfsPart? Lfs { get; init; }

    /// <summary>Issues, pull requests, releases, labels and milestones (<c>&lt;repo&gt;.metadata.json.gz</c>); null when not backed up.</summary>
    [JsonPropertyName("metadata")] public MetadataPart? Metadata { get; init; }

    /// <summary>The main bundle's facts as a part, the shape the archiver works with.</summary>
    public BundlePart Main() => new()
    {
        Status = Status,
        DefaultBranch = DefaultBranch,
        HeadSha = HeadSha,
        Refs = Refs,
        RefsSha256 = RefsSha256,
        BundleKey = BundleKey,
        BundleVersionId = BundleVersionId,
        CopiedFrom = CopiedFrom,
        SizeBytes = SizeBytes,
        Sha256 = Sha256,
        Repaired = Repaired,
        Layers = Layers,
    };

    public RepoEntry WithMain(BundlePart main) => this with
    {
        Status = main.Status,
        DefaultBranch = main.DefaultBranch,
        HeadSha = main.HeadSha,
        Refs = main.Refs,
        RefsSha256 = main.RefsSha256,
        BundleKey = main.BundleKey,
        BundleVersionId = main.BundleVersionId,
        CopiedFrom = main.CopiedFrom,
        SizeBytes = main.SizeBytes,
        Sha256 = main.Sha256,
        Repaired = main.Repaired,
        Layers = main.Layers,
    };

    /// <summary>The repository itself, or one of its parts (wiki, LFS), failed: it is to be run again.</summary>
    [JsonIgnore]
    public bool NeedsRerun =>
        Status == RepoStatus.Failed || Wiki?.Status == RepoStatus.Failed || Lfs?.Status == RepoStatus.Failed || Metadata?.Status == RepoStatus.Failed;
}
