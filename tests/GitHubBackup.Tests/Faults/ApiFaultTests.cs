using System.Diagnostics;
using GitHubBackup.Core;
using GitHubBackup.Core.GitHub;
using GitHubBackup.StandIn;
using GitHubBackup.Tests.EndToEnd;
using GitHubBackup.Tests.Infrastructure;

namespace GitHubBackup.Tests.Faults;

/// <summary>Fault matrix, GitHub API rows: errors, timeouts and rate limits at the HTTP edge.</summary>
public sealed class ApiFaultTests : StandInTest
{
    protected override StandInOptions Options => new() { Latency = TimeSpan.FromMilliseconds(20) };

    private Task<GitHubSession> ConnectAsync(GitHubApiOptions options, string? token = null) =>
        GitHubSession.ConnectAsync(
            GitHubServer.Parse(GitHub.ServerRoot.ToString()), new GitHubAuth.Token(token ?? GitHub.IssueUserToken()), "acme", options, new Secrets(), SystemClock.Instance, TimeProvider.System, CancellationToken.None);

    [Fact]
    public async Task Api_502_and_503_a_few_times_are_retried_and_the_run_succeeds()
    {
        GitHub.CreateRepositories("acme", 3, "r");
        var badGateway = GitHub.Faults.Status("GET", "^/api/v3/orgs/acme/repos$", 502, times: 2);
        var unavailable = GitHub.Faults.Status("GET", "^/api/v3/orgs/acme/repos$", 503, times: 1);

        var result = await RunnerProcess.RunAsync(
            ["backup", "--org", "acme", "--dest", Work.Combine("dest"), "--api-url", GitHub.ServerRoot.ToString()],
            new Dictionary<string, string?> { ["GITHUB_TOKEN"] = GitHub.IssueUserToken() });

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(2, badGateway.Fired);
        Assert.Equal(1, unavailable.Fired);
        Assert.Equal(3, BackupRoundTripTests.ReadManifest(Work.Combine("dest")).Totals.Succeeded);
    }

    [Fact]
    public async Task An_api_call_that_times_out_is_retried()
    {
        GitHub.CreateRepositories("acme", 2, "r");
        var slow = GitHub.Faults.Delay("GET", "^/api/v3/orgs/acme/repos$", TimeSpan.FromSeconds(5), times: 1);
        using var session = await ConnectAsync(new GitHubApiOptions { AttemptTimeout = TimeSpan.FromSeconds(1), BaseDelay = TimeSpan.FromMilliseconds(50) });

        var repos = await session.ListRepositoriesAsync("acme", CancellationToken.None);

        Assert.Equal(2, repos.Count);
        Assert.Equal(1, slow.Fired);
    }

    [Theory]
    [InlineData(403)]
    [InlineData(429)]
    public async Task A_secondary_rate_limit_is_waited_out_as_retry_after_says(int status)
    {
        GitHub.CreateRepositories("acme", 2, "r");
        GitHub.Faults.SecondaryRateLimit("GET", "^/api/v3/orgs/acme/repos$", retryAfterSeconds: 2, status: status);
        using var session = await ConnectAsync(new GitHubApiOptions { BaseDelay = TimeSpan.FromMilliseconds(10) });
        var clock = Stopwatch.StartNew();

        var repos = await session.ListRepositoriesAsync("acme", CancellationToken.None);

        Assert.Equal(2, repos.Count);
        var calls = GitHub.Log.Requests.Where(r => r.PathAndQuery.StartsWith("/api/v3/orgs/acme/repos", StringComparison.Ordinal)).ToList();
        Assert.Equal([status, 200], calls.Select(c => c.Status));
        Assert.True(calls[1].At - calls[0].At >= TimeSpan.FromSeconds(1.9), $"retried after {(calls[1].At - calls[0].At).TotalSeconds:0.00} s");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_primary_limit_that_resets_soon_is_waited_for()
    {
        GitHub.CreateRepositories("acme", 2, "r");
        GitHub.Faults.PrimaryRateLimit("GET", "^/api/v3/orgs/acme/repos$", resetInSeconds: 2);
        using var session = await ConnectAsync(new GitHubApiOptions { BaseDelay = TimeSpan.FromMilliseconds(10) });

        var repos = await session.ListRepositoriesAsync("acme", CancellationToken.None);

        Assert.Equal(2, repos.Count);
        var calls = GitHub.Log.Requests.Where(r => r.PathAndQuery.StartsWith("/api/v3/orgs/acme/repos", StringComparison.Ordinal)).ToList();
        Assert.True(calls[1].At - calls[0].At >= TimeSpan.FromSeconds(1), "the retry must wait for the reset");
    }

    [Fact]
    public async Task A_primary_limit_far_from_reset_fails_the_run_clearly()
    {
        GitHub.CreateRepositories("acme", 2, "r");
        var token = GitHub.IssueUserToken();
        GitHub.ExhaustRateLimit(token);

        var result = await RunnerProcess.RunAsync(
            ["backup", "--org", "acme", "--dest", Work.Combine("dest"), "--api-url", GitHub.ServerRoot.ToString()],
            new Dictionary<string, string?> { ["GITHUB_TOKEN"] = token });

        Assert.Equal(1, result.ExitCode);
        var line = Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("rate limit exhausted", line, StringComparison.Ordinal);
        Assert.Contains("resets at", line, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Work.Combine("dest")));
    }

    [Fact]
    public async Task Api_concurrency_never_exceeds_the_configured_bound()
    {
        var token = GitHub.IssueUserToken();
        async Task<int> PeakWithAsync(int bound)
        {
            using var slots = new SemaphoreSlim(bound, bound);
            using var handler = new GitHubPolicyHandler(new GitHubApiOptions { MaxConcurrentRequests = bound }, slots, TimeProvider.System, new SocketsHttpHandler());
            using var http = new HttpClient(handler) { BaseAddress = new Uri(GitHub.ServerRoot, "api/v3/") };
            http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
            var before = GitHub.Log.PeakConcurrentApiRequests;
            await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => http.GetAsync("orgs/acme")));
            return GitHub.Log.PeakConcurrentApiRequests;
        }

        var bounded = await PeakWithAsync(3);

        Assert.InRange(bounded, 2, 3);
        Assert.True(await PeakWithAsync(40) > 3, "without the bound the same load must exceed it, or this test proves nothing");
    }
}
