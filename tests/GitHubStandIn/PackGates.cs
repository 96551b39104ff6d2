using System.Collections.Concurrent;

namespace GitHubBackup.StandIn;

/// <summary>
/// Gates on pack transfers (a clone's or a fetch's git-upload-pack negotiation, not a ref listing): the next fetch
/// of a repository waits at its gate until the test releases it, e.g. to hold one run's clone while another run
/// completes, or to kill a run mid-clone.
/// </summary>
public sealed class PackGates
{
    private readonly ConcurrentDictionary<string, ConcurrentQueue<Gate>> _gates = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Holds the next fetch of <c>org/repo</c> (later ones pass).</summary>
    public Gate HoldNext(string org, string repo)
    {
        var gate = new Gate();
        _gates.GetOrAdd($"{org}/{repo}", _ => new ConcurrentQueue<Gate>()).Enqueue(gate);
        return gate;
    }

    internal Task PassAsync(string fullName, CancellationToken aborted) =>
        _gates.TryGetValue(fullName, out var gates) && gates.TryDequeue(out var gate) ? gate.WaitAsync(aborted) : Task.CompletedTask;
}
