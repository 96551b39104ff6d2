using System.Diagnostics;
using GitHubBackup.Core.Contracts;
using GitHubBackup.Core.Git;
using GitHubBackup.Core.GitHub;
using GitHubBackup.Core.Storage;
using Polly;
using Polly.Retry;

namespace GitHubBackup.Core.Engine;

/// <summary>
/// One repository, start to finish. When its refs (one <c>git ls-remote</c>) equal those of its last verified
/// backup, that bundle is copied into this snapshot server-side and nothing is cloned. Otherwise: mirror-clone
/// into scratch, stream <c>git bundle create --all</c> to storage while hashing it, remove the mirror, then read
/// the stored bundle back and restore it into scratch (index every object, set every ref, check connectivity)
/// and compare its refs with the mirror's. Scratch never holds more than one copy of the repository, and no
/// bundle is staged on disk.
/// </summary>
public sealed class RepositoryBackup(
    IGit git,
    IBackupStore store,
    ITokenSource tokens,
    Secrets secrets,
    IClock clock,
    BackupOptions options,
    IBackupObserver observer)
{

    private readonly ResiliencePipeline _retry = new ResiliencePipelineBuilder()
        .AddRetry(new RetryStrategyOptions
        {
            MaxRetryAttempts = Math.Max(0, options.Attempts - 1),
            Delay = options.RetryBaseDelay,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is { } e && IsRetryable(e)),
        })
        .Build();

    /// <param name="previous">The repository's entry in the latest snapshot, if any.</param>
    /// <param name="clones">What a clone must pass: the run's bound on clones in flight and on scratch space.</param>
    public async Task<RepoEntry> RunAsync(SourceRepository repository, SnapshotTarget target, RepoEntry? previous, CloneGate clones, CancellationToken cancellationToken)
    {
        var started = Stopwatch.StartNew();
        var scratch = Path.Combine(options.ScratchDirectory, repository.Name);
        try
        {
            RepoEntry Stamped(RepoEntry entry) => entry with { DurationMs = started.ElapsedMilliseconds, FinishedAt = clock.UtcNow, RunId = target.RunId };
            var reused = options.Full ? null : await ReuseIfUnchangedAsync(repository, target, previous, Stamped, cancellationToken);
            if (reused is not null)
            {
                return reused;
            }

            using var admitted = await clones.EnterAsync(ExpectedScratchBytes(repository), cancellationToken);
            return Stamped(await BackupAsync(repository, target, scratch, cancellationToken));
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var gone = GitFailures.IsGone(e);
            return new RepoEntry
            {
                Name = repository.Name,
                FullName = repository.FullName,
                Status = gone ? RepoStatus.Gone : RepoStatus.Failed,
                DefaultBranch = repository.DefaultBranch,
                Error = secrets.Scrub(gone ? $"The repository was listed but could not be found when cloned (deleted, renamed or transferred): {e.Message}" : e.Message),
                DurationMs = started.ElapsedMilliseconds,
                FinishedAt = clock.UtcNow,
                RunId = target.RunId,
            };
        }
        finally
        {
            DeleteScratch(scratch);
        }
    }

    /// <summary>The last verified backup, carried into this snapshot, when the repository's refs have not moved since.</summary>
    private async Task<RepoEntry?> ReuseIfUnchangedAsync(
        SourceRepository repository, SnapshotTarget target, RepoEntry? previous, Func<RepoEntry, RepoEntry> stamped, CancellationToken cancellationToken)
    {
        if (previous is null || !RepoStatus.IsGood(previous.Status) || previous.RefsSha256 is null)
        {
            return null;
        }

        observer.PhaseStarted(repository, BackupPhase.Checking);
        var refs = await WithRetriesAsync(repository, BackupPhase.Checking, async ct =>
            await git.ListRemoteRefsAsync(repository.CloneUrl, new GitCredential(GitCredential.TokenUsername, await tokens.GetTokenAsync(ct)), ct),
            cancellationToken);
        if (GitRefs.Digest(refs) != previous.RefsSha256)
        {
            return null;
        }

        // Its bundle is already in this snapshot (a re-run of the day): the entry stands as it is. Still empty:
        // this run's check is the news.
        var key = target.BundleKey(repository.Name);
        if (previous.BundleKey == key)
        {
            return previous;
        }

        if (previous.Status == RepoStatus.Empty)
        {
            return stamped(previous);
        }

        observer.PhaseStarted(repository, BackupPhase.Copying);
        StoredObject copied;
        try
        {
            copied = await WithRetriesAsync(repository, BackupPhase.Copying, ct => store.CopyAsync(previous.BundleKey!, previous.BundleVersionId, key, ct), cancellationToken);
        }
        catch (Exception e) when (IsMissing(e))
        {
            // The earlier bundle expired or was removed: a fresh backup replaces it.
            return null;
        }

        return copied.Size == previous.SizeBytes
            ? stamped(previous with { Status = RepoStatus.Unchanged, BundleKey = key, BundleVersionId = copied.VersionId, CopiedFrom = previous.BundleKey, Error = null })
            : throw new BundleVerificationException($"Copying {previous.BundleKey} gave {copied.Size} bytes, not the {previous.SizeBytes} it holds.");
    }

    private static string StorageError(Exception error) =>
        error is Amazon.Runtime.AmazonServiceException service
            ? $"{service.ErrorCode} (HTTP {(int)service.StatusCode}): {service.Message}"
            : error.Message;

    /// <summary>A mirror takes about what GitHub reports as the repository's size (its packed size).</summary>
    public static long ExpectedScratchBytes(SourceRepository repository) => (repository.SizeKb + 64) * 1024;

    private static bool IsMissing(Exception error) =>
        error is FileNotFoundException or DirectoryNotFoundException
        || error is Amazon.S3.AmazonS3Exception { StatusCode: System.Net.HttpStatusCode.NotFound };

    private async Task<RepoEntry> BackupAsync(SourceRepository repository, SnapshotTarget target, string scratch, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(scratch);
        var mirror = Path.Combine(scratch, "mirror.git");

        observer.PhaseStarted(repository, BackupPhase.Cloning);
        await WithRetriesAsync(repository, BackupPhase.Cloning, async ct =>
        {
            DeleteScratch(mirror);
            var token = await tokens.GetTokenAsync(ct);
            await git.MirrorCloneAsync(repository.CloneUrl, mirror, new GitCredential(GitCredential.TokenUsername, token), ct);
        }, cancellationToken);

        var refs = await git.ListRefsAsync(mirror, cancellationToken);
        var headBranch = await git.HeadBranchAsync(mirror, cancellationToken) ?? repository.DefaultBranch;
        var entry = new RepoEntry
        {
            Name = repository.Name,
            FullName = repository.FullName,
            Status = RepoStatus.Empty,
            DefaultBranch = headBranch,
            HeadSha = refs.FirstOrDefault(r => r.Name == $"refs/heads/{headBranch}")?.Sha,
            Refs = refs.Count,
            RefsSha256 = GitRefs.Digest(refs),
        };
        if (refs.Count == 0)
        {
            return entry;
        }

        var key = target.BundleKey(repository.Name);
        observer.PhaseStarted(repository, BackupPhase.Storing);
        StoredObject stored;
        string sha256;
        try
        {
            (stored, sha256) = await WithRetriesAsync(repository, BackupPhase.Storing, async ct =>
            {
                await using var bundle = new HashingReadStream(git.OpenBundle(mirror));
                var result = await store.PutAsync(key, bundle, ct);
                return (result, bundle.Sha256);
            }, cancellationToken);
        }
        catch (Exception e) when (e is Amazon.Runtime.AmazonServiceException or IOException)
        {
            throw new IOException($"Storing {store.Describe(key)} failed: {StorageError(e)}", e);
        }
        DeleteScratch(mirror);

        observer.PhaseStarted(repository, BackupPhase.Verifying);
        try
        {
            await VerifyAsync(key, stored, sha256, refs, headBranch, Path.Combine(scratch, "verify.git"), cancellationToken);
        }
        catch (Exception e) when (e is BundleVerificationException or GitCommandException or InvalidDataException)
        {
            // Nothing unverified may stay where a manifest would point.
            await store.DeleteAsync(key, CancellationToken.None);
            throw new BundleVerificationException($"The stored bundle failed verification and was removed: {e.Message}");
        }

        return entry with
        {
            Status = RepoStatus.Succeeded,
            BundleKey = key,
            BundleVersionId = stored.VersionId,
            SizeBytes = stored.Size,
            Sha256 = sha256,
        };
    }

    /// <summary>Reads the stored bundle back, restores it into scratch, and proves bytes, objects and refs are what was written.</summary>
    private async Task VerifyAsync(
        string key, StoredObject stored, string sha256, IReadOnlyList<GitRef> expectedRefs, string? headBranch, string directory,
        CancellationToken cancellationToken)
    {
        await using var read = await store.OpenReadAsync(key, stored.VersionId, cancellationToken)
            ?? throw new BundleVerificationException($"{store.Describe(key)} is missing right after it was written.");
        await using var hashing = new HashingReadStream(read);
        var header = await git.RestoreBundleAsync(hashing, directory, headBranch, cancellationToken);
        await hashing.DrainAsync(cancellationToken);
        if (hashing.BytesRead != stored.Size || hashing.Sha256 != sha256)
        {
            throw new BundleVerificationException(
                $"{store.Describe(key)} reads back as {hashing.BytesRead} bytes with SHA-256 {hashing.Sha256}, but {stored.Size} bytes with {sha256} were written.");
        }

        // The restore set exactly the bundle's refs and proved each resolves: comparing those is comparing the restored repository.
        var differences = GitRefs.Differences(expectedRefs, header.NamedRefs);
        if (differences.Count > 0)
        {
            throw new BundleVerificationException(
                $"The restored refs differ from the mirror's: {string.Join(", ", differences.Take(5))}{(differences.Count > 5 ? $" and {differences.Count - 5} more" : "")}.");
        }

        DeleteScratch(directory);
    }

    private async Task WithRetriesAsync(SourceRepository repository, BackupPhase phase, Func<CancellationToken, Task> action, CancellationToken cancellationToken) =>
        await WithRetriesAsync(repository, phase, async ct =>
        {
            await action(ct);
            return true;
        }, cancellationToken);

    private async Task<T> WithRetriesAsync<T>(SourceRepository repository, BackupPhase phase, Func<CancellationToken, Task<T>> action, CancellationToken cancellationToken)
    {
        var attempt = 0;
        return await _retry.ExecuteAsync(async ct =>
        {
            attempt++;
            try
            {
                return await action(ct);
            }
            catch (Exception e) when (attempt < options.Attempts && IsRetryable(e))
            {
                observer.Retrying(repository, phase, attempt, secrets.Scrub(e.Message));
                throw;
            }
        }, cancellationToken);
    }

    /// <summary>
    /// Transient git failures, and storage failures that are not about the data itself: 5xx after the SDK's own
    /// retries, connection errors, and an upload aborted by a concurrent run cleaning up the same key.
    /// </summary>
    private static bool IsRetryable(Exception error) =>
        GitFailures.IsTransient(error)
        || error is HttpRequestException
        || error is Amazon.Runtime.AmazonServiceException { StatusCode: >= System.Net.HttpStatusCode.InternalServerError }
        || error is Amazon.S3.AmazonS3Exception { ErrorCode: "NoSuchUpload" };

    private static void DeleteScratch(string path)
    {
        if (Directory.Exists(path))
        {
            Directory.Delete(path, recursive: true);
        }
    }
}
