using System.Collections.Concurrent;
using GitHubBackup.Core.Contracts;
using GitHubBackup.Core.GitHub;

namespace GitHubBackup.Core.Engine;

/// <summary>
/// Backs up many repositories, largest first so the longest ones do not start last:
/// <see cref="BackupOptions.CheckConcurrency"/> in flight, of which at most <see cref="BackupOptions.Concurrency"/>
/// clone at once, within a scratch budget sized by the largest repository. One repository's failure is its own
/// entry; it never stops the others.
/// </summary>
public sealed class BackupEngine(RepositoryBackup repositoryBackup, BackupOptions options, IBackupObserver observer)
{
    /// <summary>
    /// Entries for every repository that finished; a refused one (see <see cref="SourceRepository.Refusal"/>) is failed
    /// without being touched. On cancellation the finished ones are still returned,
    /// so their verified bundles reach the manifest. <paramref name="finished"/> sees each entry as it is
    /// produced, one at a time (a checkpoint that survives the process being killed).
    /// </summary>
    public async Task<IReadOnlyList<RepoEntry>> RunAsync(
        IReadOnlyList<SourceRepository> repositories,
        SnapshotTarget target,
        IReadOnlyDictionary<string, RepoEntry> previous,
        CancellationToken cancellationToken,
        Func<RepoEntry, Task>? finished = null)
    {
        using var checkpoint = new SemaphoreSlim(1, 1);
        using var clones = new CloneGate(options.Concurrency, ScratchBudget.For(repositories.Select(RepositoryBackup.ExpectedScratchBytes)));
        var entries = new ConcurrentBag<RepoEntry>();
        var ordered = repositories.OrderByDescending(r => r.SizeKb).ThenBy(r => r.Name, StringComparer.Ordinal);
        try
        {
            await Parallel.ForEachAsync(
                ordered,
                new ParallelOptions { MaxDegreeOfParallelism = options.CheckConcurrency, CancellationToken = cancellationToken },
                async (repository, ct) =>
                {
                    var entry = repository.Refusal is { } refusal
                        ? new RepoEntry { Name = repository.Name, FullName = repository.FullName, Status = RepoStatus.Failed, Error = refusal, RunId = target.RunId, FinishedAt = DateTimeOffset.UtcNow }
                        : await repositoryBackup.RunAsync(repository, target, previous.GetValueOrDefault(repository.Name), clones, ct);
                    entries.Add(entry);
                    if (finished is not null)
                    {
                        await checkpoint.WaitAsync(CancellationToken.None);
                        try
                        {
                            await finished(entry);
                        }
                        finally
                        {
                            checkpoint.Release();
                        }
                    }

                    // Reported once recorded: a repository the log calls finished survives the process being killed.
                    observer.RepositoryFinished(repository, entry);
                });
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Fall through with what finished.
        }

        return entries.OrderBy(e => e.Name, StringComparer.OrdinalIgnoreCase).ToList();
    }
}
