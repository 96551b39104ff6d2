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
        if (Directory.Exists(target) && Directory.EnumerateFileSystemEntries(target).Any())
        {
            throw new ConfigurationException($"'{target}' already exists and is not empty; restore into another --to directory or remove it.");
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
