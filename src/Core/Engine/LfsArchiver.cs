using GitHubBackup.Core.Contracts;
using GitHubBackup.Core.Git;
using GitHubBackup.Core.GitHub;
using GitHubBackup.Core.Storage;

namespace GitHubBackup.Core.Engine;

/// <summary>
/// The Git LFS objects reachable from any ref of a freshly cloned mirror: fetched with <c>git lfs fetch --all</c>
/// (only when a .gitattributes in the history routes files to LFS), stored as one verified archive.
/// </summary>
public sealed class LfsArchiver(IGit git, IBackupStore store, ITokenSource tokens, StepRetries retries, IBackupObserver observer)
{
    public static readonly LfsPart NotUsed = new() { Status = RepoStatus.None };

    public async Task<LfsPart> ArchiveAsync(SourceRepository repository, string mirror, string key, CancellationToken cancellationToken)
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

            var (stored, sha256, count, bytes) = await retries.RunAsync(repository, BackupPhase.Storing, ct => LfsArchive.StoreAsync(store, key, objects, ct), cancellationToken);
            var part = new LfsPart
            {
                Status = RepoStatus.Succeeded,
                Objects = count,
                Bytes = bytes,
                ArchiveKey = key,
                ArchiveVersionId = stored.VersionId,
                SizeBytes = stored.Size,
                Sha256 = sha256,
            };
            if (await LfsArchive.ReadAsync(store, part, repository: null, cancellationToken) is { } problem)
            {
                await store.DeleteAsync(key, CancellationToken.None);
                return new LfsPart { Status = RepoStatus.Failed, Error = $"The stored LFS archive failed verification and was removed: {problem}" };
            }

            return part;
        }
        catch (Exception e) when (e is GitCommandException or IOException or Amazon.Runtime.AmazonServiceException)
        {
            return new LfsPart { Status = RepoStatus.Failed, Error = e.Message };
        }
    }

    /// <summary>The repository's refs did not change, so neither did its LFS objects: the last archive is carried over.</summary>
    public async Task<LfsPart> ReuseAsync(SourceRepository repository, LfsPart? previous, string key, CancellationToken cancellationToken)
    {
        if (previous?.ArchiveKey is null || previous.ArchiveKey == key)
        {
            // No LFS then, none now; or already in this snapshot (a re-run of the day).
            return previous ?? NotUsed;
        }

        var copied = await retries.RunAsync(repository, BackupPhase.Copying, ct => store.CopyAsync(previous.ArchiveKey, previous.ArchiveVersionId, key, ct), cancellationToken);
        return previous with { Status = RepoStatus.Unchanged, ArchiveKey = key, ArchiveVersionId = copied.VersionId, CopiedFrom = previous.ArchiveKey };
    }
}
