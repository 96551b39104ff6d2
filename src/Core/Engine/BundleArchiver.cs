using GitHubBackup.Core.Contracts;
using GitHubBackup.Core.Git;
using GitHubBackup.Core.GitHub;
using GitHubBackup.Core.Restore;
using GitHubBackup.Core.Storage;

namespace GitHubBackup.Core.Engine;

/// <summary>
/// One git repository (a repository, or its wiki) into verified bundles. When its refs and HEAD (one request) equal
/// those of its last verified bundles, this snapshot references those very objects (nothing is written), proving
/// their stored bytes on the <see cref="Scrub"/> schedule (rot is repaired by cloning again) and extending their
/// Object Lock retention. Otherwise: a mirror in scratch (restored from the last verified bundles and brought up to
/// date with a fetch of only what is new, or else a full mirror clone), stream a bundle to a staging key while
/// hashing it (an incremental layer of only the new objects when <see cref="BundleLayering"/> allows, else a full
/// <c>git bundle create --all</c>), remove the mirror, then read the stored layers back and restore them into scratch
/// (every object indexed, every ref set, connectivity checked) and compare the refs with the mirror's. Only then is
/// the bundle published, under the key its content names: an object a manifest references is exactly the object
/// that was verified, whatever other runs write meanwhile. Scratch never holds more than one copy of the
/// repository, and no bundle is staged on disk.
/// </summary>
public sealed class BundleArchiver(IGit git, IBackupStore store, ITokenSource tokens, StepRetries retries, IBackupObserver observer, IClock clock, BackupOptions options)
{
    /// <summary>The remote's refs and HEAD (one request, no clone).</summary>
    public async Task<RemoteRefs> RemoteRefsAsync(SourceRepository repository, Uri cloneUrl, CancellationToken cancellationToken)
    {
        observer.PhaseStarted(repository, BackupPhase.Checking);
        return await retries.RunAsync(repository, BackupPhase.Checking, async ct => await git.ListRemoteRefsAsync(cloneUrl, await CredentialAsync(ct), ct), cancellationToken);
    }

    /// <summary>
    /// The last verified bundles, carried into this snapshot, when the remote's refs and HEAD are still theirs;
    /// otherwise <see cref="Reuse.Reused"/> is null, and <see cref="Reuse.Rot"/> says why when a stored bundle no
    /// longer held its recorded bytes.
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
            // Nothing to prove the stored bytes against: a fresh backup replaces it.
            return Reuse.None;
        }

        var layers = previous.RestoreLayers();
        if (!layers.All(l => BackupLayout.IsObjectKey(l.Key)))
        {
            return await MoveToObjectsAsync(repository, keys, previous, cancellationToken);
        }

        var now = clock.UtcNow;
        var carried = new List<BundleObject>(layers.Count);
        foreach (var layer in layers)
        {
            observer.PhaseStarted(repository, BackupPhase.Copying);
            var proof = Scrub.IsDue(layer, now, options.ScrubDays)
                ? await ProveAsync(repository, layer, cancellationToken)
                : await CheckSizeAsync(repository, layer, cancellationToken);
            if (proof.Missing)
            {
                // Removed behind the manifest's back: a fresh backup replaces it.
                return Reuse.None;
            }

            if (proof.Rot is { } rot)
            {
                return new Reuse(null, rot);
            }

            carried.Add(proof.Proven ? layer with { ProvenAt = now } : layer);
        }

        await RetainAsync(repository, carried, cancellationToken);
        return new Reuse(previous with { Status = RepoStatus.Unchanged, Layers = carried, CopiedFrom = null, Error = null, Repaired = null }, null);
    }

    /// <summary>A bundle of an older layout (in a snapshot's folder, one per snapshot) is copied once into objects/, proven by the copy.</summary>
    private async Task<Reuse> MoveToObjectsAsync(SourceRepository repository, BundleKeys keys, BundlePart previous, CancellationToken cancellationToken)
    {
        observer.PhaseStarted(repository, BackupPhase.Copying);
        StoredObject copied;
        try
        {
            copied = await retries.RunAsync(repository, BackupPhase.Copying, ct => store.CopyAsync(previous.BundleKey!, previous.BundleVersionId, keys.Staged, ct), cancellationToken);
        }
        catch (Exception e) when (StorageFailures.IsMissing(e))
        {
            // The earlier bundle expired or was removed: a fresh backup replaces it.
            return Reuse.None;
        }

        // Stores that cannot say what a copy holds: one read of it.
        var sha256 = copied.Sha256 ?? (await MeasureAsync(keys.Staged, copied.VersionId, cancellationToken))?.Sha256
            ?? throw new BundleVerificationException($"{store.Describe(keys.Staged)} is missing right after it was copied.");
        if (copied.Size != previous.SizeBytes || sha256 != previous.Sha256)
        {
            await store.DeleteAsync(keys.Staged, CancellationToken.None);
            return new Reuse(null, RotFound(previous.BundleKey!, copied.Size, sha256, previous.SizeBytes, previous.Sha256!));
        }

        var key = keys.ForContent(sha256);
        var published = await PublishAsync(keys.Staged, key, sha256, cancellationToken);
        var now = clock.UtcNow;
        var layer = new BundleObject { Key = key, VersionId = published.VersionId, SizeBytes = copied.Size, Sha256 = sha256, WrittenAt = now, ProvenAt = now };
        return new Reuse(previous with { Status = RepoStatus.Unchanged, BundleKey = key, BundleVersionId = published.VersionId, CopiedFrom = previous.BundleKey, Layers = [layer], Error = null, Repaired = null }, null);
    }

    /// <summary>
    /// Whether a stored layer still holds the bytes that were verified: one read of it, hashed (in-region on AWS). A read,
    /// not a server-side copy: a copy would leave a version of the whole bundle behind on a versioned bucket each time.
    /// </summary>
    private async Task<Proof> ProveAsync(SourceRepository repository, BundleObject layer, CancellationToken cancellationToken)
    {
        var measured = await retries.RunAsync(repository, BackupPhase.Copying, ct => MeasureAsync(layer.Key, layer.VersionId, ct), cancellationToken);
        return measured is not { } bytes ? new Proof(Missing: true, null)
            : bytes.Size == layer.SizeBytes && bytes.Sha256 == layer.Sha256 ? new Proof(false, null)
            : new Proof(false, RotFound(layer.Key, bytes.Size, bytes.Sha256, layer.SizeBytes, layer.Sha256));
    }

    /// <summary>Between proofs, every night: the layer is still there, at its recorded size (one small request, no content).</summary>
    private async Task<Proof> CheckSizeAsync(SourceRepository repository, BundleObject layer, CancellationToken cancellationToken)
    {
        var size = await retries.RunAsync(repository, BackupPhase.Copying, ct => store.SizeOfAsync(layer.Key, layer.VersionId, ct), cancellationToken);
        return size is null ? new Proof(Missing: true, null)
            : size == layer.SizeBytes ? new Proof(false, null, Proven: false)
            : new Proof(false, $"{layer.Key} holds {size} bytes, not the {layer.SizeBytes} recorded when it was verified; it was not carried, and the repository was cloned again.");
    }

    private sealed record Proof(bool Missing, string? Rot, bool Proven = true);

    private static string RotFound(string key, long size, string sha256, long recordedSize, string recordedSha256) =>
        $"{key} held {size} bytes with SHA-256 {sha256}, not the {recordedSize} bytes with {recordedSha256} recorded when it was verified; it was not carried, and the repository was cloned again.";

    /// <summary>Layers this snapshot carries stay under Object Lock as long as the snapshot (see <see cref="IBackupStore.RetainAsync"/>).</summary>
    private async Task RetainAsync(SourceRepository repository, IEnumerable<BundleObject> layers, CancellationToken cancellationToken)
    {
        foreach (var layer in layers)
        {
            try
            {
                await retries.RunAsync(repository, BackupPhase.Copying, ct => store.RetainAsync(layer.Key, layer.VersionId, ct), cancellationToken);
            }
            catch (Exception e) when (StorageFailures.IsStorage(e))
            {
                throw new IOException($"Extending the retention of {store.Describe(layer.Key)} failed: {StorageFailures.Describe(e)}", e);
            }
        }
    }

    /// <summary>
    /// Clones, bundles, stores and verifies. With a <paramref name="seed"/> (the last verified bundles), the mirror
    /// is restored from them and only what they lack is fetched, and the new bundle is an incremental layer on them
    /// when <see cref="BundleLayering"/> allows; a seed that is gone, or no longer the bytes that were verified, is
    /// passed over for a full clone. <paramref name="withMirror"/> runs on the mirror before it is removed (e.g. to
    /// fetch LFS objects).
    /// </summary>
    public async Task<BundlePart> ArchiveAsync(
        SourceRepository repository, Uri cloneUrl, BundleKeys keys, string scratch, string? defaultBranch, BundlePart? seed, Func<string, Task>? withMirror, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(scratch);
        var mirror = Path.Combine(scratch, "mirror.git");

        observer.PhaseStarted(repository, BackupPhase.Cloning);
        var (seedLayers, seedRot) = seed is null ? ([], null) : await SeedAsync(seed, mirror, cancellationToken);
        var seedRefs = seedLayers.Count > 0 ? await git.ListRefsAsync(mirror, cancellationToken) : [];
        // The seed's packs, as its restore indexed and proved them minutes ago: the verification builds on them.
        var seedPacks = Path.Combine(scratch, "seed-packs");
        if (seedLayers.Count > 0)
        {
            HardLink.LinkFiles(Path.Combine(mirror, "objects", "pack"), seedPacks);
        }

        await retries.RunAsync(repository, BackupPhase.Cloning, async ct =>
        {
            if (seedLayers.Count > 0)
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

        IReadOnlyList<BundleObject> under = BundleLayering.CanExtend(seedLayers, options) ? seedLayers : [];
        observer.PhaseStarted(repository, BackupPhase.Storing);
        StoredObject stored;
        string sha256;
        try
        {
            (stored, sha256) = await retries.RunAsync(repository, BackupPhase.Storing, async ct =>
            {
                await using var bundle = new HashingReadStream(under.Count > 0 ? await git.OpenIncrementalBundleAsync(mirror, seedRefs, ct) : git.OpenBundle(mirror));
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
        var staged = new BundleObject { Key = keys.Staged, VersionId = stored.VersionId, SizeBytes = stored.Size, Sha256 = sha256, Incremental = under.Count > 0 };
        try
        {
            await VerifyAsync(staged, under.Count > 0 ? seedPacks : null, refs, headBranch, Path.Combine(scratch, "verify.git"), cancellationToken);
        }
        catch (Exception e) when (e is BundleVerificationException or GitCommandException or InvalidDataException or StoredLayerException)
        {
            // Nothing unverified is ever published.
            await store.DeleteAsync(keys.Staged, CancellationToken.None);
            throw new BundleVerificationException($"The stored bundle failed verification and was removed: {e.Message}");
        }

        var key = keys.ForContent(sha256);
        var published = await PublishAsync(keys.Staged, key, sha256, cancellationToken);
        var now = clock.UtcNow;
        // The layers built on were read twice just now (the seed, the verification): proven.
        var carried = under.Select(l => l with { ProvenAt = now }).ToList();
        await RetainAsync(repository, carried, cancellationToken);
        var written = staged with { Key = key, VersionId = published.VersionId, WrittenAt = now, ProvenAt = now };
        return part with
        {
            Status = RepoStatus.Succeeded, BundleKey = key, BundleVersionId = published.VersionId, SizeBytes = stored.Size, Sha256 = sha256, Layers = [.. carried, written], Repaired = seedRot,
        };
    }

    /// <summary>
    /// A mirror restored from <paramref name="seed"/>'s layers (every object's hash and the refs' connectivity checked,
    /// as a restore does), when the stored bytes are still those that were verified: the layers. Otherwise none, no
    /// mirror, and, when a layer's bytes were not the recorded ones, what was found (the full clone repairs it).
    /// </summary>
    private async Task<(IReadOnlyList<BundleObject> Layers, string? Rot)> SeedAsync(BundlePart seed, string mirror, CancellationToken cancellationToken)
    {
        if (seed.BundleKey is null || seed.Sha256 is null)
        {
            return ([], null);
        }

        var layers = seed.RestoreLayers();
        await using var stored = new StoredLayers(store, layers);
        string? rot = null;
        try
        {
            await git.RestoreBundlesAsync(stored.ReadAsync(cancellationToken), mirror, seed.DefaultBranch, cancellationToken);
            return (layers, null);
        }
        catch (StoredLayerException e)
        {
            rot = e.Missing ? null : e.Message;
        }
        catch (Exception e) when (e is GitCommandException or InvalidDataException or IOException || StorageFailures.IsStorage(e))
        {
            // git's complaint may be about bytes that rotted: those are reported as such.
            rot = await stored.FinishCurrentAsync(cancellationToken);
        }

        Scratch.Delete(mirror);
        return ([], rot is null ? null : $"{rot} It was not built on, and the repository was cloned again.");
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

    /// <summary>One read of a stored object, hashed: its size and SHA-256, or null when it does not exist.</summary>
    private async Task<(long Size, string Sha256)?> MeasureAsync(string key, string? versionId, CancellationToken cancellationToken)
    {
        await using var read = await store.OpenReadAsync(key, versionId, cancellationToken);
        if (read is null)
        {
            return null;
        }

        await using var hashing = new HashingReadStream(read);
        await hashing.DrainAsync(cancellationToken);
        return (hashing.BytesRead, hashing.Sha256);
    }

    /// <summary>
    /// Reads the stored bundle back and restores it into scratch (an incremental one on <paramref name="seedPacks"/>,
    /// the layers under it as the seed's restore proved them), and proves bytes, objects and refs are what was written.
    /// </summary>
    private async Task VerifyAsync(BundleObject staged, string? seedPacks, IReadOnlyList<GitRef> expectedRefs, string? headBranch, string directory, CancellationToken cancellationToken)
    {
        BundleHeader header;
        await using (var stored = new StoredLayers(store, [staged]))
        {
            header = await git.RestoreBundlesAsync(stored.ReadAsync(cancellationToken), directory, headBranch, cancellationToken, seedPacks);
        }

        // The restore set exactly the newest layer's refs and proved each resolves: comparing those is comparing the restored repository.
        var differences = GitRefs.Differences(expectedRefs, header.NamedRefs);
        if (differences.Count > 0)
        {
            throw new BundleVerificationException(
                $"The restored refs differ from the mirror's: {string.Join(", ", differences.Take(5))}{(differences.Count > 5 ? $" and {differences.Count - 5} more" : "")}.");
        }

        Scratch.Delete(directory);
    }
}
