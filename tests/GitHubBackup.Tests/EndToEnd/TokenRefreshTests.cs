using GitHubBackup.StandIn;
using GitHubBackup.Tests.Infrastructure;

namespace GitHubBackup.Tests.EndToEnd;

/// <summary>
/// A run that outlives its installation tokens never presents a dead one. Tokens live one hour, as GitHub's do
/// (docs.github.com: "Installation access tokens expire one hour from the time you create them"). The run and the
/// stand-in share a clock the test moves (see <see cref="SharedClock"/>): while a clone is held at the stand-in's
/// door, the clock jumps 56 minutes, past the runner's refresh point (5 minutes before expiry) but before the held
/// clone's token expires; twice. Every token is therefore due exactly when the test says.
/// </summary>
public sealed class TokenRefreshTests : StandInTest
{
    private static readonly TimeSpan Jump = TimeSpan.FromMinutes(56);

    [Fact]
    public async Task A_run_longer_than_the_token_lifetime_refreshes_and_every_repository_succeeds()
    {
        using var clock = new SharedClock();
        GitHub.Time = clock;
        GitHub.CreateRepositories("acme", 6, "repo-");
        var keyFile = Work.Combine("app.pem");
        await File.WriteAllTextAsync(keyFile, GitHub.App.PrivateKeyPem);
        var gates = new[] { "repo-0002", "repo-0004" }.Select(name => GitHub.Faults.Hold("POST", $"^/acme/{name}\\.git/git-upload-pack$")).ToList();
        var environment = new Dictionary<string, string?>(clock.RunnerEnvironment)
        {
            ["GITHUB_APP_ID"] = GitHub.App.AppId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["GITHUB_APP_PRIVATE_KEY_FILE"] = keyFile,
        };

        // One clone at a time: while one is held, nothing else of the run is in flight.
        var run = RunnerProcess.RunAsync(
            ["backup", "--org", "acme", "--dest", Work.Combine("dest"), "--api-url", GitHub.ServerRoot.ToString(), "--concurrency", "1"],
            environment);
        foreach (var gate in gates)
        {
            await Task.WhenAny(gate.Arrived, run);
            Assert.True(gate.Arrived.IsCompleted, "the run ended before reaching the held clone:\n" + (run.IsCompleted ? (await run).ToString() : ""));
            clock.Advance(Jump);
            gate.Release();
        }

        var result = await run;

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(3, GitHub.Log.Count("POST", "/api/v3/app/installations/"));
        Assert.DoesNotContain(GitHub.Log.Requests, r => r.Auth == "expired");
        Assert.Equal(6, BackupRoundTripTests.ReadManifest(Work.Combine("dest")).Totals.Succeeded);
    }
}
