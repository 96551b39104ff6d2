using GitHubBackup.Core.GitHub;

namespace GitHubBackup.Core.Engine;

/// <summary>
/// Splits repositories into batches for runner tasks. Largest first, each into the batch with the least
/// work so far (longest-processing-time scheduling), so large repositories spread across tasks instead of
/// piling into one. A batch never exceeds <see cref="BatchLimits.MaxRepos"/>, and the repositories a task
/// may hold at once (its <see cref="BatchLimits.Concurrency"/> largest) fit its scratch space; a repository
/// too large to share a task gets one to itself.
/// </summary>
public static class BatchPlanner
{
    public static IReadOnlyList<IReadOnlyList<SourceRepository>> Plan(IReadOnlyList<SourceRepository> repositories, BatchLimits limits)
    {
        if (repositories.Count == 0)
        {
            return [];
        }

        var byCount = (repositories.Count + limits.MaxRepos - 1) / limits.MaxRepos;
        var total = repositories.Sum(ScratchNeed(limits));
        var byScratch = (int)Math.Ceiling(total / (double)(limits.ScratchBytes * limits.Concurrency));
        var batches = Enumerable.Range(0, Math.Max(1, Math.Max(byCount, byScratch))).Select(_ => new Batch()).ToList();

        foreach (var repository in repositories.OrderByDescending(r => r.SizeKb).ThenBy(r => r.Name, StringComparer.Ordinal))
        {
            var need = ScratchNeed(limits)(repository);
            var target = batches
                .Where(b => b.Repositories.Count < limits.MaxRepos && b.FitsAlongside(need, limits))
                .MinBy(b => b.Bytes);
            if (target is null)
            {
                target = new Batch();
                batches.Add(target);
            }

            target.Add(repository, need);
        }

        return batches.Where(b => b.Repositories.Count > 0).Select(b => (IReadOnlyList<SourceRepository>)b.Repositories).ToList();
    }

    private static Func<SourceRepository, long> ScratchNeed(BatchLimits limits) =>
        repository => (long)(repository.SizeKb * 1024 * limits.ScratchFactor);

    private sealed class Batch
    {
        private readonly List<long> _needsDescending = [];

        public List<SourceRepository> Repositories { get; } = [];

        public long Bytes { get; private set; }

        /// <summary>Repositories arrive largest first, so the task's worst moment is its first few, plus this one.</summary>
        public bool FitsAlongside(long need, BatchLimits limits) =>
            Repositories.Count == 0 || _needsDescending.Take(limits.Concurrency - 1).Sum() + need <= limits.ScratchBytes;

        public void Add(SourceRepository repository, long need)
        {
            Repositories.Add(repository);
            _needsDescending.Add(need);
            Bytes += need;
        }
    }
}
