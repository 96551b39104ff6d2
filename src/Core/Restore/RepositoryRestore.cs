using GitHubBackup.Core.Contracts;
using GitHubBackup.Core.Git;
using GitHubBackup.Core.Storage;

namespace GitHubBackup.Core.Restore;

/// <summary>
/// Restores one repository from its bundle into a bare repository with every ref, checking the bytes
/// against the manifest's SHA-256 and size as they stream. A restore that fails leaves nothing behind.
/// </summary>
public sealed class RepositoryRestore(IBackupStore store, IGit git)
{
    public async Task<string> RestoreAsync(RepoEntry entry, string targetParent, CancellationToken cancellationToken)
    {
        var target = Path.GetFullPath(Path.Combine(targetParent, BackupLayout.RequireRepo(entry.Name) + ".git"));
        if (Directory.Exists(target) && Directory.EnumerateFileSystemEntries(target).Any())
        {
            throw new ConfigurationException($"'{target}' already exists and is not empty; restore into another --to directory or remove it.");
        }

        try
        {
            if (entry.Status == RepoStatus.Empty || entry.BundleKey is null)
            {
                await git.InitEmptyAsync(target, entry.DefaultBranch, cancellationToken);
                return target;
            }

            await using var stored = await store.OpenReadAsync(entry.BundleKey, entry.BundleVersionId, cancellationToken)
                ?? throw new InvalidDataException($"{store.Describe(entry.BundleKey)} is missing, though the manifest lists it.");
            await using var hashing = new HashingReadStream(stored);
            await git.RestoreBundleAsync(hashing, target, entry.DefaultBranch, cancellationToken);
            await hashing.DrainAsync(cancellationToken);
            if (hashing.BytesRead != entry.SizeBytes || hashing.Sha256 != entry.Sha256)
            {
                throw new InvalidDataException(
                    $"{store.Describe(entry.BundleKey)} is {hashing.BytesRead} bytes with SHA-256 {hashing.Sha256}; the manifest recorded {entry.SizeBytes} bytes with {entry.Sha256}.");
            }

            return target;
        }
        catch
        {
            if (Directory.Exists(target))
            {
                Directory.Delete(target, recursive: true);
            }

            throw;
        }
    }
}
