using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GitHubBackup.Tests.Infrastructure;

/// <summary>
/// A reverse proxy in front of moto_server that answers chosen S3 requests with an error, the way S3 does
/// on a bad day (500 InternalError, 503 SlowDown) or under a lock or policy (403 AccessDenied), and passes everything else through untouched.
/// </summary>
public sealed partial class S3FaultProxy : IAsyncDisposable
{
    private readonly WebApplication _web;
    private readonly HttpClient _moto = new(new SocketsHttpHandler { AllowAutoRedirect = false, AutomaticDecompression = DecompressionMethods.None });
    private readonly List<(string Method, Regex PathAndQuery, int Status, int Left)> _rules = [];
    private readonly List<(string Method, Regex PathAndQuery, StandIn.Gate Gate)> _holds = [];
    private readonly Lock _gate = new();
    private int _fired;

    private S3FaultProxy(WebApplication web) => _web = web;

    public string Endpoint { get; private set; } = "";

    public int Fired => Volatile.Read(ref _fired);

    public static async Task<S3FaultProxy> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Listen(IPAddress.Loopback, 0);
            k.Limits.MaxRequestBodySize = null;
        });
        var web = builder.Build();
        var proxy = new S3FaultProxy(web);
        web.Run(proxy.ForwardAsync);
        await web.StartAsync();
        proxy.Endpoint = web.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        return proxy;
    }

    /// <summary>Fail the next <paramref name="times"/> requests whose method and path (with query) match.</summary>
    public void Fail(string method, string pathAndQueryPattern, int status, int times)
    {
        lock (_gate)
        {
            _rules.Add((method, new Regex(pathAndQueryPattern), status, times));
        }
    }

    /// <summary>
    /// Hold the response to the next request whose method and path (with query) match: S3 has answered (what it
    /// sends is fixed) but the client sees nothing until the gate is released.
    /// </summary>
    public StandIn.Gate HoldResponse(string method, string pathAndQueryPattern)
    {
        var gate = new StandIn.Gate();
        lock (_gate)
        {
            _holds.Add((method, new Regex(pathAndQueryPattern), gate));
        }

        return gate;
    }

    public async ValueTask DisposeAsync()
    {
        await _web.StopAsync();
        await _web.DisposeAsync();
        _moto.Dispose();
    }

    private bool TakeFault(HttpRequest request, out int status)
    {
        var target = request.Path + request.QueryString;
        lock (_gate)
        {
            for (var i = 0; i < _rules.Count; i++)
            {
                var rule = _rules[i];
                if (rule.Left > 0 && rule.Method == request.Method && rule.PathAndQuery.IsMatch(target))
                {
                    _rules[i] = rule with { Left = rule.Left - 1 };
                    status = rule.Status;
                    Interlocked.Increment(ref _fired);
                    return true;
                }
            }
        }

        status = 0;
        return false;
    }

    private StandIn.Gate? TakeHold(HttpRequest request)
    {
        var target = request.Path + request.QueryString;
        lock (_gate)
        {
            var index = _holds.FindIndex(h => h.Method == request.Method && h.PathAndQuery.IsMatch(target));
            if (index < 0)
            {
                return null;
            }

            var gate = _holds[index].Gate;
            _holds.RemoveAt(index);
            return gate;
        }
    }

    private async Task ForwardAsync(HttpContext context)
    {
        var request = context.Request;
        await HoldIfMatchedAsync(request, context.RequestAborted);
        var hold = TakeHold(request);
        if (TakeFault(request, out var status))
        {
            // Drain the body as S3 would before answering, then answer as S3 does.
            await request.Body.CopyToAsync(Stream.Null);
            context.Response.StatusCode = status;
            context.Response.ContentType = "application/xml";
            var code = status switch { 503 => "SlowDown", 403 => "AccessDenied", _ => "InternalError" };
            await context.Response.WriteAsync($"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>{code}</Code><Message>Injected fault</Message></Error>");
            return;
        }

        using var forward = new HttpRequestMessage(new HttpMethod(request.Method), MotoServer.Endpoint + request.Path + request.QueryString);
        if (request.ContentLength > 0 || request.Headers.TransferEncoding.Count > 0)
        {
            forward.Content = new StreamContent(request.Body);
        }

        foreach (var (name, values) in request.Headers)
        {
            if (name.Equals("Host", StringComparison.OrdinalIgnoreCase) || name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (!forward.Headers.TryAddWithoutValidation(name, values.ToArray()))
            {
                forward.Content?.Headers.TryAddWithoutValidation(name, values.ToArray());
            }
        }

        using var response = await _moto.SendAsync(forward, HttpCompletionOption.ResponseHeadersRead, context.RequestAborted);
        if (hold is not null)
        {
            await hold.WaitAsync(context.RequestAborted);
        }

        context.Response.StatusCode = (int)response.StatusCode;
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
        {
            if (!name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase))
            {
                context.Response.Headers[name] = values.ToArray();
            }
        }

        await response.Content.CopyToAsync(context.Response.Body, context.RequestAborted);
    }
}
