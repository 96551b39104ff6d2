using GitHubBackup.Core.Contracts;
using GitHubBackup.Core.Metadata;
using GitHubBackup.Core.Storage;

namespace GitHubBackup.Core.Retention;

/// <summary>
/// Every stored object a snapshot's manifest needs to restore: each repository's bundles (every layer), its wiki's, its LFS archive and
/// metadata archive, and the release assets its metadata archive names. Keys, not folders: a manifest may point at
/// objects under another snapshot's prefix.
/// </summary>
public static class SnapshotReferences
{
    /// <summary>
    /// Objects with the size and SHA-256 the snapshot recorded for them (asset keys included). For a snapshot being
    /// deleted (<paramref name="kept"/> false) a metadata archive that cannot be read (e.g. gone in an earlier, refused
    /// prune) only leaves its assets' sizes unknown; for a kept one it stops the prune.
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, RecordedObject>> OfAsync(IBackupStore store, BackupManifest manifest, bool kept, CancellationToken cancellationToken)
    {
        var objects = new Dictionary<string, RecordedObject>(StringComparer.Ordinal);
        void Add(string? key, long size, string? sha256)
        {
            if (key is not null)
            {
                objects[key] = new RecordedObject(size, sha256);
            }
        }

        foreach (var entry in manifest.Repos)
        {
            foreach (var layer in entry.Main().RestoreLayers().Concat(entry.Wiki?.RestoreLayers() ?? []))
            {
                Add(layer.Key, layer.SizeBytes, layer.Sha256);
            }

            Add(entry.Lfs?.ArchiveKey, entry.Lfs?.SizeBytes ?? 0, entry.Lfs?.Sha256);
            if (entry.Metadata is { ArchiveKey: not null } metadata)
            {
                Add(metadata.ArchiveKey, metadata.SizeBytes, metadata.Sha256);
                var archive = await ReadArchiveAsync(store, manifest, metadata, kept, cancellationToken);
                foreach (var asset in archive?.Releases.SelectMany(r => r.Assets) ?? [])
                {
                    Add(asset.Key, asset.Size, asset.Sha256);
                }
            }
        }

        return objects;
    }

    /// <summary>Without the archive there is no knowing which assets the snapshot needs: prune stops before deleting anything.</summary>
    private static async Task<MetadataArchive?> ReadArchiveAsync(IBackupStore store, BackupManifest manifest, MetadataPart metadata, bool kept, CancellationToken cancellationToken)
    {
        try
        {
            return await MetadataBackup.ReadArchiveAsync(store, metadata, cancellationToken);
        }
        catch (InvalidDataException) when (!kept)
        {
            return null;
        }
        catch (InvalidDataException e)
        {
            throw new RunFailedException(
                $"Cannot tell which release assets the snapshot of '{manifest.Org}' on {manifest.Date} needs ({e.Message}); nothing was deleted. Run 'github-backup verify --org {manifest.Org} --date {manifest.Date}' to see what is damaged.", e);
        }
    }
}

/// <summary>An object's size and content hash as a manifest (or metadata archive) recorded them.</summary>
public sealed record RecordedObject(long SizeBytes, string? Sha256);
