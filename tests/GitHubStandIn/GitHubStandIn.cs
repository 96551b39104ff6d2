using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GitHubBackup.StandIn;

/// <summary>
/// A fake GitHub (github.com or GitHub Enterprise Server) at the HTTP edge, on 127.0.0.1: the REST calls a
/// backup makes (App JWT and installation tokens that expire, Link pagination, rate-limit headers) under
/// /api/v3/, and git smart HTTP through the real git http-backend with Basic auth. Faults, latency and a
/// bandwidth cap can be injected; every request is logged.
/// </summary>
public sealed partial class GitHubStandIn : IAsyncDisposable
{
    private readonly WebApplication _web;
    private readonly ConcurrentDictionary<string, StandInRepo> _repos = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, byte> _orgs = new(StringComparer.OrdinalIgnoreCase);
    private readonly TokenRegistry _tokens = new();
    private readonly StandInApi _api;
    private readonly RefAdvertisements _advertisements = new();
    private long _nextId = 100_000;

    private GitHubStandIn(WebApplication web, StandInOptions options, string dataRoot)
    {
        _web = web;
        Options = options;
        DataRoot = dataRoot;
        App = new StandInApp(424_242);
        _api = new StandInApi(this);
        AddOrg(options.DefaultOrg);
        App.InstallationId = App.Install(options.DefaultOrg, NextId());
    }

    public Uri ServerRoot { get; private set; } = null!;

    public string DataRoot { get; }

    public StandInOptions Options { get; }

    public StandInApp App { get; }

    public StandInFaults Faults { get; } = new();

    public PackGates Packs { get; } = new();

    public StandInLog Log { get; } = new();

    /// <summary>How long installation tokens live; GitHub's is one hour, tests shorten it to prove refresh.</summary>
    public TimeSpan InstallationTokenLifetime { get; set; } = TimeSpan.FromHours(1);

    internal TokenRegistry Tokens => _tokens;

    internal IEnumerable<StandInRepo> Repositories => _repos.Values.OrderBy(r => r.Id);

    private string ReposRoot => Path.Combine(DataRoot, "repos");

    public static async Task<GitHubStandIn> StartAsync(StandInOptions? options = null)
    {
        options ??= new StandInOptions();
        var dataRoot = Path.Combine(Path.GetTempPath(), $"github-standin-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path.Combine(dataRoot, "repos"));

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = dataRoot });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, 0);
            kestrel.Limits.MaxRequestBodySize = null;
            kestrel.Limits.MinRequestBodyDataRate = null;
            kestrel.Limits.MinResponseDataRate = null;
        });
        var web = builder.Build();
        var standIn = new GitHubStandIn(web, options, dataRoot);
        web.Run(standIn.HandleAsync);
        await web.StartAsync();
        var address = web.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        standIn.ServerRoot = new Uri(address.TrimEnd('/') + "/");
        return standIn;
    }

    /// <summary>A personal access token that may list any org's repositories and clone them, with its own hourly budget.</summary>
    public string IssueUserToken(int? hourlyRequestBudget = null) =>
        _tokens.Issue(TokenKind.User, null, null, hourlyRequestBudget ?? Options.HourlyRequestBudget).Value;

    /// <summary>An installation token issued directly (as if minted), for git-only tests.</summary>
    public string IssueInstallationToken(string? org = null, TimeSpan? lifetime = null) =>
        _tokens.Issue(TokenKind.Installation, org ?? Options.DefaultOrg, Time.GetUtcNow() + (lifetime ?? InstallationTokenLifetime), Options.HourlyRequestBudget).Value;

    /// <summary>
    /// Computes every repository's ref advertisement now, as GitHub has them ready: a benchmark then measures the
    /// client's ref checks, not the stand-in's first-time work.
    /// </summary>
    public void PrepareRefAdvertisements()
    {
        foreach (var repo in _repos.Values.Where(r => !r.HiddenFromGit && !r.Deleted))
        {
            _advertisements.For(repo);
        }
    }

    /// <summary>Every token issued so far, minted installation tokens included: what must never leak.</summary>
    public IReadOnlyList<string> IssuedTokens => _tokens.All;

    /// <summary>Spends a token's whole hourly budget: its next API request meets the primary rate limit.</summary>
    public void ExhaustRateLimit(string token) => _tokens.Find(token)?.Exhaust();

    /// <summary>Another org with the App installed on it; returns the installation id.</summary>
    public long InstallApp(string org)
    {
        AddOrg(org);
        return App.Install(org, NextId());
    }

    public void AddOrg(string org) => _orgs[org] = 0;

    public StandInRepo CreateRepository(string org, string name, Action<RepoBuilder>? content = null, RepoSettings? settings = null)
    {
        AddOrg(org);
        var path = Path.Combine(ReposRoot, org, $"{name}.git");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        Git.Run(null, null, "init", "--bare", "--quiet", "--initial-branch=main", path);
        if (content is not null)
        {
            var builder = new RepoBuilder(path, LfsObjectsOf(org, name));
            content(builder);
            builder.Repack();
        }

        return Register(org, name, path, settings);
    }

    /// <summary>Many small repositories, fast: copies of one template with a commit and a tag.</summary>
    public IReadOnlyList<StandInRepo> CreateRepositories(string org, int count, string namePrefix)
    {
        var template = Path.Combine(DataRoot, $"template-{Guid.NewGuid():N}.git");
        Git.Run(null, null, "init", "--bare", "--quiet", "--initial-branch=main", template);
        new RepoBuilder(template).Commit("main", "README.md", "# small repository\n").LightweightTag("v1", "main").Repack();
        var created = new List<StandInRepo>(count);
        for (var i = 0; i < count; i++)
        {
            var name = $"{namePrefix}{i:D4}";
            var path = Path.Combine(ReposRoot, org, $"{name}.git");
            CopyDirectory(template, path);
            AddOrg(org);
            created.Add(Register(org, name, path, null));
        }

        Directory.Delete(template, recursive: true);
        return created;
    }

    /// <summary>
    /// Repositories the API lists but git does not serve (no bare repository on disk): enough to measure
    /// listing and planning at the scale of tens of thousands of repositories.
    /// </summary>
    public void CreateListedOnlyRepositories(string org, int count, string namePrefix, Func<int, long> sizeKb)
    {
        AddOrg(org);
        for (var i = 0; i < count; i++)
        {
            var name = $"{namePrefix}{i:D5}";
            var repo = Register(org, name, Path.Combine(ReposRoot, org, $"{name}.git"), new RepoSettings { SizeKb = sizeKb(i), DefaultBranch = "main" });
            repo.HiddenFromGit = true;
        }
    }

    /// <summary>The wiki of a repository (NAME.wiki.git), with pages written by <paramref name="pages"/>.</summary>
    public StandInRepo CreateWiki(string org, string repository, Action<RepoBuilder> pages)
    {
        var name = $"{repository}.wiki";
        var path = Path.Combine(ReposRoot, org, $"{name}.git");
        Git.Run(null, null, "init", "--bare", "--quiet", "--initial-branch=master", path);
        var builder = new RepoBuilder(path);
        pages(builder);
        builder.Repack();
        return Register(org, name, path, null, wiki: true);
    }

    public StandInRepo Repository(string org, string name) => _repos[$"{org}/{name}"];

    /// <summary>Deleted on GitHub: no longer listed, and git answers 404.</summary>
    public void DeleteRepository(string org, string name) => _repos[$"{org}/{name}"].Deleted = true;

    /// <summary>Still listed by the API, but git answers 404: deleted between the listing and the clone.</summary>
    public void HideFromGitOnly(string org, string name) => _repos[$"{org}/{name}"].HiddenFromGit = true;

    public async ValueTask DisposeAsync()
    {
        await _web.StopAsync();
        await _web.DisposeAsync();
        App.Dispose();
        if (Directory.Exists(DataRoot))
        {
            Directory.Delete(DataRoot, recursive: true);
        }
    }

    internal bool OrgExists(string org) => _orgs.ContainsKey(org);

    private long NextId() => Interlocked.Increment(ref _nextId);

    private StandInRepo Register(string org, string name, string path, RepoSettings? settings, bool wiki = false)
    {
        var repo = new StandInRepo(NextId(), org, name, path, new Uri(ServerRoot, $"{org}/{name}.git"), settings ?? new RepoSettings(), DateTimeOffset.UtcNow, LfsObjectsOf(org, name), new Uri(ServerRoot, "api/v3/"))
        {
            IsWiki = wiki,
        };
        _repos[repo.FullName] = repo;
        return repo;
    }

    private string LfsObjectsOf(string org, string name) => Path.Combine(DataRoot, "lfs", org, name);

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var directory in Directory.EnumerateDirectories(from, "*", SearchOption.AllDirectories))
        {
            Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, directory)));
        }

        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            File.Copy(file, Path.Combine(to, Path.GetRelativePath(from, file)));
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        var started = Stopwatch.StartNew();
        var request = context.Request;
        var path = request.Path.Value ?? "/";
        var auth = "none";

        // GitHub counts a request as in flight from its arrival, so the latency is inside the count.
        var api = path.StartsWith("/api/v3/", StringComparison.Ordinal);
        using var inFlight = api ? Log.EnterApi() : null;
        try
        {
            var latency = api ? Options.Latency : Options.GitLatency ?? Options.Latency;
            if (latency > TimeSpan.Zero)
            {
                await Task.Delay(latency, context.RequestAborted);
            }

            var fault = Faults.Take(request.Method, path);
            if (fault?.DelayBy is { } delay)
            {
                await Task.Delay(delay, context.RequestAborted);
            }

            if (fault?.Gate is { } gate)
            {
                await gate.WaitAsync(context.RequestAborted);
            }

            if (fault?.StatusCode is { } status)
            {
                await WriteFaultAsync(context, fault, status);
                return;
            }

            if (Options.BandwidthBytesPerSecond is not null || fault?.CutAfterBytes is not null)
            {
                context.Response.Body = new ShapedResponseBody(context.Response.Body, Options.BandwidthBytesPerSecond, fault?.CutAfterBytes, context.Abort, _ => { });
            }

            if (path.StartsWith("/api/v3/", StringComparison.Ordinal))
            {
                auth = await _api.HandleAsync(context, path["/api/v3/".Length..]);
            }
            else if (LfsBatchPath().Match(path) is { Success: true } batch)
            {
                auth = await LfsServer.ServeBatchAsync(context, this, batch.Groups["org"].Value, batch.Groups["repo"].Value);
            }
            else if (LfsObjectPath().Match(path) is { Success: true } lfsObject)
            {
                await LfsServer.ServeObjectAsync(context, LfsObjectsOf(lfsObject.Groups["org"].Value, lfsObject.Groups["repo"].Value), lfsObject.Groups["oid"].Value);
            }
            else if (GitPath().Match(path) is { Success: true } git)
            {
                auth = await ServeGitAsync(context, git.Groups["org"].Value, git.Groups["repo"].Value, git.Groups["rest"].Value);
            }
            else
            {
                await StandInApi.WriteErrorAsync(context, 404, "Not Found");
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException)
        {
            context.Abort();
        }
        finally
        {
            Log.Add(new LoggedRequest(DateTimeOffset.UtcNow, request.Method, path + request.QueryString, auth, context.Response.StatusCode, started.Elapsed));
        }
    }

    private static async Task WriteFaultAsync(HttpContext context, Fault fault, int status)
    {
        if (fault.RetryAfterSeconds is { } retryAfter)
        {
            context.Response.Headers.RetryAfter = retryAfter.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        if (fault.ResetInSeconds is { } reset)
        {
            context.Response.Headers["x-ratelimit-limit"] = "5000";
            context.Response.Headers["x-ratelimit-remaining"] = "0";
            context.Response.Headers["x-ratelimit-used"] = "5000";
            context.Response.Headers["x-ratelimit-reset"] = DateTimeOffset.UtcNow.AddSeconds(reset).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
            context.Response.Headers["x-ratelimit-resource"] = "core";
        }

        var message = fault.EchoesCredentials
            ? $"Access denied for the request with Authorization: {fault.Echo(context.Request.Headers.Authorization.ToString())}"
            : fault.Message ?? $"Injected fault ({status})";
        await StandInApi.WriteErrorAsync(context, status, message);
    }

    /// <summary>
    /// Basic auth as GitHub's git endpoints do it: a valid, unexpired token as the password, for a repository the
    /// token may see. Null when the request was answered (401 or 404).
    /// </summary>
    internal async Task<(StandInRepo? Repo, string Auth)> AuthorizeGitAsync(HttpContext context, string org, string repoName, string challenge)
    {
        var credential = BasicPassword(context.Request);
        var token = credential is null ? null : _tokens.Find(credential);
        var auth = token is null ? (credential is null ? "none" : "invalid") : token.IsExpired(Time.GetUtcNow()) ? "expired" : token.Kind.ToString().ToLowerInvariant();
        if (token is null || token.IsExpired(Time.GetUtcNow()))
        {
            context.Response.Headers[challenge] = "Basic realm=\"GitHub\"";
            await StandInApi.WriteErrorAsync(context, 401, "Invalid username or token. Password authentication is not supported for Git operations.");
            return (null, auth);
        }

        if (!_repos.TryGetValue($"{org}/{repoName}", out var repo) || repo.Deleted || repo.HiddenFromGit
            || (token.Org is not null && !string.Equals(token.Org, org, StringComparison.OrdinalIgnoreCase)))
        {
            context.Response.StatusCode = 404;
            await context.Response.WriteAsync("Repository not found.\n");
            return (null, auth);
        }

        return (repo, auth);
    }

    private async Task<string> ServeGitAsync(HttpContext context, string org, string repoName, string rest)
    {
        if (await RedirectedAsync(context, org, repoName))
        {
            return "redirected";
        }

        var (repo, auth) = await AuthorizeGitAsync(context, org, repoName, "WWW-Authenticate");
        if (repo is null)
        {
            return auth;
        }

        if (repo.EchoCredentialInGitError && context.Request.Method == "GET" && rest == "info/refs")
        {
            await EchoCredentialAsync(context);
            return auth;
        }

        if (context.Request.Method == "POST" && rest == "git-upload-pack" && await UploadPackRequest.IsFetchAsync(context.Request))
        {
            Log.CountClone(repo.FullName);
            await Packs.PassAsync(repo.FullName, context.RequestAborted);
        }

        var pack = context.Request.Method == "POST" && rest == "git-upload-pack";
        var counted = new ShapedResponseBody(context.Response.Body, null, null, context.Abort, bytes =>
        {
            Log.AddGitBytes(bytes);
            if (pack)
            {
                Log.AddPackBytes(bytes);
            }
        });
        context.Response.Body = counted;
        if (RefAdvertisements.IsV0UploadPackAdvertisement(context.Request, rest))
        {
            await _advertisements.ServeAsync(context, repo);
            return auth;
        }

        await GitHttpBackend.ServeAsync(context, ReposRoot, $"/{repo.Org}/{repo.Name}.git/{rest}", repo.Settings.AllowPush);
        if (context.Request.Method == "POST" && rest == "git-receive-pack")
        {
            repo.Changed();
        }

        return auth;
    }

    private static string? BasicPassword(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var decoded = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(header["Basic ".Length..].Trim()));
        var colon = decoded.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? null : decoded[(colon + 1)..];
    }

    [GeneratedRegex("^/(?<org>[A-Za-z0-9-]+)/(?<repo>[A-Za-z0-9._-]+)\\.git/(?<rest>.+)$")]
    private static partial Regex GitPath();

    [GeneratedRegex("^/(?<org>[A-Za-z0-9-]+)/(?<repo>[A-Za-z0-9._-]+)\\.git/info/lfs/objects/batch$")]
    private static partial Regex LfsBatchPath();

    [GeneratedRegex("^/lfs-objects/(?<org>[A-Za-z0-9-]+)/(?<repo>[A-Za-z0-9._-]+)/(?<oid>[0-9a-f]{64})$")]
    private static partial Regex LfsObjectPath();
}
