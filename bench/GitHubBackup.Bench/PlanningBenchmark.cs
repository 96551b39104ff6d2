using System.Diagnostics;
using GitHubBackup.Core;
using GitHubBackup.Core.Contracts;
using GitHubBackup.Core.Engine;
using GitHubBackup.Core.GitHub;
using GitHubBackup.Core.Runs;
using GitHubBackup.Core.Storage;
using GitHubBackup.StandIn;

namespace GitHubBackup.Bench;

/// <summary>PlanBackup's work for a very large org: list every page, split into batches, write the batch files to S3 (moto_server).</summary>
internal static class PlanningBenchmark
{
    public sealed record Result(int Repositories, int Batches, TimeSpan Wall, int LargestBatch, int MaxRepos, long WorstScratchBytes, long ScratchBudget);

    public static async Task<Result> RunAsync(GitHubStandIn github, int repositories)
    {
        // Sizes like a real org: mostly small, a tail of large ones (KiB).
        github.CreateListedOnlyRepositories("bigorg", repositories, "repo-", i => i % 1000 == 0 ? 8_000_000 : i % 50 == 0 ? 400_000 : 2_000);
        using var moto = await MotoServer.StartAsync();
        using var s3 = moto.Client();
        await moto.CreateBucketAsync("plan-bench", versioned: false);
        var limits = new BatchLimits { MaxRepos = 50, ScratchBytes = 50L << 30, Concurrency = 4 };
        var planner = new RunPlanner(new S3Store(s3, "plan-bench", ""), limits);
        var clock = Stopwatch.StartNew();
        var plan = await planner.PlanAsync(
            new PlanRequest { RunId = "bench-plan", StartedAt = DateTimeOffset.UtcNow, Input = new ExecutionInput { Org = "bigorg" } },
            null,
            RepositoryFilter.All,
            (org, ct) => GitHubSession.ConnectAsync(GitHubServer.Parse(github.ServerRoot.ToString()), new GitHubAuth.Token(github.IssueUserToken()), org, new GitHubApiOptions(), new Secrets(), SystemClock.Instance, TimeProvider.System, ct),
            CancellationToken.None);
        var wall = clock.Elapsed;

        var store = new S3Store(s3, "plan-bench", "");
        var batches = await RunFiles.ReadAllAsync<BatchFile>(store, RunLayout.RunPrefix("bench-plan") + "batches/", CancellationToken.None);
        var worst = batches.Max(b => b.Value.Repos.Select(r => (long)(r.SizeKb * 1024 * limits.ScratchFactor)).OrderDescending().Take(limits.Concurrency).Sum());
        return new Result(plan.RepoCount, plan.BatchCount, wall, batches.Max(b => b.Value.Repos.Count), limits.MaxRepos, worst, limits.ScratchBytes);
    }
}
