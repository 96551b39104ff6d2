using System.Globalization;
using GitHubBackup.Core.Contracts;
using GitHubBackup.StandIn;
using GitHubBackup.Tests.EndToEnd;
using GitHubBackup.Tests.Infrastructure;

namespace GitHubBackup.Tests.Adversary;

/// <summary>
/// Servers (or proxies in front of them) that quote the request's Authorization header in their errors. Whatever
/// encoding the credential had there (a token, an installation token, the App's JWT, Basic base64 with its user
/// name), it leaves the process masked: on stdout and stderr, in the manifest, the JSON log and the webhook's text.
/// </summary>
public sealed class SecretEchoTests : StandInTest
{
    [Theory]
    [InlineData("jwt", "POST", "^/api/v3/app/installations/[0-9]+/access_tokens$")]
    [InlineData("installation token", "GET", "^/api/v3/installation/repositories$")]
    [InlineData("token", "GET", "^/api/v3/orgs/acme/repos$")]
    public async Task An_api_error_that_quotes_the_credential_is_reported_without_it(string credential, string method, string path)
    {
        GitHub.CreateRepository("acme", "good", r => r.Commit("main", "README.md", "good\n"));
        var echo = GitHub.Faults.EchoCredentials(method, path);
        var environment = credential == "token"
            ? new Dictionary<string, string?> { ["GITHUB_TOKEN"] = GitHub.IssueUserToken() }
            : new Dictionary<string, string?>
            {
                ["GITHUB_APP_ID"] = GitHub.App.AppId.ToString(CultureInfo.InvariantCulture),
                ["GITHUB_APP_PRIVATE_KEY"] = GitHub.App.PrivateKeyPem,
            };

        var result = await RunnerProcess.RunAsync(["backup", "--org", "acme", "--dest", Work.Combine("dest"), "--api-url", GitHub.ServerRoot.ToString()], environment);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.True(echo.Fired > 0, "the server must have echoed the credential for this test to mean anything");
        Assert.Contains("GitHub refused access", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("Authorization: Bearer ***", result.Stderr, StringComparison.Ordinal);
        Leaks.AssertNone(
            echo.Echoed.SelectMany(Leaks.CredentialsIn).Concat(Leaks.FormsOf(GitHub.IssuedTokens)).Concat(Leaks.KeyLines(GitHub)),
            [("stdout", result.Stdout), ("stderr", result.Stderr), .. Leaks.FilesUnder(Work.Combine("dest"))]);
    }

    [Fact]
    public async Task A_git_error_that_quotes_the_basic_credential_is_masked_in_the_manifest_the_log_and_the_notification()
    {
        await using var webhook = await CredentialTrap.StartAsync();
        GitHub.CreateRepository("acme", "good", r => r.Commit("main", "README.md", "good\n"));
        GitHub.CreateRepository("acme", "echo", r => r.Commit("main", "README.md", "echo\n")).EchoCredentialInGitError = true;
        var dest = Work.Combine("dest");

        var result = await RunnerProcess.RunAsync(
            ["backup", "--org", "acme", "--dest", dest, "--api-url", GitHub.ServerRoot.ToString(), "--notify-webhook", new Uri(webhook.Root, "hook").ToString()],
            new Dictionary<string, string?>
            {
                ["GITHUB_APP_ID"] = GitHub.App.AppId.ToString(CultureInfo.InvariantCulture),
                ["GITHUB_APP_PRIVATE_KEY"] = GitHub.App.PrivateKeyPem,
            });

        Assert.True(result.ExitCode == 1, result.ToString());
        var manifest = BackupRoundTripTests.ReadManifest(dest);
        Leaks.AssertSucceeded(manifest, "good");
        var failed = manifest.Repos.Single(r => r.Name == "echo");
        Assert.Equal(RepoStatus.Failed, failed.Status);
        Assert.Contains("remote error: access denied for Authorization: Basic ", failed.Error, StringComparison.Ordinal);
        var notification = Assert.Single(webhook.Requests);
        Leaks.AssertNone(
            Leaks.FormsOf(GitHub.IssuedTokens).Concat(Leaks.KeyLines(GitHub)),
            [("stdout (the JSON log)", result.Stdout), ("stderr", result.Stderr), ("the webhook's text", notification.Body), .. Leaks.FilesUnder(dest)]);
    }
}
