using System.Diagnostics;
using GitHubBackup.Core.Contracts;
using GitHubBackup.Core.Git;
using GitHubBackup.Core.GitHub;
using GitHubBackup.Core.Storage;

namespace GitHubBackup.Core.Engine;

/// <summary>
/// One repository, start to finish: its bundle (the last verified one, referenced again, when its refs did not move,
/// else cloned, bundled, stored and verified: see <see cref="BundleArchiver"/>), its LFS objects (fetched from the
/// fresh mirror) and its wiki's bundle. A part that fails is recorded in the entry; it does not undo the others.
/// </summary>
public sealed class RepositoryBackup
{
    private readonly IBackupStore _store;
    private readonly Secrets _secrets;
    private readonly IClock _clock;
    private readonly BackupOptions _options;
    private readonly BundleArchiver _bundles;
    private readonly LfsArchiver _lfs;
    private readonly Metadata.MetadataBackup? _metadata;
    private readonly Lazy<Task> _abandonedStagingRemoved;

    /// <param name="github">The API for metadata; needed when <see cref="BackupOptions.Metadata"/> is on.</param>
    public RepositoryBackup(
        IGit git, IBackupStore store, ITokenSource tokens, Secrets secrets, IClock clock, BackupOptions options, IBackupObserver observer, IGitHubRest? github = null)
    {
        _store = store;
        _secrets = secrets;
        _clock = clock;
        _options = options;
        _abandonedStagingRemoved = new(RemoveAbandonedStagingAsync);
        var retries = new StepRetries(options, observer, secrets);
        _bundles = new BundleArchiver(git, store, tokens, retries, observer, clock, options);
        _lfs = new LfsArchiver(git, store, tokens, retries, observer);
        _metadata = options.Metadata
            ? new Metadata.MetadataBackup(github ?? throw new ArgumentNullException(nameof(github), "Metadata needs the GitHub API."), store, clock, options.MetadataOptions)
            : null;
    }

    /// <summary>A mirror takes about what GitHub reports as the repository's size (its packed size).</summary>
    public static long ExpectedScratchBytes(SourceRepository repository) => (repository.SizeKb + 64) * 1024;

    /// <param name="previous">The repository's entry in the latest snapshot, if any.</param>
    /// <param name="clones">What a clone must pass: the run's bound on clones in flight and on scratch space.</param>
    public async Task<RepoEntry> RunAsync(SourceRepository repository, SnapshotTarget target, RepoEntry? previous, CloneGate clones, CancellationToken cancellationToken)
    {
        var started = Stopwatch.StartNew();
        var scratch = Path.Combine(_options.ScratchDirectory, repository.Name);

        // The wiki goes alongside the repository: for an unchanged repository the two ref checks are the whole job.
        var wiki = _options.Wiki && repository.HasWiki ? WikiAsync(repository, target, previous?.Wiki, clones, scratch, cancellationToken) : null;
        try
        {
            var entry = await MainAsync(repository, target, previous, clones, scratch, cancellationToken);
            if (wiki is not null && RepoStatus.IsGood(entry.Status))
            {
                entry = entry with { Wiki = await wiki };
            }

            if (_metadata is not null && RepoStatus.IsGood(entry.Status))
            {
                var metadata = await _metadata.RunAsync(repository, target, previous?.Metadata, cancellationToken);
                entry = entry with { Metadata = metadata.Error is null ? metadata : metadata with { Error = _secrets.Scrub(metadata.Error) } };
            }

            // Carried over unchanged (a re-run of the day): it keeps the run and time that made it.
            return entry == previous ? entry : entry with { DurationMs = started.ElapsedMilliseconds, FinishedAt = _clock.UtcNow, RunId = target.RunId };
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
                Error = _secrets.Scrub(gone ? $"The repository was listed but could not be found when cloned (deleted, renamed or transferred): {e.Message}" : e.Message),
                DurationMs = started.ElapsedMilliseconds,
                FinishedAt = _clock.UtcNow,
                RunId = target.RunId,
            };
        }
        finally
        {
            // The wiki's mirror is under this scratch directory: it must be done with it first.
            if (wiki is not null)
            {
                await Task.WhenAny(wiki);
            }

            Scratch.Delete(scratch);
        }
    }

    /// <summary>The repository's bundle and its LFS objects, which change together (LFS pointers live in the history).</summary>
    private async Task<RepoEntry> MainAsync(SourceRepository repository, SnapshotTarget target, RepoEntry? previous, CloneGate clones, string scratch, CancellationToken cancellationToken)
    {
        var entry = new RepoEntry { Name = repository.Name, FullName = repository.FullName, Status = RepoStatus.Empty };
        var keys = target.Bundle(repository.Name);
        var lfsKeys = target.Lfs(repository.Name);
        await _abandonedStagingRemoved.Value;

        // A previous LFS failure needs the mirror again, so the repository is cloned even if its refs did not move.
        var reusable = _options.Full || (_options.Lfs && previous?.Lfs?.Status == RepoStatus.Failed) ? null : previous;
        var remote = reusable is null ? null : await _bundles.RemoteRefsAsync(repository, repository.CloneUrl, cancellationToken);
        var reuse = reusable is null ? Reuse.None : await _bundles.ReuseAsync(repository, keys, reusable.Main(), remote!, cancellationToken);
        if (reuse.Reused is { } reused)
        {
            if (target.Holds.Contains(repository.Name) && reused.BundleKey == previous!.BundleKey)
            {
                return previous!.WithMain(KeptInSnapshot(previous.Main(), reused));
            }

            var lfs = _options.Lfs ? await _lfs.ReuseAsync(repository, previous!.Lfs, lfsKeys, cancellationToken) : null;
            return entry.WithMain(reused) with { Lfs = lfs };
        }

        using var admitted = await clones.EnterAsync(ExpectedScratchBytes(repository), cancellationToken);
        LfsPart? lfsPart = null;
        var main = await _bundles.ArchiveAsync(
            repository, repository.CloneUrl, keys, Path.Combine(scratch, "repository"), remote?.HeadBranch ?? repository.DefaultBranch, Seed(previous?.Main(), reuse),
            _options.Lfs ? async mirror => lfsPart = await _lfs.ArchiveAsync(repository, mirror, lfsKeys, cancellationToken) : null,
            cancellationToken);
        return entry.WithMain(main with { Repaired = reuse.Rot ?? main.Repaired }) with { Lfs = lfsPart is { Error: { } error } ? lfsPart with { Error = _secrets.Scrub(error) } : lfsPart ?? (_options.Lfs ? LfsArchiver.NotUsed : null) };
    }

    /// <summary>
    /// What killed writers left in the staging folder goes, once per run, before this run stages anything.
    /// Housekeeping: no manifest names a staged key, so when it cannot be done the backup goes on.
    /// </summary>
    private async Task RemoveAbandonedStagingAsync()
    {
        try
        {
            await _store.RemoveAbandonedAsync(BackupLayout.StagingPrefix, CancellationToken.None);
        }
        catch (Exception e) when (StorageFailures.IsStorage(e) || e is UnauthorizedAccessException)
        {
            // Left for the next run, or the bucket's lifecycle rule.
        }
    }

    /// <summary>A part this snapshot already holds stays as it was written; only its proofs move on.</summary>
    private static BundlePart KeptInSnapshot(BundlePart inSnapshot, BundlePart reused) =>
        reused.Layers is { } layers && !layers.SequenceEqual(inSnapshot.RestoreLayers()) ? inSnapshot with { Layers = layers } : inSnapshot;

    /// <summary>
    /// What a changed repository's mirror starts from: its last verified bundle, so only new objects are fetched;
    /// none with <see cref="BackupOptions.Full"/> (clone everything again) or when that bundle was found rotten.
    /// </summary>
    private BundlePart? Seed(BundlePart? previous, Reuse reuse) => _options.Full || reuse.Rot is not null ? null : previous;

    /// <summary>The wiki (<c>NAME.wiki.git</c>): a wiki enabled but never written does not exist on GitHub, and is not a failure.</summary>
    private async Task<BundlePart> WikiAsync(SourceRepository repository, SnapshotTarget target, BundlePart? previous, CloneGate clones, string scratch, CancellationToken cancellationToken)
    {
        var url = new Uri(repository.CloneUrl.ToString()[..^".git".Length] + ".wiki.git");
        var keys = target.Wiki(repository.Name);
        try
        {
            // One request says whether there is a wiki at all, and whether it moved: most wikis are then done.
            var remote = await _bundles.RemoteRefsAsync(repository, url, cancellationToken);
            var reuse = await _bundles.ReuseAsync(repository, keys, _options.Full ? null : previous, remote, cancellationToken);
            if (reuse.Reused is { } reused)
            {
                return target.Holds.Contains(repository.Name) && reused.BundleKey == previous!.BundleKey ? KeptInSnapshot(previous, reused) : reused;
            }

            if (remote.Refs.Count == 0)
            {
                return new BundlePart { Status = RepoStatus.Empty, RefsSha256 = GitRefs.Digest(remote.Refs) };
            }

            using var admitted = await clones.EnterAsync(1 << 20, cancellationToken);
            var archived = await _bundles.ArchiveAsync(repository, url, keys, Path.Combine(scratch, "wiki"), remote.HeadBranch, Seed(previous, reuse), null, cancellationToken);
            return archived with { Repaired = reuse.Rot ?? archived.Repaired };
        }
        catch (Exception e) when (GitFailures.IsGone(e))
        {
            return new BundlePart { Status = RepoStatus.None };
        }
        catch (Exception e) when (e is GitCommandException or IOException or BundleVerificationException or Amazon.Runtime.AmazonServiceException)
        {
            return new BundlePart { Status = RepoStatus.Failed, Error = _secrets.Scrub(e.Message) };
        }
    }
}
