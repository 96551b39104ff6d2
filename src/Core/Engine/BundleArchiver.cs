using GitHubBackup.Core.Contracts;
using GitHubBackup.Core.Git;
using GitHubBackup.Core.GitHub;
using GitHubBackup.Core.Storage;

namespace GitHubBackup.Core.Engine;

/// <summary>
/// One git repository (a repository, or its wiki) into one verified bundle. When its refs (one request) equal
/// those of its last verified bundle, that bundle is copied into this snapshot and nothing is cloned. Otherwise:
/// mirror-clone into scratch, stream <c>git bundle create --all</c> to storage while hashing it, remove the
/// mirror, then read the stored bundle back and restore it into scratch (every object indexed, every ref set,
/// connectivity checked) and compare its refs with the mirror's. Scratch never holds more than one copy of the
/// repository, and no bundle is staged on disk.
/// </summary>
public sealed class BundleArchiver(IGit git, IBackupStore store, ITokenSource tokens, StepRetries retries, IBackupObserver observer)
{
    /// <summary>The remote's refs (one request, no clone).</summary>
    public async Task<IReadOnlyList<GitRef>> RemoteRefsAsync(SourceRepository repository, Uri cloneUrl, CancellationToken cancellationToken)
    {
        observer.PhaseStarted(repository, BackupPhase.Checking);
        return await retries.RunAsync(repository, BackupPhase.Checking, async ct => await git.ListRemoteRefsAsync(cloneUrl, await CredentialAsync(ct), ct), cancellationToken);
    }

    /// <summary>The last verified bundle, carried into this snapshot, when the remote's refs are still its refs; null otherwise.</summary>
    public async Task<BundlePart?> ReuseAsync(SourceRepository repository, string key, BundlePart? previous, IReadOnlyList<GitRef> refs, CancellationToken cancellationToken)
    {
        if (previous is null || !RepoStatus.IsGood(previous.Status) || previous.RefsSha256 != GitRefs.Digest(refs))
        {
            return null;
        }

        if (previous.BundleKey is null || previous.BundleKey == key)
        {
            // Empty, or already in this snapshot (a re-run of the day): nothing to copy.
            return previous;
        }

        observer.PhaseStarted(repository, BackupPhase.Copying);
        StoredObject copied;
        try
        {
            copied = await retries.RunAsync(repository, BackupPhase.Copying, ct => store.CopyAsync(previous.BundleKey, previous.BundleVersionId, key, ct), cancellationToken);
        }
        catch (Exception e) when (StorageFailures.IsMissing(e))
        {
            // The earlier bundle expired or was removed: a fresh backup replaces it.
            return null;
        }

        return copied.Size == previous.SizeBytes
            ? previous with { Status = RepoStatus.Unchanged, BundleKey = key, BundleVersionId = copied.VersionId, CopiedFrom = previous.BundleKey, Error = null }
            : throw new BundleVerificationException($"Copying {previous.BundleKey} gave {copied.Size} bytes, not the {previous.SizeBytes} it holds.");
    }

    /// <summary>
    /// Clones, bundles, stores and verifies. <paramref name="withMirror"/> runs on the mirror before it is removed
    /// (e.g. to fetch LFS objects).
    /// </summary>
    public async Task<BundlePart> ArchiveAsync(
        SourceRepository repository, Uri cloneUrl, string key, string scratch, string? defaultBranch, Func<string, Task>? withMirror, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(scratch);
        var mirror = Path.Combine(scratch, "mirror.git");

        observer.PhaseStarted(repository, BackupPhase.Cloning);
        await retries.RunAsync(repository, BackupPhase.Cloning, async ct =>
        {
            Scratch.Delete(mirror);
            await git.MirrorCloneAsync(cloneUrl, mirror, await CredentialAsync(ct), ct);
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
                var result = await store.PutAsync(key, bundle, ct);
                return (result, bundle.Sha256);
            }, cancellationToken);
        }
        catch (Exception e) when (StorageFailures.IsStorage(e))
        {
            throw new IOException($"Storing {store.Describe(key)} failed: {StorageFailures.Describe(e)}", e);
        }

        Scratch.Delete(mirror);

        observer.PhaseStarted(repository, BackupPhase.Verifying);
        try
        {
            await VerifyAsync(key, stored, sha256, refs, headBranch, Path.Combine(scratch, "verify.git"), cancellationToken);
        }
        catch (Exception e) when (e is BundleVerificationException or GitCommandException or InvalidDataException)
        {
            // Nothing unverified may stay where a manifest would point.
            await store.DeleteAsync(key, CancellationToken.None);
            throw new BundleVerificationException($"The stored bundle failed verification and was removed: {e.Message}");
        }

        return part with { Status = RepoStatus.Succeeded, BundleKey = key, BundleVersionId = stored.VersionId, SizeBytes = stored.Size, Sha256 = sha256 };
    }

    private async Task<GitCredential> CredentialAsync(CancellationToken cancellationToken) =>
        new(GitCredential.TokenUsername, await tokens.GetTokenAsync(cancellationToken));

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
