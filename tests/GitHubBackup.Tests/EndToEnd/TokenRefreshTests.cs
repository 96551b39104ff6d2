using GitHubBackup.StandIn;
using GitHubBackup.Tests.Infrastructure;

namespace GitHubBackup.Tests.EndToEnd;

/// <summary>A run that outlives its installation tokens never presents a dead one.</summary>
public sealed class TokenRefreshTests : StandInTest
{
    protected override StandInOptions Options => new() { Latency = TimeSpan.FromMilliseconds(150) };

    [Fact]
    public async Task A_run_longer_than_the_token_lifetime_refreshes_and_every_repository_succeeds()
    {
        GitHub.InstallationTokenLifetime = TimeSpan.FromSeconds(2);
        GitHub.CreateRepositories("acme", 10, "repo-");
        var keyFile = Work.Combine("app.pem");
        await File.WriteAllTextAsync(keyFile, GitHub.App.PrivateKeyPem);
        var started = DateTime.UtcNow;

        var result = await RunnerProcess.RunAsync(
            ["backup", "--org", "acme", "--dest", Work.Combine("dest"), "--api-url", GitHub.ServerRoot.ToString(), "--concurrency", "2"],
            new Dictionary<string, string?> { ["GITHUB_APP_ID"] = GitHub.App.AppId.ToString(System.Globalization.CultureInfo.InvariantCulture), ["GITHUB_APP_PRIVATE_KEY_FILE"] = keyFile });

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.True(DateTime.UtcNow - started > TimeSpan.FromSeconds(4), "the run must outlive at least two token lifetimes to prove anything");
        Assert.True(GitHub.Log.Count("POST", "/api/v3/app/installations/") >= 3, "tokens must have been re-minted during the run");
        Assert.DoesNotContain(GitHub.Log.Requests, r => r.Auth == "expired");
        Assert.Equal(10, BackupRoundTripTests.ReadManifest(Work.Combine("dest")).Totals.Succeeded);
    }
}
