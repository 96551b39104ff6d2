using System.Globalization;
using Octokit;
using Polly.Timeout;

namespace GitHubBackup.Core.GitHub;

/// <summary>Turns what Octokit throws into one line that says what is wrong and what to do.</summary>
internal static class GitHubErrors
{
    public static Exception Translate(Exception error, string doing, string fix401, string? fix404 = null)
    {
        var message = error switch
        {
            AuthorizationException => $"GitHub rejected the credentials while {doing} (401 Bad credentials): {fix401}",
            NotFoundException when fix404 is not null => $"{fix404}",
            RateLimitExceededException limit =>
                $"GitHub API rate limit exhausted while {doing}; it resets at {limit.Reset.UtcDateTime.ToString("HH:mm", CultureInfo.InvariantCulture)} UTC, later than this run waits. Run again after the reset.",
            SecondaryRateLimitExceededException => $"GitHub kept answering with its secondary rate limit while {doing}; lower --concurrency and run again.",
            ForbiddenException forbidden =>
                $"GitHub refused access while {doing} (403: {forbidden.ApiError?.Message ?? forbidden.Message}); give the token or App read access (Contents and Metadata: read).",
            ApiException api => $"GitHub answered {(int)api.StatusCode} while {doing} after retries: {api.ApiError?.Message ?? api.Message}. Check the GitHub status page and run again.",
            GitHubUnreachableException unreachable =>
                $"Cannot reach the GitHub API at {unreachable.Address} while {doing}: {unreachable.Message}. Check --api-url (GITHUB_API_URL) and the network.",
            HttpRequestException http => $"Could not reach the GitHub API while {doing}: {http.Message}. Check --api-url and the network.",
            TimeoutRejectedException => $"The GitHub API did not answer in time while {doing}, after retries. Check --api-url and the network, then run again.",
            _ => null,
        };

        if (message is null)
        {
            return error;
        }

        // Rejected credentials, unknown names, refused access and an address where nothing answers are the user's to fix
        // (exit 2); the rest are the run's (exit 1).
        return error is AuthorizationException or NotFoundException or GitHubUnreachableException || (error is ForbiddenException && error is not (RateLimitExceededException or SecondaryRateLimitExceededException))
            ? new ConfigurationException(message, error)
            : new RunFailedException(message, error);
    }
}
