namespace GitHubBackup.Core.Engine;

/// <summary>
/// What a clone passes through: at most <c>concurrency</c> clones at once, and together within the scratch budget.
/// Checks and copies of unchanged repositories do not pass here, so they run wider.
/// </summary>
public sealed class CloneGate(int concurrency, ScratchBudget scratch) : IDisposable
{
    private readonly SemaphoreSlim _slots = new(concurrency, concurrency);

    public async Task<IDisposable> EnterAsync(long scratchBytes, CancellationToken cancellationToken)
    {
        await _slots.WaitAsync(cancellationToken);
        try
        {
            return new Exit(_slots, await scratch.AcquireAsync(scratchBytes, cancellationToken));
        }
        catch
        {
            _slots.Release();
            throw;
        }
    }

    public void Dispose() => _slots.Dispose();

    private sealed class Exit(SemaphoreSlim slots, IDisposable room) : IDisposable
    {
        public void Dispose()
        {
            room.Dispose();
            slots.Release();
        }
    }
}
