using GitHubBackup.Core.Contracts;
using GitHubBackup.Core.Git;
using GitHubBackup.Core.GitHub;
using GitHubBackup.Core.Storage;

namespace GitHubBackup.Core.Engine;

/// <summary>
/// One git repository (a repository, or its wiki) into one verified bundle. When its refs and HEAD (one request)
/// equal those of its last verified bundle, that bundle is copied into this snapshot, and the copy is proven to
/// hold the recorded bytes (rot is repaired by cloning again). Otherwise: a mirror in scratch (restored from the last
/// verified bundle and brought up to date with a fetch of only what is new, or else a full mirror clone), stream
/// <c>git bundle create --all</c> to a staging key while hashing it, remove the mirror, then read the staged
/// bundle back and restore it into scratch (every object indexed, every ref set, connectivity checked) and compare
/// its refs with the mirror's. Only then is it published, under the key its content names: an object a manifest
/// references is exactly the object that was verified, whatever other runs write meanwhile. Scratch never holds
/// more than one copy of the repository, and no bundle is staged on disk.
/// </summary>
public sealed class BundleArchiver(IGit git, IBackupStore store, ITokenSource tokens, StepRetries retries, IBackupObserver observer)
{
    /// <summary>The remote's refs and HEAD (one request, no clone).</summary>
    public async Task<RemoteRefs> RemoteRefsAsync(SourceRepository repository, Uri cloneUrl, CancellationToken cancellationToken)
    {
        observer.PhaseStarted(repository, BackupPhase.Checking);
        return await retries.RunAsync(repository, BackupPhase.Checking, async ct => await git.ListRemoteRefsAsync(cloneUrl, await CredentialAsync(ct), ct), cancellationToken);
    }

    /// <summary>
    /// The last verified bundle, carried into this snapshot, when the remote's refs and HEAD are still its own;
    /// otherwise <see cref="Reuse.Reused"/> is null, and <see cref="Reuse.Rot"/> says why when the stored bundle
    /// no longer held its recorded bytes.
    /// </summary>
    public async Task<Reuse> ReuseAsync(SourceRepository repository, BundleKeys keys, BundlePart? previous, RemoteRefs remote, CancellationToken cancellationToken)
    {
        if (previous is null || !Unchanged.Matches(previous, remote))
        {
            return Reuse.None;
        }

        if (previous.BundleKey is null)
        {
            return new Reuse(previous, null);
        }

        if (previous.Sha256 is null)
        {
            // Nothing to prove a copy against: a fresh backup replaces it.
            return Reuse.None;
        }

        var key = keys.ForContent(previous.Sha256);
        if (previous.BundleKey == key)
        {
            // Already in this snapshot (a re-run of the day): nothing to copy.
            return new Reuse(previous, null);
        }

        observer.PhaseStarted(repository, BackupPhase.Copying);
        StoredObject copied;
        try
        {
            copied = await retries.RunAsync(repository, BackupPhase.Copying, ct => store.CopyAsync(previous.BundleKey, previous.BundleVersionId, keys.Staged, ct), cancellationToken);
        }
        catch (Exception e) when (StorageFailures.IsMissing(e))
        {
            // The earlier bundle expired or was removed: a fresh backup replaces it.
            return Reuse.None;
        }

        var sha256 = copied.Sha256 ?? await MeasureAsync(keys.Staged, copied.VersionId, cancellationToken);
        if (copied.Size != previous.SizeBytes || sha256 != previous.Sha256)
        {
            await store.DeleteAsync(keys.Staged, CancellationToken.None);
            return new Reuse(null,
                $"{previous.BundleKey} held {copied.Size} bytes with SHA-256 {sha256}, not the {previous.SizeBytes} bytes with {previous.Sha256} recorded when it was verified; it was not carried, and the repository was cloned again.");
        }

        var published = await PublishAsync(keys.Staged, key, sha256, cancellationToken);
        return new Reuse(previous with { Status = RepoStatus.Unchanged, BundleKey = key, BundleVersionId = published.VersionId, CopiedFrom = previous.BundleKey, Error = null, Repaired = null }, null);
    }

    /// <summary>
    /// Clones, bundles, stores and verifies. With a <paramref name="seed"/> (the last verified bundle), the mirror
    /// is restored from it and only what it lacks is fetched; a seed that is gone, or no longer the bytes that were
    /// verified, is passed over for a full clone. <paramref name="withMirror"/> runs on the mirror before it is
    /// removed (e.g. to fetch LFS objects).
    /// </summary>
    public async Task<BundlePart> ArchiveAsync(
        SourceRepository repository, Uri cloneUrl, BundleKeys keys, string scratch, string? defaultBranch, BundlePart? seed, Func<string, Task>? withMirror, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(scratch);
        var mirror = Path.Combine(scratch, "mirror.git");

        observer.PhaseStarted(repository, BackupPhase.Cloning);
        var seeded = seed is not null && await SeedAsync(seed, mirror, cancellationToken);
        await retries.RunAsync(repository, BackupPhase.Cloning, async ct =>
        {
            if (seeded)
            {
                // A fetch that failed leaves the mirror as git leaves it (refs move only once objects are in): the next try fetches again.
                await git.UpdateMirrorAsync(cloneUrl, mirror, defaultBranch, await CredentialAsync(ct), ct);
            }
            else
            {
                Scratch.Delete(mirror);
                await git.MirrorCloneAsync(cloneUrl, mirror, await CredentialAsync(ct), ct);
            }
        }, cancellationToken);

        var refs = await git.ListRefsAsync(mirror, cancellationToken);
        var headBranch = await git.HeadBranchAsync(mirror, cancellationToken) ?? defaultBranch;
        var part = new BundlePart
        {
            Status = RepoStatus.Empty,
            DefaultBranch = headBranch,
            HeadSha = refs.FirstOrDefault(r => r.Name == $"refs/heads/{headBranch}")?.Sha,
            Refs = refs.Count,
            RefsSha256 = GitRefs.Digest(refs),
        };
        if (refs.Count == 0)
        {
            return part;
        }

        if (withMirror is not null)
        {
            await withMirror(mirror);
        }

        observer.PhaseStarted(repository, BackupPhase.Storing);
        StoredObject stored;
        string sha256;
        try
        {
            (stored, sha256) = await retries.RunAsync(repository, BackupPhase.Storing, async ct =>
            {
                await using var bundle = new HashingReadStream(git.OpenBundle(mirror));
                var result = await store.PutAsync(keys.Staged, bundle, ct);
                return (result, bundle.Sha256);
            }, cancellationToken);
        }
        catch (Exception e) when (StorageFailures.IsStorage(e))
        {
            throw new IOException($"Storing {store.Describe(keys.Staged)} failed: {StorageFailures.Describe(e)}", e);
        }

        Scratch.Delete(mirror);

        observer.PhaseStarted(repository, BackupPhase.Verifying);
        try
        {
            await VerifyAsync(keys.Staged, stored, sha256, refs, headBranch, Path.Combine(scratch, "verify.git"), cancellationToken);
        }
        catch (Exception e) when (e is BundleVerificationException or GitCommandException or InvalidDataException)
        {
            // Nothing unverified is ever published.
            await store.DeleteAsync(keys.Staged, CancellationToken.None);
            throw new BundleVerificationException($"The stored bundle failed verification and was removed: {e.Message}");
        }

        var key = keys.ForContent(sha256);
        var published = await PublishAsync(keys.Staged, key, sha256, cancellationToken);
        return part with { Status = RepoStatus.Succeeded, BundleKey = key, BundleVersionId = published.VersionId, SizeBytes = stored.Size, Sha256 = sha256 };
    }

    /// <summary>
    /// A mirror restored from <paramref name="seed"/> (every object's hash and the refs' connectivity checked, as a
    /// restore does), when the stored bytes are still those that were verified; false, and no mirror, otherwise.
    /// </summary>
    private async Task<bool> SeedAsync(BundlePart seed, string mirror, CancellationToken cancellationToken)
    {
        if (seed.BundleKey is null || seed.Sha256 is null)
        {
            return false;
        }

        try
        {
            await using var stored = await store.OpenReadAsync(seed.BundleKey, seed.BundleVersionId, cancellationToken);
            if (stored is null)
            {
                return false;
            }

            await using var bundle = new HashingReadStream(stored);
            await git.RestoreBundleAsync(bundle, mirror, seed.DefaultBranch, cancellationToken);
            await bundle.CopyToAsync(Stream.Null, cancellationToken);
            if (bundle.Sha256 == seed.Sha256)
            {
                return true;
            }
        }
        catch (Exception e) when (e is GitCommandException or InvalidDataException or IOException || StorageFailures.IsStorage(e))
        {
            // Rot, or a seed that cannot be read: a full clone replaces it.
        }

        Scratch.Delete(mirror);
        return false;
    }

    private async Task<GitCredential> CredentialAsync(CancellationToken cancellationToken) =>
        new(GitCredential.TokenUsername, await tokens.GetTokenAsync(cancellationToken));

    /// <summary>Moves a proven staged object to its key; where the store measures the result (S3), it must still be those bytes.</summary>
    private async Task<StoredObject> PublishAsync(string staged, string key, string sha256, CancellationToken cancellationToken)
    {
        StoredObject published;
        try
        {
            published = await store.PublishAsync(staged, key, cancellationToken);
        }
        catch (Exception e) when (StorageFailures.IsStorage(e))
        {
            throw new IOException($"Publishing {store.Describe(staged)} as {store.Describe(key)} failed: {StorageFailures.Describe(e)}", e);
        }

        return published.Sha256 is null || published.Sha256 == sha256
            ? published
            : throw new BundleVerificationException($"{store.Describe(key)} holds SHA-256 {published.Sha256} after publishing, not the verified {sha256}.");
    }

    /// <summary>One read of a stored object, for stores that cannot say what a copy holds.</summary>
    private async Task<string> MeasureAsync(string key, string? versionId, CancellationToken cancellationToken)
    {
        await using var read = await store.OpenReadAsync(key, versionId, cancellationToken)
            ?? throw new BundleVerificationException($"{store.Describe(key)} is missing right after it was copied.");
        await using var hashing = new HashingReadStream(read);
        await hashing.DrainAsync(cancellationToken);
        return hashing.Sha256;
    }

    /// <summary>Reads the stored bundle back, restores it into scratch, and proves bytes, objects and refs are what was written.</summary>
    private async Task VerifyAsync(
        string key, StoredObject stored, string sha256, IReadOnlyList<GitRef> expectedRefs, string? headBranch, string directory,
        CancellationToken cancellationToken)
    {
        await using var read = await store.OpenReadAsync(key, stored.VersionId, cancellationToken)
            ?? throw new BundleVerificationException($"{store.Describe(key)} is missing right after it was written.");
        await using var hashing = new HashingReadStream(read);
        var header = await git.RestoreBundleAsync(hashing, directory, headBranch, cancellationToken);
        await hashing.DrainAsync(cancellationToken);
        if (hashing.BytesRead != stored.Size || hashing.Sha256 != sha256)
        {
            throw new BundleVerificationException(
                $"{store.Describe(key)} reads back as {hashing.BytesRead} bytes with SHA-256 {hashing.Sha256}, but {stored.Size} bytes with {sha256} were written.");
        }

        // The restore set exactly the bundle's refs and proved each resolves: comparing those is comparing the restored repository.
        var differences = GitRefs.Differences(expectedRefs, header.NamedRefs);
        if (differences.Count > 0)
        {
            throw new BundleVerificationException(
                $"The restored refs differ from the mirror's: {string.Join(", ", differences.Take(5))}{(differences.Count > 5 ? $" and {differences.Count - 5} more" : "")}.");
        }

        Scratch.Delete(directory);
    }
}
