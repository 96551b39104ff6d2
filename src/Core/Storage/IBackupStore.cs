namespace GitHubBackup.Core.Storage;

/// <summary>
/// Where backups live: a local directory or an S3 bucket (or any S3-compatible store). Keys are
/// '/'-separated paths relative to the destination root (see <see cref="Contracts.BackupLayout"/>).
/// </summary>
public interface IBackupStore
{
    /// <summary>Where a key lives, for messages: a path or an s3:// address.</summary>
    string Describe(string key);

    /// <summary>Fails with a <see cref="ConfigurationException"/> when the destination cannot be used; writes nothing.</summary>
    Task CheckUsableAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Stores <paramref name="content"/>, read to its end, under <paramref name="key"/>. Readers see the
    /// old object or the whole new one, never a part; when reading or writing fails, nothing is left behind.
    /// </summary>
    Task<StoredObject> PutAsync(string key, Stream content, CancellationToken cancellationToken);

    /// <summary>
    /// Copies an object within the store, atomically like <see cref="PutAsync"/> (server-side on S3): how a
    /// snapshot keeps an unchanged repository's bundle without transferring it again. The result's
    /// <see cref="StoredObject.Sha256"/> is the SHA-256 of the bytes the copy holds, as the store measured them
    /// (locally one read; on S3 the checksum S3 computes while copying), or null when it could not.
    /// </summary>
    Task<StoredObject> CopyAsync(string fromKey, string? fromVersionId, string toKey, CancellationToken cancellationToken);

    /// <summary>
    /// Moves a staged object (written and verified under a staging key) to <paramref name="key"/>, replacing any
    /// object there atomically; the staged key is gone afterwards. Locally a rename (the very bytes verified);
    /// on S3 a server-side copy whose checksum is returned in <see cref="StoredObject.Sha256"/>.
    /// </summary>
    Task<StoredObject> PublishAsync(string stagedKey, string key, CancellationToken cancellationToken);

    /// <summary>
    /// Removes what writers that are gone (killed mid-write or mid-verify) left under <paramref name="stagingPrefix"/>,
    /// never a live writer's: locally, writer folders whose process has exited; on S3, objects older than a day.
    /// </summary>
    Task RemoveAbandonedAsync(string stagingPrefix, CancellationToken cancellationToken);

    /// <summary>An object's stored size, null when it does not exist: one small request (S3 HeadObject), no content.</summary>
    Task<long?> SizeOfAsync(string key, string? versionId, CancellationToken cancellationToken);

    /// <summary>Opens an object for streaming; null when it does not exist.</summary>
    Task<Stream?> OpenReadAsync(string key, string? versionId, CancellationToken cancellationToken);

    /// <summary>Reads a small object whole, with the tag a conditional write compares; null when it does not exist.</summary>
    Task<TaggedContent?> ReadAsync(string key, CancellationToken cancellationToken);

    /// <summary>
    /// Writes a small object only if it is still as read: <paramref name="expectedTag"/> null means "only if
    /// absent". Returns false when another writer got there first, so the caller can read again and merge.
    /// </summary>
    Task<bool> TryWriteAsync(string key, byte[] content, string? expectedTag, CancellationToken cancellationToken);

    /// <summary>Names directly under a prefix ending in '/': objects as "name", deeper levels as "name/".</summary>
    Task<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken cancellationToken);

    Task DeleteAsync(string key, CancellationToken cancellationToken);

    /// <summary>
    /// Keeps an object a new snapshot relies on (one carried from an earlier snapshot, not written again) protected
    /// for as long as a freshly written object would be: on an S3 bucket with an Object Lock default retention, the
    /// version's retain-until date is extended to now plus that retention (never shortened); elsewhere nothing.
    /// </summary>
    Task RetainAsync(string key, string? versionId, CancellationToken cancellationToken);
}

/// <param name="VersionId">The object's version when the bucket keeps versions; null otherwise (never S3's "null").</param>
/// <param name="Sha256">What the store measured the bytes to be, when it did (lowercase hex).</param>
public sealed record StoredObject(long Size, string? VersionId, string? Sha256 = null);

public sealed record TaggedContent(byte[] Content, string Tag);
