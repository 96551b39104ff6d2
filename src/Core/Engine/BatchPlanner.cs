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
    /// <param name="sizeKb">A repository's size as GitHub reports it.</param>
    /// <param name="name">A repository's name, to order equal sizes the same way every time.</param>
    public static IReadOnlyList<IReadOnlyList<T>> Plan<T>(IReadOnlyList<T> repositories, Func<T, long> sizeKb, Func<T, string> name, BatchLimits limits)
    {
        if (repositories.Count == 0)
        {
            return [];
        }

        long ScratchNeed(T repository) => (long)(sizeKb(repository) * 1024 * limits.ScratchFactor);
        var byCount = (repositories.Count + limits.MaxRepos - 1) / limits.MaxRepos;
        var byScratch = (int)Math.Ceiling(repositories.Sum(ScratchNeed) / (double)(limits.ScratchBytes * limits.Concurrency));
        var batches = Enumerable.Range(0, Math.Max(1, Math.Max(byCount, byScratch))).Select(_ => new Batch<T>()).ToList();

        foreach (var repository in repositories.OrderByDescending(sizeKb).ThenBy(name, StringComparer.Ordinal))
        {
            var need = ScratchNeed(repository);
            var target = batches
                .Where(b => b.Repositories.Count < limits.MaxRepos && b.FitsAlongside(need, limits))
                .MinBy(b => b.Bytes);
            if (target is null)
            {
                target = new Batch<T>();
                batches.Add(target);
            }

            target.Add(repository, need);
        }

        return batches.Where(b => b.Repositories.Count > 0).Select(b => (IReadOnlyList<T>)b.Repositories).ToList();
    }

    private sealed class Batch<T>
    {
        private readonly List<long> _needsDescending = [];

        public List<T> Repositories { get; } = [];

        public long Bytes { get; private set; }

        /// <summary>Repositories arrive largest first, so the task's worst moment is its first few, plus this one.</summary>
        public bool FitsAlongside(long need, BatchLimits limits) =>
            Repositories.Count == 0 || _needsDescending.Take(limits.Concurrency - 1).Sum() + need <= limits.ScratchBytes;

        public void Add(T repository, long need)
        {
            Repositories.Add(repository);
            _needsDescending.Add(need);
            Bytes += need;
        }
    }
}
