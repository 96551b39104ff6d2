namespace GitHubBackup.Core.GitHub;

/// <summary>How politely and how persistently to talk to the GitHub API.</summary>
public sealed record GitHubApiOptions
{
    /// <summary>API requests in flight at once; GitHub's secondary limit allows at most 100.</summary>
    public int MaxConcurrentRequests { get; init; } = 8;

    /// <summary>Retries of one request on 5xx, timeouts, connection errors and rate limits.</summary>
    public int MaxRetries { get; init; } = 6;

    /// <summary>First backoff delay; later ones grow exponentially, with jitter.</summary>
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The longest a rate limit may make a request wait; beyond it the request fails clearly.</summary>
    public TimeSpan MaxRateLimitWait { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>Told of every retry (what failed, which attempt comes next and when), so a slow start says why.</summary>
    public Action<string>? Retrying { get; init; }
}
