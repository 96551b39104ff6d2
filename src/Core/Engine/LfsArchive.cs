using System.Formats.Tar;
using System.IO.Pipelines;
using System.Security.Cryptography;
using GitHubBackup.Core.Contracts;
using GitHubBackup.Core.Storage;

namespace GitHubBackup.Core.Engine;

/// <summary>
/// A repository's Git LFS objects as one tar, laid out as git-lfs keeps them (<c>lfs/objects/aa/bb/OID</c>), so a
/// restore extracts it into the repository. An object's name is the SHA-256 of its content: reading the archive
/// checks every object.
/// </summary>
public static class LfsArchive
{
    /// <summary>Streams the tar of <paramref name="objectsDirectory"/> (the repository's lfs/objects) to storage.</summary>
    public static async Task<(StoredObject Stored, string Sha256, int Objects, long Bytes)> StoreAsync(
        IBackupStore store, string key, string objectsDirectory, CancellationToken cancellationToken)
    {
        var files = Directory.EnumerateFiles(objectsDirectory, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
        var pipe = new Pipe();
        var writing = Task.Run(async () =>
        {
            try
            {
                await using (var tar = new TarWriter(pipe.Writer.AsStream(), TarEntryFormat.Pax, leaveOpen: true))
                {
                    foreach (var file in files)
                    {
                        var name = "lfs/objects/" + Path.GetRelativePath(objectsDirectory, file).Replace('\\', '/');
                        await tar.WriteEntryAsync(file, name, cancellationToken);
                    }
                }

                await pipe.Writer.CompleteAsync();
            }
            catch (Exception e)
            {
                await pipe.Writer.CompleteAsync(e);
            }
        }, cancellationToken);

        await using var archive = new HashingReadStream(pipe.Reader.AsStream());
        var stored = await store.PutAsync(key, archive, cancellationToken);
        await writing;
        return (stored, archive.Sha256, files.Count, files.Sum(f => new FileInfo(f).Length));
    }

    /// <summary>
    /// Reads a stored archive, checking every object against its name and the whole against the recorded size and
    /// SHA-256; extracts the objects under <paramref name="repository"/> when given. Null when all is well, else what is wrong.
    /// </summary>
    public static async Task<string?> ReadAsync(IBackupStore store, LfsPart part, string? repository, CancellationToken cancellationToken)
    {
        if (part.ArchiveKey is null)
        {
            return part.Status is RepoStatus.None ? null : $"The manifest lists no LFS archive for LFS status '{part.Status}'.";
        }

        await using var stored = await store.OpenReadAsync(part.ArchiveKey, part.ArchiveVersionId, cancellationToken);
        if (stored is null)
        {
            return $"{store.Describe(part.ArchiveKey)} is missing, though the manifest lists it.";
        }

        await using var hashing = new HashingReadStream(stored);
        var objects = 0;
        long bytes = 0;
        try
        {
            await using var tar = new TarReader(hashing, leaveOpen: true);
            while (await tar.GetNextEntryAsync(copyData: false, cancellationToken) is { } entry)
            {
                if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile) || entry.DataStream is null)
                {
                    continue;
                }

                var oid = entry.Name[(entry.Name.LastIndexOf('/') + 1)..];
                if (!entry.Name.StartsWith("lfs/objects/", StringComparison.Ordinal) || entry.Name.Contains("..", StringComparison.Ordinal) || oid.Length != 64)
                {
                    return $"{store.Describe(part.ArchiveKey)} holds '{entry.Name}', which is not an LFS object.";
                }

                var content = await CopyCheckedAsync(entry.DataStream, repository is null ? null : Path.Combine(repository, entry.Name), cancellationToken);
                if (content.Sha256 != oid)
                {
                    return $"LFS object {oid} in {store.Describe(part.ArchiveKey)} is corrupted: its content hashes to {content.Sha256}.";
                }

                objects++;
                bytes += content.Length;
            }
        }
        catch (InvalidDataException e)
        {
            return $"{store.Describe(part.ArchiveKey)} is not a readable tar: {e.Message}";
        }

        await hashing.DrainAsync(cancellationToken);
        if (hashing.BytesRead != part.SizeBytes || hashing.Sha256 != part.Sha256)
        {
            return $"{store.Describe(part.ArchiveKey)} is {hashing.BytesRead} bytes with SHA-256 {hashing.Sha256}; the manifest recorded {part.SizeBytes} bytes with {part.Sha256}.";
        }

        return objects == part.Objects && bytes == part.Bytes
            ? null
            : $"{store.Describe(part.ArchiveKey)} holds {objects} objects ({bytes} bytes); the manifest recorded {part.Objects} ({part.Bytes} bytes).";
    }

    private static async Task<(string Sha256, long Length)> CopyCheckedAsync(Stream content, string? target, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Stream? file = null;
        if (target is not null)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            file = File.Create(target);
        }

        await using (file)
        {
            var buffer = new byte[1 << 16];
            long length = 0;
            int read;
            while ((read = await content.ReadAsync(buffer, cancellationToken)) > 0)
            {
                hash.AppendData(buffer, 0, read);
                length += read;
                if (file is not null)
                {
                    await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                }
            }

            return (Convert.ToHexStringLower(hash.GetHashAndReset()), length);
        }
    }
}
