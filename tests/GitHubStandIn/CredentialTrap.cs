using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GitHubBackup.StandIn;

/// <summary>One request the trap saw: what it asked for, the credential it carried (if any) and its body.</summary>
public sealed record TrappedRequest(string Method, string PathAndQuery, string? Authorization, string Body);

/// <summary>
/// Another origin on 127.0.0.1 (its own port): what a hostile clone_url, a redirect or a webhook points at. It asks
/// every git request for Basic credentials (401 with a challenge, as a server fishing for a token would) and records
/// everything it is sent, so a test can prove no credential ever reached it.
/// </summary>
public sealed class CredentialTrap : IAsyncDisposable
{
    private readonly WebApplication _web;
    private readonly ConcurrentQueue<TrappedRequest> _requests = new();

    private CredentialTrap(WebApplication web) => _web = web;

    public Uri Root { get; private set; } = null!;

    public IReadOnlyList<TrappedRequest> Requests => _requests.ToList();

    public IReadOnlyList<TrappedRequest> WithCredentials => _requests.Where(r => r.Authorization is not null).ToList();

    public static async Task<CredentialTrap> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var web = builder.Build();
        var trap = new CredentialTrap(web);
        web.Run(trap.HandleAsync);
        await web.StartAsync();
        trap.Root = new Uri(web.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/') + "/");
        return trap;
    }

    public async ValueTask DisposeAsync()
    {
        await _web.StopAsync();
        await _web.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        using var reader = new StreamReader(request.Body);
        var body = await reader.ReadToEndAsync();
        var authorization = request.Headers.Authorization.ToString();
        _requests.Enqueue(new TrappedRequest(request.Method, request.Path + request.QueryString, authorization.Length > 0 ? authorization : null, body));
        if (request.Path.Value?.Contains(".git/", StringComparison.Ordinal) == true)
        {
            context.Response.StatusCode = 401;
            context.Response.Headers.WWWAuthenticate = "Basic realm=\"GitHub\"";
            return;
        }

        context.Response.StatusCode = 200;
    }
}
