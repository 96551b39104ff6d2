using System.Globalization;
using System.Text.Json;

namespace GitHubBackup.Lambdas;

/// <summary>
/// The Lambda Runtime API loop of a custom runtime (API version 2018-06-01,
/// https://docs.aws.amazon.com/lambda/latest/dg/runtimes-api.html): fetch the next invocation, run the handler,
/// post its result, or post the exception as a function error whose errorType is the exception's simple type name
/// (what the state machine's Retry and Catch match, as with the managed .NET runtime). Logs go to stdout.
/// </summary>
public static class LambdaRuntime
{
    // Cancelled this long before Lambda's deadline, so the function reports its own error instead of being killed.
    private static readonly TimeSpan ReportMargin = TimeSpan.FromSeconds(1);

    public static async Task<int> RunAsync(string? runtimeApi, string? handlerName)
    {
        if (runtimeApi is null)
        {
            await Console.Error.WriteLineAsync("AWS_LAMBDA_RUNTIME_API is not set: this program is a Lambda function, started by its bootstrap under the provided.al2023 runtime.");
            return 2;
        }

        // The next invocation may take any time to arrive (the process is frozen in between): no client timeout.
        using var api = new HttpClient { BaseAddress = new Uri($"http://{runtimeApi}/2018-06-01/"), Timeout = Timeout.InfiniteTimeSpan };
        if (handlerName is null || !LambdaHandlers.ByName.TryGetValue(handlerName, out var handler))
        {
            var known = string.Join(", ", LambdaHandlers.ByName.Keys);
            await PostErrorAsync(api, "runtime/init/error", "Runtime.InvalidHandler", $"Handler '{handlerName}' is not one of this package's functions ({known}).", []);
            return 1;
        }

        while (true)
        {
            await InvokeNextAsync(api, handler);
        }
    }

    private static async Task InvokeNextAsync(HttpClient api, Func<Stream, CancellationToken, Task<Stream>> handler)
    {
        using var next = await api.GetAsync("runtime/invocation/next", HttpCompletionOption.ResponseHeadersRead);
        next.EnsureSuccessStatusCode();
        var requestId = Header(next, "Lambda-Runtime-Aws-Request-Id")
            ?? throw new InvalidOperationException("The Runtime API sent an invocation without Lambda-Runtime-Aws-Request-Id.");
        if (Header(next, "Lambda-Runtime-Trace-Id") is { } traceId)
        {
            Environment.SetEnvironmentVariable("_X_AMZN_TRACE_ID", traceId);
        }

        var payload = await next.Content.ReadAsByteArrayAsync();
        using var timeout = new CancellationTokenSource();
        if (Header(next, "Lambda-Runtime-Deadline-Ms") is { } deadlineMs && long.TryParse(deadlineMs, NumberStyles.None, CultureInfo.InvariantCulture, out var deadline))
        {
            var left = DateTimeOffset.FromUnixTimeMilliseconds(deadline) - DateTimeOffset.UtcNow - ReportMargin;
            if (left > TimeSpan.Zero)
            {
                timeout.CancelAfter(left);
            }
            else
            {
                timeout.Cancel();
            }
        }

        Stream result;
        try
        {
            using var input = new MemoryStream(payload, writable: false);
            result = await handler(input, timeout.Token);
        }
        catch (Exception e)
        {
            Console.WriteLine($"{requestId} {e}");
            var stackTrace = (e.StackTrace ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            await PostErrorAsync(api, $"runtime/invocation/{requestId}/error", e.GetType().Name, e.Message, stackTrace);
            return;
        }

        await using (result)
        {
            using var response = await api.PostAsync($"runtime/invocation/{requestId}/response", new StreamContent(result));
            response.EnsureSuccessStatusCode();
        }
    }

    /// <summary>The error document Lambda passes on (Step Functions: Error = errorType, Cause = the document).</summary>
    private static async Task PostErrorAsync(HttpClient api, string path, string errorType, string errorMessage, IReadOnlyList<string> stackTrace)
    {
        using var body = new MemoryStream();
        await using (var json = new Utf8JsonWriter(body))
        {
            json.WriteStartObject();
            json.WriteString("errorMessage", errorMessage);
            json.WriteString("errorType", errorType);
            json.WriteStartArray("stackTrace");
            foreach (var frame in stackTrace)
            {
                json.WriteStringValue(frame);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body.ToArray()) };
        request.Headers.Add("Lambda-Runtime-Function-Error-Type", errorType);
        using var response = await api.SendAsync(request);
        response.EnsureSuccessStatusCode();
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;
}
