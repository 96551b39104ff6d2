using GitHubBackup.Core.Contracts;
using GitHubBackup.Core.Storage;

namespace GitHubBackup.Core.Retention;

/// <summary>
/// A directory keeps the folders of a pruned snapshot (and the manifest's lock file) after its objects are deleted;
/// S3 has no folders. Removes them when nothing but stale lock files is left, so a pruned date disappears on disk too.
/// </summary>
internal static class EmptySnapshotFolders
{
    public static void Remove(LocalDirectoryStore store, string date, string org)
    {
        var dateFolder = Path.Combine(store.Root, BackupLayout.Root, date);
        var snapshotFolder = Path.Combine(dateFolder, org);
        if (Directory.Exists(snapshotFolder) && RemoveIfEmpty(snapshotFolder) && !Directory.EnumerateFileSystemEntries(dateFolder).Any())
        {
            Directory.Delete(dateFolder);
        }
    }

    /// <summary>Depth first; true when the folder was removed.</summary>
    private static bool RemoveIfEmpty(string folder)
    {
        var emptied = Directory.GetDirectories(folder).Select(RemoveIfEmpty).ToList().TrueForAll(removed => removed);
        var files = Directory.GetFiles(folder);
        if (!emptied || files.Any(file => !IsStaleLock(file)))
        {
            return false;
        }

        foreach (var file in files)
        {
            File.Delete(file);
        }

        Directory.Delete(folder);
        return true;
    }

    /// <summary>The lock file a conditional write leaves beside an object that is now gone.</summary>
    private static bool IsStaleLock(string file) => file.EndsWith(".lock", StringComparison.Ordinal) && !File.Exists(file[..^".lock".Length]);
}
