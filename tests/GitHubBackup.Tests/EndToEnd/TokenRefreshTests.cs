using GitHubBackup.StandIn;
using GitHubBackup.Tests.Infrastructure;

namespace GitHubBackup.Tests.EndToEnd;

/// <summary>
/// A run that outlives its installation tokens never presents a dead one. Tokens live one hour, as GitHub's do
/// (docs.github.com: "Installation access tokens expire one hour from the time you create them"). The run and the
/// stand-in share a clock the test moves (see <see cref="SharedClock"/>). Clones go one at a time, each holding the
/// token it fetched when it started; the test holds every clone at the stand-in's door and, for each but the last,
/// jumps the clock 56 minutes: past the runner's refresh point (5 minutes before expiry) but before the held clone's
/// token expires. Which repository clones first is the scheduler's choice, so the gates are taken in the order the
/// clones reach them. Each jump makes the token due for the next clone: one mint at the start and about one per jump.
/// </summary>
public sealed class TokenRefreshTests : StandInTest
{
    private const int Repositories = 6;
    private static readonly TimeSpan Jump = TimeSpan.FromMinutes(56);

    [Fact]
    public async Task A_run_longer_than_the_token_lifetime_refreshes_and_every_repository_succeeds()
    {
        using var clock = new SharedClock();
        GitHub.Time = clock;
        GitHub.CreateRepositories("acme", Repositories, "repo-");
        var keyFile = Work.Combine("app.pem");
        await File.WriteAllTextAsync(keyFile, GitHub.App.PrivateKeyPem);
        // Each clone's first pack request (protocol v2's ls-refs), made with the token the clone started with.
        var gates = Enumerable.Range(0, Repositories)
            .Select(i => GitHub.Faults.Hold("POST", $"^/acme/repo-{i:D4}\\.git/git-upload-pack$"))
            .ToList();
        var environment = new Dictionary<string, string?>(clock.RunnerEnvironment)
        {
            ["GITHUB_APP_ID"] = GitHub.App.AppId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["GITHUB_APP_PRIVATE_KEY_FILE"] = keyFile,
        };

        // One clone at a time: while one is held, no other clone has started, so none holds a token yet.
        var run = RunnerProcess.RunAsync(
            ["backup", "--org", "acme", "--dest", Work.Combine("dest"), "--api-url", GitHub.ServerRoot.ToString(), "--concurrency", "1"],
            environment);
        var waiting = gates.ToList();
        while (waiting.Count > 0)
        {
            await Task.WhenAny(waiting.Select(g => g.Reached).Append(run));
            var arrived = waiting.SingleOrDefault(g => g.Reached.IsCompleted);
            Assert.True(arrived is not null, "the run ended before every clone reached its gate:\n" + (run.IsCompleted ? (await run).ToString() : ""));
            waiting.Remove(arrived);
            if (waiting.Count > 0)
            {
                clock.Advance(Jump);
            }

            arrived.Release();
        }

        var result = await run;

        Assert.True(result.ExitCode == 0, result.ToString());
        // It refreshed (more than one token), and only when a token was due: at most one at the start and one per
        // jump, where a token per use would be at least seven (the listing and six clones).
        var mints = GitHub.Log.Count("POST", "/api/v3/app/installations/");
        Assert.True(mints >= 2 && mints <= Repositories, $"{mints} tokens minted:\n" + string.Join("\n", GitHub.Log.Requests.Select(r => $"{r.At:HH:mm:ss.fff} {r.Method} {r.PathAndQuery} {r.Auth} {r.Status}")));
        Assert.DoesNotContain(GitHub.Log.Requests, r => r.Auth == "expired");
        Assert.Equal(Repositories, BackupRoundTripTests.ReadManifest(Work.Combine("dest")).Totals.Succeeded);
    }
}
