using GitHubBackup.Core.Contracts;
using GitHubBackup.Core.Engine;
using GitHubBackup.Core.Git;
using GitHubBackup.Core.Storage;

namespace GitHubBackup.Core.Restore;

/// <summary>
/// Restores a manifest entry into bare repositories and checks it against the manifest: each bundle's size and
/// SHA-256 (as it streams), its pack (indexed, every object hashed), connectivity from every ref, the number of
/// refs and the default branch head; each LFS object against its SHA-256 name. What restore and verify both stand on.
/// </summary>
public sealed class CheckedRestore(IBackupStore store, IGit git)
{
    /// <summary>NAME.wiki.git beside NAME.git.</summary>
    public static string WikiDirectory(string repositoryDirectory) => repositoryDirectory[..^".git".Length] + ".wiki.git";

    /// <summary>NAME.metadata beside NAME.git: metadata.json and the release assets.</summary>
    public static string MetadataDirectory(string repositoryDirectory) => repositoryDirectory[..^".git".Length] + ".metadata";

    /// <summary>
    /// The repository into <paramref name="directory"/> (NAME.git) with its LFS objects, and its wiki beside it;
    /// null when everything is exactly what the manifest recorded, else what is wrong.
    /// </summary>
    public async Task<string?> RestoreEntryAsync(RepoEntry entry, string directory, CancellationToken cancellationToken)
    {
        if (await RestoreAsync(entry.Main(), directory, cancellationToken) is { } problem)
        {
            return problem;
        }

        if (entry.Lfs is { ArchiveKey: not null } lfs && await LfsArchive.ReadAsync(store, lfs, directory, cancellationToken) is { } lfsProblem)
        {
            return $"LFS: {lfsProblem}";
        }

        if (entry.Wiki is { BundleKey: not null } wiki && await RestoreAsync(wiki, WikiDirectory(directory), cancellationToken) is { } wikiProblem)
        {
            return $"Wiki: {wikiProblem}";
        }

        return entry.Metadata is { ArchiveKey: not null } metadata && await RestoreMetadataAsync(metadata, MetadataDirectory(directory), cancellationToken) is { } metadataProblem
            ? $"Metadata: {metadataProblem}"
            : null;
    }

    /// <summary>The metadata archive as metadata.json, and each stored release asset checked against its SHA-256.</summary>
    private async Task<string?> RestoreMetadataAsync(MetadataPart part, string directory, CancellationToken cancellationToken)
    {
        MetadataArchive archive;
        try
        {
            archive = await Metadata.MetadataBackup.ReadArchiveAsync(store, part, cancellationToken);
        }
        catch (InvalidDataException e)
        {
            return e.Message;
        }

        Directory.CreateDirectory(Path.Combine(directory, "assets"));
        await File.WriteAllBytesAsync(Path.Combine(directory, "metadata.json"), CoreJson.Serialize(archive), cancellationToken);
        foreach (var asset in archive.Releases.SelectMany(r => r.Assets).Where(a => a.Key is not null))
        {
            await using var stored = await store.OpenReadAsync(asset.Key!, null, cancellationToken);
            if (stored is null)
            {
                return $"Release asset {store.Describe(asset.Key!)} is missing.";
            }

            await using var hashing = new HashingReadStream(stored);
            await using (var file = File.Create(Path.Combine(directory, "assets", Path.GetFileName(asset.Key!))))
            {
                await hashing.CopyToAsync(file, cancellationToken);
            }

            if (hashing.Sha256 != asset.Sha256)
            {
                return $"Release asset {store.Describe(asset.Key!)} hashes to {hashing.Sha256}; the archive recorded {asset.Sha256}.";
            }
        }

        return null;
    }

    /// <summary>Restores one bundle into <paramref name="directory"/>; null when it is exactly what the manifest recorded, else what is wrong.</summary>
    public async Task<string?> RestoreAsync(BundlePart entry, string directory, CancellationToken cancellationToken)
    {
        if (entry.BundleKey is null)
        {
            if (entry.Status != RepoStatus.Empty)
            {
                return $"The manifest lists no bundle for a repository with status '{entry.Status}'.";
            }

            await git.InitEmptyAsync(directory, entry.DefaultBranch, cancellationToken);
            return null;
        }

        if (entry.RestoreLayers() is [.., var newest] && (newest.Key != entry.BundleKey || newest.Sha256 != entry.Sha256 || newest.SizeBytes != entry.SizeBytes))
        {
            return $"The manifest's layers end at {store.Describe(newest.Key)} ({newest.SizeBytes} bytes, SHA-256 {newest.Sha256}), not at its bundle {store.Describe(entry.BundleKey)} ({entry.SizeBytes} bytes, {entry.Sha256}): it was edited or is damaged.";
        }

        await using var layers = new StoredLayers(store, entry.RestoreLayers());
        BundleHeader header;
        try
        {
            header = await git.RestoreBundlesAsync(layers.ReadAsync(cancellationToken), directory, entry.DefaultBranch, cancellationToken);
        }
        catch (StoredLayerException e)
        {
            return e.Message;
        }
        catch (Exception e) when (e is GitCommandException or InvalidDataException)
        {
            // The rest of the bytes still count: a truncated or altered bundle is reported as such, not only as git's complaint.
            return await layers.FinishCurrentAsync(cancellationToken) is { } bytes
                ? $"{bytes} Restoring it failed: {e.Message}"
                : $"The stored bundles match the manifest's SHA-256, but do not restore: {e.Message}";
        }

        var refs = header.NamedRefs;
        if (refs.Count != entry.Refs)
        {
            return $"The restored repository has {refs.Count} refs; the manifest recorded {entry.Refs}.";
        }

        var head = refs.FirstOrDefault(r => r.Name == $"refs/heads/{entry.DefaultBranch}")?.Sha;
        return head == entry.HeadSha ? null : $"The restored {entry.DefaultBranch} is at {head ?? "(missing)"}; the manifest recorded {entry.HeadSha}.";
    }
}
