namespace GitHubBackup.StandIn;

/// <summary>
/// Holds a request at the moment a test means to test, for as long as it needs, with no sleep: the request waits
/// at <see cref="WaitAsync"/> until <see cref="Release"/>; <see cref="Reached"/> completes when the first arrives.
/// </summary>
public sealed class Gate
{
    private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Reached => _reached.Task;

    public void Release() => _released.TrySetResult();

    public async Task WaitAsync(CancellationToken aborted)
    {
        _reached.TrySetResult();
        await _released.Task.WaitAsync(aborted);
    }
}
