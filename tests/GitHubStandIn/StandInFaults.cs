using System.Collections.Concurrent;
using System.Text.RegularExpressions;

namespace GitHubBackup.StandIn;

/// <summary>
/// Faults injected at the HTTP edge. Each rule matches a method and a path (regex on the path, without the
/// query) and fires a number of times (or forever); the first rule that matches and has firings left wins.
/// </summary>
public sealed class StandInFaults
{
    private readonly ConcurrentQueue<Fault> _faults = new();

    /// <summary>Answer with <paramref name="status"/> (e.g. 502, 503) <paramref name="times"/> times, then behave.</summary>
    public Fault Status(string method, string pathPattern, int status, int? times = 1) =>
        Add(new Fault(method, pathPattern, times) { StatusCode = status });

    /// <summary>A secondary rate limit: 403 (or 429) with Retry-After.</summary>
    public Fault SecondaryRateLimit(string method, string pathPattern, int retryAfterSeconds, int status = 403, int? times = 1) =>
        Add(new Fault(method, pathPattern, times)
        {
            StatusCode = status,
            RetryAfterSeconds = retryAfterSeconds,
            Message = "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.",
        });

    /// <summary>The primary rate limit spent: 403 with x-ratelimit-remaining 0 until <paramref name="resetInSeconds"/> from now.</summary>
    public Fault PrimaryRateLimit(string method, string pathPattern, int resetInSeconds, int? times = 1) =>
        Add(new Fault(method, pathPattern, times)
        {
            StatusCode = 403,
            ResetInSeconds = resetInSeconds,
            Message = "API rate limit exceeded for installation.",
        });

    /// <summary>Hold the response for <paramref name="delay"/> (a client timeout), then behave.</summary>
    public Fault Delay(string method, string pathPattern, TimeSpan delay, int? times = 1) =>
        Add(new Fault(method, pathPattern, times) { DelayBy = delay });

    /// <summary>Send <paramref name="bytes"/> bytes of the real response body, then reset the connection.</summary>
    public Fault CutBody(string method, string pathPattern, long bytes, int? times = 1) =>
        Add(new Fault(method, pathPattern, times) { CutAfterBytes = bytes });

    /// <summary>Answer with <paramref name="status"/> and an error message that quotes the request's Authorization header, as a careless proxy does.</summary>
    public Fault EchoCredentials(string method, string pathPattern, int status = 403, int? times = null) =>
        Add(new Fault(method, pathPattern, times) { StatusCode = status, EchoesCredentials = true });

    /// <summary>Hold the next matching request at the door until the test releases it (see <see cref="Gate"/>).</summary>
    public Gate Hold(string method, string pathPattern)
    {
        var gate = new Gate();
        Add(new Fault(method, pathPattern, 1) { Gate = gate });
        return gate;
    }

    /// <summary>Fail the clone of one repository (its pack negotiation) with <paramref name="status"/>.</summary>
    public Fault FailClone(string org, string repo, int status = 500, int? times = 1) =>
        Status("POST", $"^/{Regex.Escape(org)}/{Regex.Escape(repo)}\\.git/git-upload-pack$", status, times);

    internal Fault? Take(string method, string path)
    {
        foreach (var fault in _faults)
        {
            if (fault.Matches(method, path) && fault.TryFire())
            {
                return fault;
            }
        }

        return null;
    }

    private Fault Add(Fault fault)
    {
        _faults.Enqueue(fault);
        return fault;
    }
}

/// <summary>One injected fault and how often it fired.</summary>
public sealed class Fault(string method, string pathPattern, int? times)
{
    private readonly Regex _path = new(pathPattern, RegexOptions.CultureInvariant);
    private int _left = times ?? int.MaxValue;
    private readonly ConcurrentQueue<string> _echoed = new();
    private int _fired;

    public int Fired => Volatile.Read(ref _fired);

    /// <summary>The Authorization headers an <see cref="StandInFaults.EchoCredentials"/> fault quoted back: what must not leak.</summary>
    public IReadOnlyList<string> Echoed => _echoed.ToList();

    internal int? StatusCode { get; init; }
    internal int? RetryAfterSeconds { get; init; }
    internal int? ResetInSeconds { get; init; }
    internal string? Message { get; init; }
    internal TimeSpan? DelayBy { get; init; }
    internal long? CutAfterBytes { get; init; }
    internal bool EchoesCredentials { get; init; }
    internal Gate? Gate { get; init; }

    internal string Echo(string authorization)
    {
        _echoed.Enqueue(authorization);
        return authorization;
    }

    /// <summary>Stops firing from now on.</summary>
    public void Clear() => Volatile.Write(ref _left, 0);

    internal bool Matches(string requestMethod, string path) =>
        string.Equals(method, requestMethod, StringComparison.OrdinalIgnoreCase) && _path.IsMatch(path);

    internal bool TryFire()
    {
        if (Interlocked.Decrement(ref _left) < 0)
        {
            Interlocked.Increment(ref _left);
            return false;
        }

        Interlocked.Increment(ref _fired);
        return true;
    }
}
