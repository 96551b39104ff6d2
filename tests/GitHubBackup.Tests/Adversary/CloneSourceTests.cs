using System.Globalization;
using GitHubBackup.Core.Contracts;
using GitHubBackup.StandIn;
using GitHubBackup.Tests.EndToEnd;
using GitHubBackup.Tests.Infrastructure;

namespace GitHubBackup.Tests.Adversary;

/// <summary>
/// A clone URL the API lists is data: only the configured server (same scheme, host and port) is cloned from, and the
/// credential goes nowhere else, redirects included. git's default http.followRedirects ("initial") would follow the
/// first request's redirect to another server and ask the askpass helper for a credential there (git-config(1)).
/// </summary>
public sealed class CloneSourceTests : StandInTest
{
    [Fact]
    public async Task A_clone_url_off_the_configured_server_fails_that_repository_alone_and_nothing_is_sent_there()
    {
        await using var trap = await CredentialTrap.StartAsync();
        var good = GitHub.CreateRepository("acme", "good", r => r.Commit("main", "README.md", "good\n"));
        var hostile = new Dictionary<string, string>
        {
            ["other-port"] = new Uri(trap.Root, "acme/other-port.git").ToString(),
            ["other-host"] = $"http://localhost:{trap.Root.Port.ToString(CultureInfo.InvariantCulture)}/acme/other-host.git",
            ["other-scheme"] = $"https://{GitHub.ServerRoot.Authority}/acme/other-scheme.git",
            ["local-disk"] = new Uri(good.Path).ToString(),
            ["user-info"] = $"http://evil@{GitHub.ServerRoot.Authority}/acme/user-info.git",
        };
        foreach (var (name, url) in hostile)
        {
            GitHub.CreateRepository("acme", name, r => r.Commit("main", "README.md", $"{name}\n")).ListedCloneUrl = url;
        }

        var dest = Work.Combine("dest");
        var result = await RunnerProcess.RunAsync(
            ["backup", "--org", "acme", "--dest", dest, "--api-url", GitHub.ServerRoot.ToString()],
            new Dictionary<string, string?> { ["GITHUB_TOKEN"] = GitHub.IssueUserToken() });

        Assert.True(result.ExitCode == 1, result.ToString());
        var manifest = BackupRoundTripTests.ReadManifest(dest);
        Leaks.AssertSucceeded(manifest, good.Name);
        foreach (var name in hostile.Keys)
        {
            var entry = manifest.Repos.Single(r => r.Name == name);
            Assert.Equal(RepoStatus.Failed, entry.Status);
            Assert.Contains("not on the configured GitHub server", entry.Error, StringComparison.Ordinal);
            Assert.Null(entry.BundleKey);
        }

        Assert.Empty(trap.Requests);
        Assert.All(hostile.Keys, name => Assert.Equal(0, GitHub.Log.Clones($"acme/{name}")));
    }

    [Fact]
    public async Task A_redirect_to_another_server_is_not_followed_and_no_credential_reaches_it()
    {
        await using var trap = await CredentialTrap.StartAsync();
        GitHub.CreateRepository("acme", "good", r => r.Commit("main", "README.md", "good\n"));
        GitHub.CreateRepository("acme", "moved", r => r.Commit("main", "README.md", "moved\n")).RedirectGitTo = trap.Root;
        var dest = Work.Combine("dest");

        var result = await RunnerProcess.RunAsync(
            ["backup", "--org", "acme", "--dest", dest, "--api-url", GitHub.ServerRoot.ToString()],
            new Dictionary<string, string?>
            {
                ["GITHUB_APP_ID"] = GitHub.App.AppId.ToString(CultureInfo.InvariantCulture),
                ["GITHUB_APP_PRIVATE_KEY"] = GitHub.App.PrivateKeyPem,
            });

        Assert.True(result.ExitCode == 1, result.ToString());
        var manifest = BackupRoundTripTests.ReadManifest(dest);
        Leaks.AssertSucceeded(manifest, "good");
        Assert.Equal(RepoStatus.Failed, manifest.Repos.Single(r => r.Name == "moved").Status);
        Assert.Contains(GitHub.Log.Requests, r => r.Auth == "redirected");
        Assert.Empty(trap.WithCredentials);
    }
}
