using GitHubBackup.Core.Contracts;
using GitHubBackup.Core.Git;
using GitHubBackup.Core.GitHub;
using GitHubBackup.Core.Storage;

namespace GitHubBackup.Core.Engine;

/// <summary>
/// The Git LFS objects reachable from any ref of a freshly cloned mirror: fetched with <c>git lfs fetch --all</c>
/// (only when a .gitattributes in the history routes files to LFS), stored as one archive, verified under a staging
/// key and published under the key its content names, where later snapshots reference it while the refs do not move.
/// </summary>
public sealed class LfsArchiver(IGit git, IBackupStore store, ITokenSource tokens, StepRetries retries, IBackupObserver observer)
{
    public static readonly LfsPart NotUsed = new() { Status = RepoStatus.None };

    public async Task<LfsPart> ArchiveAsync(SourceRepository repository, string mirror, BundleKeys keys, CancellationToken cancellationToken)
    {
        try
        {
            if (!await git.UsesLfsAsync(mirror, cancellationToken))
            {
                return NotUsed;
            }

            observer.PhaseStarted(repository, BackupPhase.FetchingLfs);
            await retries.RunAsync(repository, BackupPhase.FetchingLfs, async ct =>
                await git.FetchLfsAsync(mirror, new GitCredential(GitCredential.TokenUsername, await tokens.GetTokenAsync(ct)), ct), cancellationToken);
            var objects = Path.Combine(mirror, "lfs", "objects");
            if (!Directory.Exists(objects) || !Directory.EnumerateFiles(objects, "*", SearchOption.AllDirectories).Any())
            {
                return NotUsed;
            }

            var (stored, sha256, count, bytes) = await retries.RunAsync(repository, BackupPhase.Storing, ct => LfsArchive.StoreAsync(store, keys.Staged, objects, ct), cancellationToken);
            var part = new LfsPart
            {
                Status = RepoStatus.Succeeded,
                Objects = count,
                Bytes = bytes,
                ArchiveKey = keys.Staged,
                ArchiveVersionId = stored.VersionId,
                SizeBytes = stored.Size,
                Sha256 = sha256,
            };
            if (await LfsArchive.ReadAsync(store, part, repository: null, cancellationToken) is { } problem)
            {
                await store.DeleteAsync(keys.Staged, CancellationToken.None);
                return new LfsPart { Status = RepoStatus.Failed, Error = $"The stored LFS archive failed verification and was removed: {problem}" };
            }

            var key = keys.ForContent(sha256);
            var published = await store.PublishAsync(keys.Staged, key, cancellationToken);
            return published.Sha256 is null || published.Sha256 == sha256
                ? part with { ArchiveKey = key, ArchiveVersionId = published.VersionId }
                : new LfsPart { Status = RepoStatus.Failed, Error = $"{store.Describe(key)} holds SHA-256 {published.Sha256} after publishing, not the verified {sha256}." };
        }
        catch (Exception e) when (e is GitCommandException or IOException or Amazon.Runtime.AmazonServiceException)
        {
            return new LfsPart { Status = RepoStatus.Failed, Error = e.Message };
        }
    }

    /// <summary>
    /// The repository's refs did not change, so neither did its LFS objects: this snapshot names the last archive
    /// (still there at its recorded size, and kept under Object Lock as long as the snapshot). An archive of an older
    /// layout, in a snapshot's folder, is copied once into objects/.
    /// </summary>
    public async Task<LfsPart> ReuseAsync(SourceRepository repository, LfsPart? previous, BundleKeys keys, CancellationToken cancellationToken)
    {
        if (previous?.ArchiveKey is null || previous.Sha256 is null)
        {
            // No LFS then, none now.
            return previous ?? NotUsed;
        }

        if (!BackupLayout.IsObjectKey(previous.ArchiveKey))
        {
            var key = keys.ForContent(previous.Sha256);
            var copied = await retries.RunAsync(repository, BackupPhase.Copying, ct => store.CopyAsync(previous.ArchiveKey, previous.ArchiveVersionId, key, ct), cancellationToken);
            return previous with { Status = RepoStatus.Unchanged, ArchiveKey = key, ArchiveVersionId = copied.VersionId, CopiedFrom = previous.ArchiveKey };
        }

        var size = await retries.RunAsync(repository, BackupPhase.Copying, ct => store.SizeOfAsync(previous.ArchiveKey, previous.ArchiveVersionId, ct), cancellationToken);
        if (size != previous.SizeBytes)
        {
            return new LfsPart { Status = RepoStatus.Failed, Error = $"{store.Describe(previous.ArchiveKey)} is {(size is null ? "missing" : $"{size} bytes, not the {previous.SizeBytes} recorded")}; the next run fetches the LFS objects again." };
        }

        await retries.RunAsync(repository, BackupPhase.Copying, ct => store.RetainAsync(previous.ArchiveKey, previous.ArchiveVersionId, ct), cancellationToken);
        return previous with { Status = RepoStatus.Unchanged, CopiedFrom = null };
    }
}
