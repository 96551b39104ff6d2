namespace GitHubBackup.Core.Engine;

/// <summary>
/// Admits repositories into scratch by their expected size: together they stay within the budget, except that
/// one repository is always admitted alone (so a repository larger than the budget still runs, by itself).
/// </summary>
public sealed class ScratchBudget(long budgetBytes)
{
    private readonly Lock _gate = new();
    private readonly List<TaskCompletionSource> _waiters = [];
    private long _inUse;

    public long BudgetBytes { get; } = budgetBytes;

    /// <summary>A budget that holds the largest repository with 30% to spare, and never less than 256 MiB.</summary>
    public static ScratchBudget For(IEnumerable<long> expectedBytes) =>
        new(Math.Max(256L << 20, (long)(expectedBytes.DefaultIfEmpty(0).Max() * 1.3)));

    public async Task<IDisposable> AcquireAsync(long bytes, CancellationToken cancellationToken)
    {
        while (true)
        {
            TaskCompletionSource waiter;
            lock (_gate)
            {
                if (_inUse == 0 || _inUse + bytes <= BudgetBytes)
                {
                    _inUse += bytes;
                    return new Release(this, bytes);
                }

                waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _waiters.Add(waiter);
            }

            await waiter.Task.WaitAsync(cancellationToken);
        }
    }

    private void Return(long bytes)
    {
        List<TaskCompletionSource> woken;
        lock (_gate)
        {
            _inUse -= bytes;
            woken = [.. _waiters];
            _waiters.Clear();
        }

        woken.ForEach(w => w.TrySetResult());
    }

    private sealed class Release(ScratchBudget budget, long bytes) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                budget.Return(bytes);
            }
        }
    }
}
