using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GitHubBackup.LambdaHost;

/// <summary>
/// The Lambda Runtime API (version 2018-06-01) as the Lambda service serves it to a function's runtime
/// (https://docs.aws.amazon.com/lambda/latest/dg/runtimes-api.html): GET runtime/invocation/next blocks until an
/// invocation is queued and answers with its payload and the Lambda-Runtime-* headers; the runtime answers with
/// POST runtime/invocation/{id}/response or /error, or POST runtime/init/error when it cannot start.
/// </summary>
public sealed class RuntimeApiStub : IAsyncDisposable
{
    private const string Prefix = "/2018-06-01/runtime/";
    private readonly WebApplication _web;
    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>();
    private readonly ConcurrentDictionary<string, Pending> _inFlight = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource<RuntimeError> _initError = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private RuntimeApiStub(WebApplication web) => _web = web;

    /// <summary>host:port, the value of AWS_LAMBDA_RUNTIME_API.</summary>
    public string Address { get; private set; } = "";

    /// <summary>Completes when the runtime reports that it could not initialize.</summary>
    public Task<RuntimeError> InitError => _initError.Task;

    /// <summary>Every request the runtime made, in order ("GET runtime/invocation/next", ...).</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    public static async Task<RuntimeApiStub> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var web = builder.Build();
        var stub = new RuntimeApiStub(web);
        web.Run(stub.HandleAsync);
        await web.StartAsync();
        var address = web.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        stub.Address = new Uri(address).Authority;
        return stub;
    }

    /// <summary>Queues one invocation and waits for the runtime's response or function error.</summary>
    public async Task<InvocationResult> InvokeAsync(byte[] payload, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        var pending = new Pending(Guid.NewGuid().ToString(), payload, DateTimeOffset.UtcNow + (timeout ?? TimeSpan.FromMinutes(15)));
        _inFlight[pending.RequestId] = pending;
        await _queue.Writer.WriteAsync(pending, cancellationToken);
        return await pending.Result.Task.WaitAsync(cancellationToken);
    }

    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "";
        Requests.Enqueue($"{context.Request.Method} {path}");
        if (!path.StartsWith(Prefix, StringComparison.Ordinal))
        {
            context.Response.StatusCode = 404;
            return;
        }

        var resource = path[Prefix.Length..].Split('/');
        switch (context.Request.Method, resource)
        {
            case ("GET", ["invocation", "next"]):
                await NextAsync(context);
                return;
            case ("POST", ["invocation", var id, "response"]) when _inFlight.TryRemove(id, out var pending):
                pending.Result.TrySetResult(new InvocationResult(await BodyAsync(context), null));
                context.Response.StatusCode = 202;
                return;
            case ("POST", ["invocation", var id, "error"]) when _inFlight.TryRemove(id, out var pending):
                pending.Result.TrySetResult(new InvocationResult(null, await ErrorAsync(context)));
                context.Response.StatusCode = 202;
                return;
            case ("POST", ["init", "error"]):
                _initError.TrySetResult(await ErrorAsync(context));
                context.Response.StatusCode = 202;
                return;
            default:
                context.Response.StatusCode = 404;
                return;
        }
    }

    private async Task NextAsync(HttpContext context)
    {
        var pending = await _queue.Reader.ReadAsync(context.RequestAborted);
        var headers = context.Response.Headers;
        headers["Lambda-Runtime-Aws-Request-Id"] = pending.RequestId;
        headers["Lambda-Runtime-Deadline-Ms"] = pending.Deadline.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        headers["Lambda-Runtime-Invoked-Function-Arn"] = "arn:aws:lambda:us-east-1:123456789012:function:github-backup";
        headers["Lambda-Runtime-Trace-Id"] = "Root=1-5bef4de7-ad49b0e87f6ef6c87fc2e700;Parent=9a9197af755a6419;Sampled=0";
        context.Response.ContentType = "application/json";
        await context.Response.Body.WriteAsync(pending.Payload, context.RequestAborted);
    }

    private static async Task<byte[]> BodyAsync(HttpContext context)
    {
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body);
        return body.ToArray();
    }

    private static async Task<RuntimeError> ErrorAsync(HttpContext context) =>
        new(await BodyAsync(context), context.Request.Headers["Lambda-Runtime-Function-Error-Type"].FirstOrDefault());

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _web.StopAsync();
        await _web.DisposeAsync();
    }

    private sealed record Pending(string RequestId, byte[] Payload, DateTimeOffset Deadline)
    {
        public TaskCompletionSource<InvocationResult> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}

/// <summary>What the runtime posted for one invocation: the response body, or a function error.</summary>
public sealed record InvocationResult(byte[]? Response, RuntimeError? Error);

/// <summary>A posted error: the error document {errorMessage, errorType, stackTrace} and the Lambda-Runtime-Function-Error-Type header.</summary>
public sealed record RuntimeError(byte[] Document, string? ErrorTypeHeader);
