using GitHubBackup.Core.GitHub;
using Polly;
using Polly.Retry;

namespace GitHubBackup.Core.Engine;

/// <summary>
/// Retries one step of a repository's backup (a clone, a store, a copy) on transient failures, with exponential
/// backoff and jitter, and says so to the observer.
/// </summary>
public sealed class StepRetries(BackupOptions options, IBackupObserver observer, Secrets secrets)
{
    private readonly ResiliencePipeline _retry = new ResiliencePipelineBuilder()
        .AddRetry(new RetryStrategyOptions
        {
            MaxRetryAttempts = Math.Max(0, options.Attempts - 1),
            Delay = options.RetryBaseDelay,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is { } e && IsRetryable(e)),
        })
        .Build();

    public async Task<T> RunAsync<T>(SourceRepository repository, BackupPhase phase, Func<CancellationToken, Task<T>> action, CancellationToken cancellationToken)
    {
        var attempt = 0;
        return await _retry.ExecuteAsync(async ct =>
        {
            attempt++;
            try
            {
                return await action(ct);
            }
            catch (Exception e) when (attempt < options.Attempts && IsRetryable(e))
            {
                observer.Retrying(repository, phase, attempt, secrets.Scrub(e.Message));
                throw;
            }
        }, cancellationToken);
    }

    public Task RunAsync(SourceRepository repository, BackupPhase phase, Func<CancellationToken, Task> action, CancellationToken cancellationToken) =>
        RunAsync(repository, phase, async ct =>
        {
            await action(ct);
            return true;
        }, cancellationToken);

    /// <summary>
    /// Transient git failures, and storage failures that are not about the data itself: 5xx after the SDK's own
    /// retries, connection errors, and an upload aborted by a concurrent run cleaning up the same key.
    /// </summary>
    private static bool IsRetryable(Exception error) =>
        GitFailures.IsTransient(error)
        || error is HttpRequestException
        || error is Amazon.Runtime.AmazonServiceException { StatusCode: >= System.Net.HttpStatusCode.InternalServerError }
        || error is Amazon.S3.AmazonS3Exception { ErrorCode: "NoSuchUpload" };
}
