using System.Diagnostics;
using GitHubBackup.Core.Contracts;

namespace GitHubBackup.Core.Restore;

/// <summary>
/// Proves a manifest entry restores: the bundle is fetched, its size and SHA-256 compared with the manifest's,
/// its pack indexed and its connectivity checked (by restoring it into scratch), and the restored refs compared
/// with what the manifest recorded (count, default branch head).
/// </summary>
public sealed class RepositoryVerifier(CheckedRestore restore, string scratchDirectory)
{
    public async Task<VerifyResult> VerifyAsync(RepoEntry entry, CancellationToken cancellationToken)
    {
        var started = Stopwatch.StartNew();
        var directory = Path.Combine(scratchDirectory, $"verify-{Guid.NewGuid():N}.git");
        try
        {
            var problem = await restore.RestoreEntryAsync(entry, directory, cancellationToken);
            return new VerifyResult
            {
                Repo = entry.Name,
                Status = problem is null ? VerifyResult.PassedStatus : VerifyResult.FailedStatus,
                BundleKey = entry.BundleKey,
                SizeBytes = entry.SizeBytes,
                Refs = entry.Refs,
                DurationMs = started.ElapsedMilliseconds,
                Error = problem,
            };
        }
        finally
        {
            Engine.Scratch.Delete(directory);
            Engine.Scratch.Delete(CheckedRestore.WikiDirectory(directory));
            Engine.Scratch.Delete(CheckedRestore.MetadataDirectory(directory));
        }
    }
}
