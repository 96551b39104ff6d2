using GitHubBackup.Core;
using GitHubBackup.Core.GitHub;
using GitHubBackup.Tests.Infrastructure;

namespace GitHubBackup.Tests.GitHub;

/// <summary>The Octokit session against the stand-in over real HTTP: paging, App tokens, clear refusals.</summary>
public sealed class GitHubSessionTests : StandInTest
{
    private static readonly GitHubApiOptions FastRetries = new() { BaseDelay = TimeSpan.FromMilliseconds(10), MaxRetries = 4 };

    private GitHubServer Server => GitHubServer.Parse(GitHub.ServerRoot.ToString());

    private Task<GitHubSession> ConnectAsync(GitHubAuth auth, string org = "acme", Secrets? secrets = null) =>
        GitHubSession.ConnectAsync(Server, auth, org, FastRetries, secrets ?? new Secrets(), SystemClock.Instance, TimeProvider.System, CancellationToken.None);

    private GitHubAuth.App App(long? installationId = null) => new(GitHub.App.AppId, GitHub.App.PrivateKeyPem, installationId);

    [Fact]
    public async Task A_token_lists_every_page_of_an_org_with_more_than_100_repositories()
    {
        GitHub.CreateRepositories("acme", 230, "repo-");
        using var session = await ConnectAsync(new GitHubAuth.Token(GitHub.IssueUserToken()));

        var repos = await session.ListRepositoriesAsync("acme", CancellationToken.None);

        Assert.Equal(230, repos.Count);
        Assert.Equal(230, repos.Select(r => r.Name).Distinct().Count());
        Assert.Equal(3, GitHub.Log.Count("GET", "/api/v3/orgs/acme/repos"));
        Assert.All(repos, r => Assert.StartsWith(GitHub.ServerRoot.ToString(), r.CloneUrl.ToString(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_app_finds_its_installation_by_org_and_lists_every_page_of_its_repositories()
    {
        GitHub.CreateRepositories("acme", 120, "r");
        GitHub.InstallApp("other-org");
        GitHub.CreateRepository("other-org", "not-mine", r => r.Commit("main", "a", "b"));
        using var session = await ConnectAsync(App());

        var repos = await session.ListRepositoriesAsync("acme", CancellationToken.None);

        Assert.Equal(120, repos.Count);
        Assert.Equal(2, GitHub.Log.Count("GET", "/api/v3/installation/repositories"));
        Assert.Equal(1, GitHub.Log.Count("POST", $"/api/v3/app/installations/{GitHub.App.InstallationId}/access_tokens"));
    }

    [Fact]
    public async Task Installation_tokens_are_refreshed_before_they_expire()
    {
        GitHub.InstallationTokenLifetime = TimeSpan.FromSeconds(2);
        using var session = await ConnectAsync(App(GitHub.App.InstallationId));
        var first = await session.Tokens.GetTokenAsync(CancellationToken.None);

        await Task.Delay(TimeSpan.FromSeconds(1.2));
        var second = await session.Tokens.GetTokenAsync(CancellationToken.None);
        await Task.Delay(TimeSpan.FromSeconds(1.2));
        var repos = await session.ListRepositoriesAsync("acme", CancellationToken.None);

        Assert.NotEqual(first, second);
        Assert.Empty(repos);
        Assert.DoesNotContain(GitHub.Log.Requests, r => r.Auth == "expired");
    }

    [Fact]
    public async Task A_rejected_token_is_one_clear_configuration_error()
    {
        using var session = await ConnectAsync(new GitHubAuth.Token("ghp_not-a-token-the-server-knows"));

        var error = await Assert.ThrowsAsync<ConfigurationException>(() => session.ListRepositoriesAsync("acme", CancellationToken.None));

        Assert.Contains("401 Bad credentials", error.Message, StringComparison.Ordinal);
        Assert.Contains("GITHUB_TOKEN", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("ghp_not-a-token", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_org_is_one_clear_configuration_error()
    {
        using var session = await ConnectAsync(new GitHubAuth.Token(GitHub.IssueUserToken()));

        var error = await Assert.ThrowsAsync<ConfigurationException>(() => session.ListRepositoriesAsync("no-such-org", CancellationToken.None));

        Assert.Contains("Organization 'no-such-org' was not found", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_key_that_is_not_the_apps_is_refused_before_anything_else()
    {
        using var stranger = System.Security.Cryptography.RSA.Create(2048);

        var error = await Assert.ThrowsAsync<ConfigurationException>(() => ConnectAsync(new GitHubAuth.App(GitHub.App.AppId, stranger.ExportRSAPrivateKeyPem(), null)));

        Assert.Contains("GitHub rejected the credentials", error.Message, StringComparison.Ordinal);
        Assert.Contains("private key belongs to that App", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_installation_id_says_which_option_to_fix()
    {
        var error = await Assert.ThrowsAsync<ConfigurationException>(() => ConnectAsync(App(installationId: 999)));

        Assert.Contains("Installation 999", error.Message, StringComparison.Ordinal);
        Assert.Contains("--installation-id", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_app_not_installed_on_the_org_says_so()
    {
        var error = await Assert.ThrowsAsync<ConfigurationException>(() => ConnectAsync(App(), org: "elsewhere"));

        Assert.Contains("is not installed on 'elsewhere'", error.Message, StringComparison.Ordinal);
    }
}
