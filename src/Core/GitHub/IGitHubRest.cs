using System.Text.Json;

namespace GitHubBackup.Core.GitHub;

/// <summary>
/// GitHub's REST API as raw JSON, for archiving objects exactly as GitHub returns them. Shares the session's
/// concurrency bound, retries and rate-limit waits.
/// </summary>
public interface IGitHubRest
{
    /// <summary>What the API budget looked like on the latest response.</summary>
    RateLimitState RateLimit { get; }

    /// <summary>
    /// Every item of a list endpoint, page by page (per_page=100, following Link rel="next"), until
    /// <paramref name="takeWhile"/> says stop. A 404 or 410 (the feature is off for the repository, or the token may not
    /// see it) is a <see cref="GitHubNotAvailableException"/>: the caller says so rather than recording an empty list.
    /// </summary>
    IAsyncEnumerable<JsonElement> ListAsync(string pathAndQuery, Func<JsonElement, bool>? takeWhile, CancellationToken cancellationToken);

    /// <summary>A release asset's bytes (GitHub redirects to its storage).</summary>
    Task<Stream> DownloadAssetAsync(string owner, string repository, long assetId, CancellationToken cancellationToken);

    /// <summary>Requests made so far: what a fetch cost.</summary>
    int Requests { get; }
}

/// <summary>A list endpoint answered 404 or 410: the feature is off for the repository, or hidden from the credentials.</summary>
public sealed class GitHubNotAvailableException(int status, string path) : Exception($"GitHub answered {status} to GET {path}")
{
    public int Status { get; } = status;
}

/// <summary>The primary rate limit as the last response reported it.</summary>
public sealed class RateLimitState
{
    private long _remaining = long.MaxValue;
    private long _limit = long.MaxValue;

    public long Remaining => Interlocked.Read(ref _remaining);

    public long Limit => Interlocked.Read(ref _limit);

    public void Observe(HttpResponseMessage response)
    {
        if (Header(response, "x-ratelimit-remaining") is { } remaining && Header(response, "x-ratelimit-limit") is { } limit)
        {
            Interlocked.Exchange(ref _remaining, remaining);
            Interlocked.Exchange(ref _limit, limit);
        }
    }

    private static long? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) && long.TryParse(values.FirstOrDefault(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value)
            ? value
            : null;
}
