using System.Collections.Concurrent;

namespace GitHubBackup.StandIn;

/// <summary>One request as the stand-in saw it. Never holds a secret: the path has no query credentials, auth is a kind.</summary>
public sealed record LoggedRequest(DateTimeOffset At, string Method, string PathAndQuery, string Auth, int Status, TimeSpan Duration);

/// <summary>Everything the stand-in served: requests, clones per repository, peak API concurrency.</summary>
public sealed class StandInLog
{
    private readonly ConcurrentQueue<LoggedRequest> _requests = new();
    private readonly ConcurrentDictionary<string, int> _clones = new(StringComparer.OrdinalIgnoreCase);
    private int _apiInFlight;
    private int _peakApiInFlight;
    private long _bytesServed;
    private long _packBytesServed;

    public IReadOnlyList<LoggedRequest> Requests => _requests.ToList();

    public int PeakConcurrentApiRequests => Volatile.Read(ref _peakApiInFlight);

    public long GitBytesServed => Interlocked.Read(ref _bytesServed);

    /// <summary>Bytes of packs served to fetches and clones (ref advertisements excluded).</summary>
    public long PackBytesServed => Interlocked.Read(ref _packBytesServed);

    /// <summary>Pack negotiations (git-upload-pack POSTs) per "org/repo": how many times it was cloned or fetched.</summary>
    public int Clones(string fullName) => _clones.TryGetValue(fullName, out var count) ? count : 0;

    public int TotalClones => _clones.Values.Sum();

    public int Count(string method, string pathPrefix) =>
        _requests.Count(r => r.Method == method && r.PathAndQuery.StartsWith(pathPrefix, StringComparison.Ordinal));

    internal void Add(LoggedRequest request) => _requests.Enqueue(request);

    internal void CountClone(string fullName) => _clones.AddOrUpdate(fullName, 1, (_, n) => n + 1);

    internal void AddGitBytes(long bytes) => Interlocked.Add(ref _bytesServed, bytes);

    internal void AddPackBytes(long bytes) => Interlocked.Add(ref _packBytesServed, bytes);

    internal IDisposable EnterApi()
    {
        var now = Interlocked.Increment(ref _apiInFlight);
        int peak;
        while (now > (peak = Volatile.Read(ref _peakApiInFlight)) && Interlocked.CompareExchange(ref _peakApiInFlight, now, peak) != peak)
        {
        }

        return new Leave(this);
    }

    private sealed class Leave(StandInLog log) : IDisposable
    {
        public void Dispose() => Interlocked.Decrement(ref log._apiInFlight);
    }
}
