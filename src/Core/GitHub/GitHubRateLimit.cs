using System.Globalization;
using System.Net;
using System.Net.Http.Headers;

namespace GitHubBackup.Core.GitHub;

/// <summary>Reads GitHub's rate-limit signals from a response: how long it asks the client to wait, if at all.</summary>
public static class GitHubRateLimit
{
    /// <summary>
    /// The wait GitHub asks for: <c>Retry-After</c> (secondary limits, 403 or 429), or the time until
    /// <c>x-ratelimit-reset</c> when <c>x-ratelimit-remaining</c> is 0 (primary limit). Null when the
    /// response is not a rate-limit answer.
    /// </summary>
    public static TimeSpan? RequestedWait(HttpResponseMessage response, DateTimeOffset now)
    {
        if (response.StatusCode is not (HttpStatusCode.Forbidden or HttpStatusCode.TooManyRequests))
        {
            return null;
        }

        if (response.Headers.RetryAfter is { } retryAfter)
        {
            return retryAfter.Delta ?? (retryAfter.Date is { } date ? Max(date - now, TimeSpan.Zero) : TimeSpan.Zero);
        }

        if (Header(response.Headers, "x-ratelimit-remaining") == "0"
            && long.TryParse(Header(response.Headers, "x-ratelimit-reset"), NumberStyles.None, CultureInfo.InvariantCulture, out var reset))
        {
            // One second past the reset: GitHub's clock and ours are not the same clock.
            return Max(DateTimeOffset.FromUnixTimeSeconds(reset) - now, TimeSpan.Zero) + TimeSpan.FromSeconds(1);
        }

        // GitHub's documented fallback for a secondary limit without headers: wait at least a minute.
        return response.StatusCode == HttpStatusCode.TooManyRequests ? TimeSpan.FromMinutes(1) : null;
    }

    private static string? Header(HttpResponseHeaders headers, string name) =>
        headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
