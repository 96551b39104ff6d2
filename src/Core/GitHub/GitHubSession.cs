using System.Globalization;
using System.Web;
using Octokit;
using Octokit.Internal;

namespace GitHubBackup.Core.GitHub;

/// <summary>
/// An authenticated connection to one GitHub server for one org: the token source git uses, and the
/// repository listing. Connecting proves the credentials (an App mints its first installation token),
/// so bad credentials fail before anything is written.
/// </summary>
public sealed partial class GitHubSession : IDisposable, IGitHubRest
{
    private const int PageSize = 100;

    private readonly GitHubClient _client;
    private readonly HttpClient _rest;
    private readonly bool _isApp;
    private readonly IDisposable[] _owned;

    private GitHubSession(GitHubServer server, GitHubClient client, ITokenSource tokens, bool isApp, HttpClient rest, RateLimitState rateLimit, params IDisposable[] owned)
    {
        Server = server;
        _client = client;
        Tokens = tokens;
        _isApp = isApp;
        _rest = rest;
        RateLimit = rateLimit;
        _owned = [.. owned, rest];
    }

    public GitHubServer Server { get; }

    public ITokenSource Tokens { get; }

    public static async Task<GitHubSession> ConnectAsync(
        GitHubServer server, GitHubAuth auth, string org, GitHubApiOptions options, Secrets secrets, IClock clock, TimeProvider time,
        CancellationToken cancellationToken)
    {
        var slots = new SemaphoreSlim(options.MaxConcurrentRequests, options.MaxConcurrentRequests);
        var rateLimit = new RateLimitState();
        GitHubClient NewClient(Func<Task<Credentials>> credentials) => GitHubSession.NewClient(server, options, slots, time, credentials, rateLimit);
        HttpClient NewRest() => new(new GitHubPolicyHandler(options, slots, time, new SocketsHttpHandler(), rateLimit)) { BaseAddress = server.ApiBase, Timeout = Timeout.InfiniteTimeSpan };

        switch (auth)
        {
            case GitHubAuth.Token token:
                secrets.Add(token.Value);
                var tokenClient = NewClient(() => Task.FromResult(new Credentials(token.Value, AuthenticationType.Bearer)));
                return new GitHubSession(server, tokenClient, new StaticTokenSource(token.Value), isApp: false, NewRest(), rateLimit, slots);

            case GitHubAuth.App app:
                secrets.AddPem(app.PrivateKeyPem);
                var jwt = new GitHubAppJwt(app.AppId, app.PrivateKeyPem);
                var appClient = NewClient(() => Task.FromResult(new Credentials(RegisteredJwt(jwt, clock, secrets), AuthenticationType.Bearer)));
                var installationId = app.InstallationId ?? await FindInstallationAsync(appClient, app.AppId, org);
                var tokens = new InstallationTokenSource(ct => MintAsync(appClient, app.AppId, installationId), clock, secrets);
                await tokens.GetTokenAsync(cancellationToken);
                var installationClient = NewClient(async () => new Credentials(await tokens.GetTokenAsync(CancellationToken.None), AuthenticationType.Bearer));
                return new GitHubSession(server, installationClient, tokens, isApp: true, NewRest(), rateLimit, slots, jwt, tokens);

            default:
                throw new ArgumentOutOfRangeException(nameof(auth), auth, "Unknown kind of GitHub authentication.");
        }
    }

    /// <summary>The orgs a GitHub App is installed on (<c>GET /app/installations</c>, every page).</summary>
    public static async Task<IReadOnlyList<string>> InstalledOrgsAsync(
        GitHubServer server, GitHubAuth auth, GitHubApiOptions options, Secrets secrets, IClock clock, TimeProvider time, CancellationToken cancellationToken)
    {
        if (auth is not GitHubAuth.App app)
        {
            throw new ConfigurationException("Backing up every installation needs GitHub App credentials (GITHUB_APP_ID and its key); with a token, list the orgs with --org a,b.");
        }

        secrets.AddPem(app.PrivateKeyPem);
        using var slots = new SemaphoreSlim(options.MaxConcurrentRequests, options.MaxConcurrentRequests);
        using var jwt = new GitHubAppJwt(app.AppId, app.PrivateKeyPem);
        var client = NewClient(server, options, slots, time, () => Task.FromResult(new Credentials(RegisteredJwt(jwt, clock, secrets), AuthenticationType.Bearer)), new RateLimitState());
        try
        {
            var installations = await client.GitHubApps.GetAllInstallationsForCurrent(new ApiOptions { PageSize = PageSize });
            cancellationToken.ThrowIfCancellationRequested();
            return installations.Select(i => i.Account.Login).Where(Contracts.BackupLayout.IsOrgName).Order(StringComparer.OrdinalIgnoreCase).ToList();
        }
        catch (Exception e) when (e is ApiException or HttpRequestException or Polly.Timeout.TimeoutRejectedException)
        {
            throw GitHubErrors.Translate(e, $"listing the installations of GitHub App {app.AppId}", AppCredentialsFix(app.AppId));
        }
    }

    /// <summary>Every repository of the org, every page: the App's installation repositories, or the org's (type=all) for a token.</summary>
    public async Task<IReadOnlyList<SourceRepository>> ListRepositoriesAsync(string org, CancellationToken cancellationToken)
    {
        IReadOnlyList<Repository> repositories;
        try
        {
            repositories = _isApp
                ? await EveryPageAsync<RepositoriesResponse>(ApiUrls.InstallationRepositories(), [], page => page.Repositories)
                : await EveryPageAsync<List<Repository>>(ApiUrls.OrganizationRepositories(org), new() { ["type"] = "all" }, page => page);
        }
        catch (Exception e) when (e is ApiException or HttpRequestException or Polly.Timeout.TimeoutRejectedException)
        {
            throw GitHubErrors.Translate(
                e,
                $"listing the repositories of '{org}'",
                _isApp ? "the App's installation token was refused; check the installation is not suspended." : "check --token or GITHUB_TOKEN; it may be expired or revoked.",
                $"Organization '{org}' was not found on {Server}, or the token cannot see it: check --org and the token's access to the org.");
        }

        cancellationToken.ThrowIfCancellationRequested();
        var owned = repositories.Where(r => string.Equals(r.Owner?.Login, org, StringComparison.OrdinalIgnoreCase)).ToList();
        if (_isApp && repositories.Count > 0 && owned.Count == 0)
        {
            throw new ConfigurationException(
                $"The App installation belongs to '{repositories[0].Owner?.Login}', not '{org}': pass the installation id of the App on '{org}', or omit --installation-id to find it.");
        }

        return owned.Select(ToSource).ToList();
    }

    /// <summary>
    /// Every page of a listing. The first page's Link header names the last page, so the others are asked for
    /// together (within the API's concurrency bound) rather than one round trip after another: the 200 pages of
    /// a 20,000-repository org take seconds, not a minute. A repository created meanwhile can shift one onto two
    /// pages, so each is kept once.
    /// </summary>
    private async Task<IReadOnlyList<Repository>> EveryPageAsync<TPage>(Uri url, Dictionary<string, string> parameters, Func<TPage, IEnumerable<Repository>> items)
    {
        Task<IApiResponse<TPage>> PageAsync(int page) => _client.Connection.Get<TPage>(
            url,
            new Dictionary<string, string>(parameters) { ["per_page"] = PageSize.ToString(CultureInfo.InvariantCulture), ["page"] = page.ToString(CultureInfo.InvariantCulture) });

        var first = await PageAsync(1);
        var rest = await Task.WhenAll(Enumerable.Range(2, Math.Max(0, LastPage(first.HttpResponse.ApiInfo) - 1)).Select(PageAsync));
        return rest.Prepend(first).SelectMany(response => items(response.Body)).DistinctBy(repository => repository.Id).ToList();
    }

    private static int LastPage(ApiInfo info) =>
        info.Links.TryGetValue("last", out var last) && int.TryParse(HttpUtility.ParseQueryString(last.Query)["page"], CultureInfo.InvariantCulture, out var page) ? page : 1;

    public void Dispose()
    {
        foreach (var owned in _owned)
        {
            owned.Dispose();
        }
    }

    private static GitHubClient NewClient(
        GitHubServer server, GitHubApiOptions options, SemaphoreSlim slots, TimeProvider time, Func<Task<Credentials>> credentials, RateLimitState rateLimit) =>
        new(new Connection(
            new ProductHeaderValue("github-backup", Version),
            server.ApiBase,
            new CallbackCredentialStore(credentials),
            new HttpClientAdapter(() => new GitHubPolicyHandler(options, slots, time, new SocketsHttpHandler(), rateLimit)),
            new SimpleJsonSerializer()));

    private static string Version => typeof(GitHubSession).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    /// <summary>A listed repository, with why it is refused if its name or clone URL is not one this server would give.</summary>
    private SourceRepository ToSource(Repository repository)
    {
        var refusal = ListedRepositoryCheck.Refusal(repository.Name, repository.CloneUrl, Server);
        return new SourceRepository
        {
            Name = repository.Name ?? "",
            FullName = repository.FullName ?? "",
            Owner = repository.Owner.Login,

            // A refused repository is never cloned; its URL is kept only when it parses, for the record.
            CloneUrl = Uri.TryCreate(repository.CloneUrl, UriKind.Absolute, out var url) ? url : Server.Root,
            DefaultBranch = repository.DefaultBranch,
            SizeKb = repository.Size,
            Archived = repository.Archived,
            Fork = repository.Fork,
            Topics = repository.Topics ?? [],
            HasWiki = repository.HasWiki,
            Refusal = refusal,
        };
    }

    private static async Task<long> FindInstallationAsync(GitHubClient appClient, long appId, string org)
    {
        IReadOnlyList<Installation> installations;
        try
        {
            installations = await appClient.GitHubApps.GetAllInstallationsForCurrent(new ApiOptions { PageSize = PageSize });
        }
        catch (Exception e) when (e is ApiException or HttpRequestException or Polly.Timeout.TimeoutRejectedException)
        {
            throw GitHubErrors.Translate(e, $"looking up the installations of GitHub App {appId}", AppCredentialsFix(appId));
        }

        return installations.FirstOrDefault(i => string.Equals(i.Account?.Login, org, StringComparison.OrdinalIgnoreCase))?.Id
            ?? throw new ConfigurationException(
                $"GitHub App {appId} is not installed on '{org}': install it on the organization (Contents and Metadata: read-only), or pass --installation-id.");
    }

    private static async Task<MintedToken> MintAsync(GitHubClient appClient, long appId, long installationId)
    {
        try
        {
            var token = await appClient.GitHubApps.CreateInstallationToken(installationId);
            return new MintedToken(token.Token, token.ExpiresAt);
        }
        catch (Exception e) when (e is ApiException or HttpRequestException or Polly.Timeout.TimeoutRejectedException)
        {
            throw GitHubErrors.Translate(
                e,
                $"creating an installation token for installation {installationId}",
                AppCredentialsFix(appId),
                $"Installation {installationId} of GitHub App {appId} was not found: check --installation-id (GITHUB_APP_INSTALLATION_ID), or omit it to find the installation by org.");
        }
    }

    /// <summary>A fresh JWT, registered as a secret before it is sent: a server may echo it back in an error.</summary>
    private static string RegisteredJwt(GitHubAppJwt jwt, IClock clock, Secrets secrets)
    {
        var token = jwt.Create(clock.UtcNow);
        secrets.Add(token);
        return token;
    }

    private static string AppCredentialsFix(long appId) =>
        $"check that --app-id {appId} is right and that the private key belongs to that App (generate a new key on the App's settings page if unsure).";

    /// <summary>Octokit asks for credentials on every request, which is what lets tokens refresh mid-run.</summary>
    private sealed class CallbackCredentialStore(Func<Task<Credentials>> credentials) : ICredentialStore
    {
        public Task<Credentials> GetCredentials() => credentials();
    }
}
