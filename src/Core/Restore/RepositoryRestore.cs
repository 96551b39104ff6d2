using GitHubBackup.Core.Contracts;

namespace GitHubBackup.Core.Restore;

/// <summary>
/// Restores one repository as DIR/NAME.git with every ref (and its LFS objects), and its wiki as DIR/NAME.wiki.git;
/// a restore that fails leaves nothing behind.
/// </summary>
public sealed class RepositoryRestore(CheckedRestore restore)
{
    public async Task<string> RestoreAsync(RepoEntry entry, string targetParent, CancellationToken cancellationToken)
    {
        var target = Path.GetFullPath(Path.Combine(targetParent, BackupLayout.RequireRepo(entry.Name) + ".git"));
        foreach (var path in new[] { target, CheckedRestore.WikiDirectory(target), CheckedRestore.MetadataDirectory(target) })
        {
            if (File.Exists(path))
            {
                throw new RestoreTargetException($"the target '{path}' is a file; move it away or restore into another --to directory.");
            }
        }

        if (Directory.Exists(target) && Directory.EnumerateFileSystemEntries(target).Any())
        {
            throw new RestoreTargetException($"the target '{target}' already exists and is not empty; restore into another --to directory or remove it.");
        }

        var parent = Path.GetDirectoryName(target)!;
        try
        {
            Directory.CreateDirectory(parent);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new RestoreTargetException($"the target folder '{parent}' cannot be created: {e.Message}", e);
        }

        string? problem;
        try
        {
            problem = await restore.RestoreEntryAsync(entry, target, cancellationToken);
        }
        catch
        {
            Remove(target);
            throw;
        }

        if (problem is not null)
        {
            Remove(target);
            throw new InvalidDataException(problem);
        }

        return target;
    }

    private static void Remove(string target)
    {
        Engine.Scratch.Delete(target);
        Engine.Scratch.Delete(CheckedRestore.WikiDirectory(target));
        Engine.Scratch.Delete(CheckedRestore.MetadataDirectory(target));
    }
}

/// <summary>The place a repository was to be restored to cannot take it (it exists, it is a file, it cannot be created): the backup is not at fault.</summary>
public sealed class RestoreTargetException(string message, Exception? inner = null) : Exception(message, inner);
