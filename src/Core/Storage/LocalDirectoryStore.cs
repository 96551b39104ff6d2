using System.Security.Cryptography;

namespace GitHubBackup.Core.Storage;

/// <summary>
/// A local directory. Objects are written to a partial file, flushed to disk, then renamed over the final name,
/// so a reader or a crash never sees part of one. Partial files and lock files live in the store's own folder,
/// <c>&lt;root&gt;/.github-backup/</c>, named by their writer and never by a key, so no repository name can match
/// them and no snapshot holds them. The next writer removes the partial files of writers that are gone (killed
/// mid-write), never a live writer's. Conditional writes hold an exclusive lock file (a flock, honoured by every
/// process of this tool on the machine). Meant for one machine; share backups between machines through S3.
/// </summary>
public sealed class LocalDirectoryStore(string root) : IBackupStore
{
    private static readonly TimeSpan LockTimeout = TimeSpan.FromMinutes(2);

    public string Root { get; } = Path.GetFullPath(root);

    /// <summary>The store's own files: not under <see cref="Contracts.BackupLayout.Root"/>, so never in a snapshot.</summary>
    private string OwnDirectory => Path.Combine(Root, ".github-backup");

    private string PartialDirectory => Path.Combine(OwnDirectory, "partial");

    private string LockDirectory => Path.Combine(OwnDirectory, "locks");

    public string Describe(string key) => PathOf(key);

    public Task CheckUsableAsync(CancellationToken cancellationToken)
    {
        if (File.Exists(Root))
        {
            throw new ConfigurationException($"--dest '{Root}' is a file, not a directory; give a directory (it is created if missing) or an s3:// address.");
        }

        // The nearest existing ancestor must be a writable directory; probing it leaves nothing behind.
        var existing = Root;
        while (!Directory.Exists(existing))
        {
            existing = Path.GetDirectoryName(existing)
                ?? throw new ConfigurationException($"--dest '{Root}' has no existing parent directory.");
            if (File.Exists(existing))
            {
                throw new ConfigurationException($"--dest '{Root}' cannot be created: '{existing}' is a file, not a directory.");
            }
        }

        var probe = Path.Combine(existing, $".github-backup-probe-{Guid.NewGuid():N}");
        try
        {
            using (File.Create(probe, 1, FileOptions.DeleteOnClose))
            {
            }
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            throw new ConfigurationException($"--dest '{Root}' is not writable ('{existing}': {e.Message}); choose a directory this user can write to.", e);
        }

        return Task.CompletedTask;
    }

    public Task<StoredObject> PutAsync(string key, Stream content, CancellationToken cancellationToken) =>
        WriteAtomicallyAsync(key, async partial =>
        {
            await using var file = new FileStream(partial, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous);
            await content.CopyToAsync(file, 1 << 20, cancellationToken);
            await file.FlushAsync(cancellationToken);
            file.Flush(flushToDisk: true);
        }, measure: false, cancellationToken);

    /// <summary>
    /// A hard link: the new snapshot gets its own directory entry for the same, never-modified bytes, instantly and
    /// without using space. Each date folder stays complete on its own, and deleting an old folder leaves the file
    /// to the newer ones. Where links cannot be made (another file system), the kernel copies the file instead.
    /// </summary>
    public Task<StoredObject> CopyAsync(string fromKey, string? fromVersionId, string toKey, CancellationToken cancellationToken) =>
        WriteAtomicallyAsync(toKey, partial =>
        {
            var source = PathOf(fromKey);
            if (!File.Exists(source))
            {
                throw new FileNotFoundException($"{source} does not exist; it cannot be copied.", source);
            }

            if (HardLink.Create(source, partial) != 0)
            {
                File.Copy(source, partial);
                using var file = new FileStream(partial, FileMode.Open, FileAccess.ReadWrite);
                file.Flush(flushToDisk: true);
            }

            return Task.CompletedTask;
        }, measure: true, cancellationToken);

    /// <summary>A rename: the object at the key is the very file that was verified.</summary>
    public Task<StoredObject> PublishAsync(string stagedKey, string key, CancellationToken cancellationToken)
    {
        var staged = PathOf(stagedKey);
        var path = PathOf(key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var size = new FileInfo(staged).Length;
        File.Move(staged, path, overwrite: true);
        return Task.FromResult(new StoredObject(size, VersionId: null));
    }

    public Task RemoveAbandonedAsync(string stagingPrefix, CancellationToken cancellationToken)
    {
        var directory = PathOf(stagingPrefix.TrimEnd('/'));
        if (Directory.Exists(directory))
        {
            foreach (var writer in new DirectoryInfo(directory).EnumerateDirectories().Where(d => !StagingWriter.IsAlive(d.Name)))
            {
                try
                {
                    writer.Delete(recursive: true);
                }
                catch (DirectoryNotFoundException)
                {
                    // Another run removed it first.
                }
            }
        }

        return Task.CompletedTask;
    }

    public Task<long?> SizeOfAsync(string key, string? versionId, CancellationToken cancellationToken)
    {
        var file = new FileInfo(PathOf(key));
        return Task.FromResult(file.Exists ? file.Length : (long?)null);
    }

    public Task<Stream?> OpenReadAsync(string key, string? versionId, CancellationToken cancellationToken)
    {
        var path = PathOf(key);
        Stream? stream = File.Exists(path)
            ? new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 1 << 16, FileOptions.Asynchronous | FileOptions.SequentialScan)
            : null;
        return Task.FromResult(stream);
    }

    public async Task<TaggedContent?> ReadAsync(string key, CancellationToken cancellationToken)
    {
        var path = PathOf(key);
        try
        {
            var content = await File.ReadAllBytesAsync(path, cancellationToken);
            return new TaggedContent(content, TagOf(content));
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    public async Task<bool> TryWriteAsync(string key, byte[] content, string? expectedTag, CancellationToken cancellationToken)
    {
        var path = PathOf(key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var held = await AcquireLockAsync(LockPathOf(key), cancellationToken);
        var current = await ReadAsync(key, cancellationToken);
        if (current?.Tag != expectedTag)
        {
            return false;
        }

        using var source = new MemoryStream(content, writable: false);
        await PutAsync(key, source, cancellationToken);
        return true;
    }

    public Task<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken cancellationToken)
    {
        var directory = PathOf(prefix.TrimEnd('/'));
        IReadOnlyList<string> names = !Directory.Exists(directory)
            ? []
            : new DirectoryInfo(directory).EnumerateFileSystemInfos()
                .Where(entry => entry.FullName != OwnDirectory)
                .Select(entry => entry is DirectoryInfo ? entry.Name + "/" : entry.Name)
                .Order(StringComparer.Ordinal)
                .ToList();
        return Task.FromResult(names);
    }

    public Task DeleteAsync(string key, CancellationToken cancellationToken)
    {
        File.Delete(PathOf(key));
        return Task.CompletedTask;
    }

    /// <summary>A directory has no retention to extend.</summary>
    public Task RetainAsync(string key, string? versionId, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// Writes a partial file, then renames it over the key: readers see all of it or none. With
    /// <paramref name="measure"/>, the partial is read once to hash it before it is renamed.
    /// </summary>
    private async Task<StoredObject> WriteAtomicallyAsync(string key, Func<string, Task> write, bool measure, CancellationToken cancellationToken)
    {
        var path = PathOf(key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        Directory.CreateDirectory(PartialDirectory);
        RemoveAbandonedPartials();
        var partial = Path.Combine(PartialDirectory, $"{StagingWriter.Current}-{Guid.NewGuid():N}");
        try
        {
            await write(partial);
            var size = new FileInfo(partial).Length;
            var sha256 = measure ? await Sha256OfAsync(partial, cancellationToken) : null;
            File.Move(partial, path, overwrite: true);
            return new StoredObject(size, VersionId: null, sha256);
        }
        catch
        {
            File.Delete(partial);
            throw;
        }
    }

    private static async Task<string> Sha256OfAsync(string path, CancellationToken cancellationToken)
    {
        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous | FileOptions.SequentialScan);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(file, cancellationToken));
    }

    private static string TagOf(byte[] content) => Convert.ToHexStringLower(SHA256.HashData(content));

    /// <summary>A partial file whose writer process is gone is what a killed writer left; it goes.</summary>
    private void RemoveAbandonedPartials()
    {
        foreach (var partial in new DirectoryInfo(PartialDirectory).EnumerateFiles())
        {
            var writer = partial.Name[..Math.Max(0, partial.Name.LastIndexOf('-'))];
            if (!StagingWriter.IsAlive(writer))
            {
                partial.Delete();
            }
        }
    }

    /// <summary>One lock file per key, named by the key's hash (keys hold '/').</summary>
    private string LockPathOf(string key)
    {
        Directory.CreateDirectory(LockDirectory);
        return Path.Combine(LockDirectory, TagOf(System.Text.Encoding.UTF8.GetBytes(key)) + ".lock");
    }

    private static async Task<FileStream> AcquireLockAsync(string lockPath, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + LockTimeout;
        while (true)
        {
            try
            {
                return new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(20, 100)), cancellationToken);
            }
        }
    }

    private string PathOf(string key)
    {
        var segments = key.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Any(segment => segment is "." or ".."))
        {
            throw new ArgumentException($"Storage key '{key}' must not contain '.' or '..' segments.", nameof(key));
        }

        return segments.Length == 0 ? Root : Path.Combine([Root, .. segments]);
    }
}
