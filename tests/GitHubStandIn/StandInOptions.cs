namespace GitHubBackup.StandIn;

/// <summary>How the stand-in behaves as a network peer.</summary>
public sealed record StandInOptions
{
    /// <summary>Added to every request, like the round trip to github.com (to git requests too, unless <see cref="GitLatency"/> says otherwise).</summary>
    public TimeSpan Latency { get; init; }

    /// <summary>
    /// Added to every git and LFS request instead of <see cref="Latency"/>: GitHub takes longer to answer a git request
    /// (it starts upload-pack) than an API one. Null: <see cref="Latency"/>.
    /// </summary>
    public TimeSpan? GitLatency { get; init; }

    /// <summary>Cap on each response body's rate, like a real link; null for loopback speed.</summary>
    public long? BandwidthBytesPerSecond { get; init; }

    /// <summary>GitHub's maximum per_page.</summary>
    public int PageSizeMax { get; init; } = 100;

    /// <summary>Requests an installation token may make per hour before the primary rate limit answers.</summary>
    public int HourlyRequestBudget { get; init; } = 5000;

    /// <summary>The org the default App installation belongs to.</summary>
    public string DefaultOrg { get; init; } = "acme";
}
