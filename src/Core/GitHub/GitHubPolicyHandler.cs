using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace GitHubBackup.Core.GitHub;

/// <summary>
/// The HTTP edge of every GitHub API call: bounded concurrency (shared by all clients of a run),
/// a per-attempt timeout, and retries with exponential backoff and jitter on 5xx, timeouts and
/// connection errors; rate limits are waited out as GitHub asks, up to <see cref="GitHubApiOptions.MaxRateLimitWait"/>.
/// A server that refuses the connection or a host name that does not resolve is not retried: that is a wrong
/// --api-url (or no network), said at once as a <see cref="GitHubUnreachableException"/>.
/// </summary>
public sealed class GitHubPolicyHandler : DelegatingHandler
{
    private readonly SemaphoreSlim _slots;
    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;

    private readonly RateLimitState? _rateLimit;

    /// <param name="rateLimit">Told about every response's rate-limit headers, when given.</param>
    public GitHubPolicyHandler(GitHubApiOptions options, SemaphoreSlim slots, TimeProvider time, HttpMessageHandler inner, RateLimitState? rateLimit = null)
        : base(inner)
    {
        _slots = slots;
        _rateLimit = rateLimit;
        _pipeline = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = options.MaxRetries,
                Delay = options.BaseDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                MaxDelay = options.MaxRateLimitWait,
                ShouldHandle = args => ValueTask.FromResult(args.Outcome switch
                {
                    { Exception: GitHubUnreachableException } => false,
                    { Exception: HttpRequestException or TimeoutRejectedException } => true,
                    { Result: { } response } => IsTransient(response, options, time.GetUtcNow()),
                    _ => false,
                }),
                DelayGenerator = args => ValueTask.FromResult(
                    args.Outcome.Result is { } response ? GitHubRateLimit.RequestedWait(response, time.GetUtcNow()) : null),
                OnRetry = args =>
                {
                    var failure = args.Outcome.Result is { } response ? $"answered {(int)response.StatusCode} {response.ReasonPhrase}" : $"failed: {args.Outcome.Exception?.Message}";
                    options.Retrying?.Invoke(string.Create(
                        CultureInfo.InvariantCulture,
                        $"GitHub API {failure}; retry {args.AttemptNumber + 1} of {options.MaxRetries} in {args.RetryDelay.TotalSeconds:0.0} s"));
                    args.Outcome.Result?.Dispose();
                    return ValueTask.CompletedTask;
                },
            })
            .AddTimeout(options.AttemptTimeout)
            .Build();
    }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        _pipeline.ExecuteAsync(
            static async (state, token) =>
            {
                await state.Handler._slots.WaitAsync(token);
                try
                {
                    HttpResponseMessage response;
                    try
                    {
                        response = await state.Handler.SendInnerAsync(state.Request, token);
                    }
                    catch (HttpRequestException e) when (GitHubUnreachableException.IsUnreachable(e))
                    {
                        throw new GitHubUnreachableException(state.Request.RequestUri!, e);
                    }

                    state.Handler._rateLimit?.Observe(response);

                    // API bodies are small JSON; reading them inside the slot keeps the bound honest. Asset
                    // downloads are streamed, so they are not buffered.
                    if (response.Content.Headers.ContentType?.MediaType != "application/octet-stream")
                    {
                        await response.Content.LoadIntoBufferAsync(token);
                    }
                    return response;
                }
                finally
                {
                    state.Handler._slots.Release();
                }
            },
            (Handler: this, Request: request),
            cancellationToken).AsTask();

    private Task<HttpResponseMessage> SendInnerAsync(HttpRequestMessage request, CancellationToken token) =>
        base.SendAsync(request, token);

    private static bool IsTransient(HttpResponseMessage response, GitHubApiOptions options, DateTimeOffset now)
    {
        if ((int)response.StatusCode >= 500)
        {
            return true;
        }

        // A rate limit is worth waiting for only when it lifts soon; otherwise the caller fails clearly.
        return GitHubRateLimit.RequestedWait(response, now) is { } wait && wait <= options.MaxRateLimitWait
            && response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.TooManyRequests;
    }
}

/// <summary>Nothing answers at the API's address: the connection was refused, or the host name does not resolve.</summary>
public sealed class GitHubUnreachableException(Uri requestUri, HttpRequestException inner)
    : HttpRequestException(inner.HttpRequestError, inner.Message, inner)
{
    /// <summary>The server root that was asked (no path or query: those may carry names, never secrets, but are noise).</summary>
    public string Address { get; } = requestUri.GetLeftPart(UriPartial.Authority);

    public static bool IsUnreachable(HttpRequestException error) =>
        error.HttpRequestError == HttpRequestError.NameResolutionError
        || error.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionRefused or SocketError.HostNotFound or SocketError.NoData };
}
