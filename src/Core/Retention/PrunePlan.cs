namespace GitHubBackup.Core.Retention;

/// <summary>What prune would do: every snapshot with its decision, and for each one it deletes, the objects that go.</summary>
public sealed record PrunePlan(RetentionPolicy Policy, IReadOnlyList<SnapshotPlan> Snapshots)
{
    public IEnumerable<SnapshotPlan> Deleted => Snapshots.Where(s => !s.Decision.Keep);

    public int ObjectCount => Deleted.Sum(s => s.Objects.Count + 1);

    /// <summary>Bytes of the objects deleted, as their manifests recorded them (objects of unknown size not counted).</summary>
    public long Bytes => Deleted.Sum(s => s.Objects.Sum(o => o.SizeBytes ?? 0) + s.ManifestBytes);

    /// <summary>
    /// Of <see cref="Bytes"/>, content a kept snapshot also holds under its own key: in a directory those are hard links
    /// to the same file, so deleting them frees no disk space; on S3 they are copies, and the space is freed.
    /// </summary>
    public long SharedBytes => Deleted.Sum(s => s.Objects.Where(o => o.SameContentKept).Sum(o => o.SizeBytes ?? 0));
}

/// <summary>One org's snapshot of one date; for a deleted one, what goes (the manifest last) and what a kept snapshot still needs.</summary>
public sealed record SnapshotPlan(string Org, string Date, RetentionDecision Decision, string ManifestKey, long ManifestBytes)
{
    /// <summary>Objects under the snapshot's prefix that no kept manifest references (the manifest not included).</summary>
    public IReadOnlyList<PruneObject> Objects { get; init; } = [];

    /// <summary>Objects under the snapshot's prefix that a kept snapshot's manifest references: they stay.</summary>
    public IReadOnlyList<string> StillNeeded { get; init; } = [];
}

/// <param name="SizeBytes">As a manifest recorded it; null for an object no manifest names (e.g. a verify report).</param>
/// <param name="SameContentKept">A kept snapshot references an object with the same SHA-256.</param>
public sealed record PruneObject(string Key, long? SizeBytes, bool SameContentKept);

/// <summary>What a prune did: objects deleted, and the ones the store refused (Object Lock, permissions), each with its reason.</summary>
public sealed record PruneResult(int Deleted, IReadOnlyList<string> SnapshotsDeleted, IReadOnlyList<RefusedDelete> Refused);

/// <param name="Where">The object's path or s3:// address, for people.</param>
public sealed record RefusedDelete(string Key, string Where, string Reason);
