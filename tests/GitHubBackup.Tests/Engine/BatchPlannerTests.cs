using GitHubBackup.Core.Engine;
using GitHubBackup.Core.GitHub;

namespace GitHubBackup.Tests.Engine;

public class BatchPlannerTests
{
    private static SourceRepository Repo(string name, long sizeMb) => new()
    {
        Name = name,
        FullName = $"acme/{name}",
        Owner = "acme",
        CloneUrl = new Uri($"https://github.com/acme/{name}.git"),
        SizeKb = sizeMb * 1024,
    };

    private static IReadOnlyList<IReadOnlyList<SourceRepository>> Plan(IReadOnlyList<SourceRepository> repos, BatchLimits limits) =>
        BatchPlanner.Plan(repos, r => r.SizeKb, r => r.Name, limits);

    [Fact]
    public void Every_repository_lands_in_exactly_one_batch_within_the_count_limit()
    {
        var repos = Enumerable.Range(0, 1234).Select(i => Repo($"r{i}", i % 7)).ToList();

        var batches = Plan(repos, new BatchLimits { MaxRepos = 50 });

        Assert.Equal(25, batches.Count);
        Assert.All(batches, b => Assert.InRange(b.Count, 1, 50));
        Assert.Equal(repos.Select(r => r.Name).Order(), batches.SelectMany(b => b).Select(r => r.Name).Order());
    }

    [Fact]
    public void Large_repositories_spread_across_batches_instead_of_piling_into_one()
    {
        var repos = Enumerable.Range(0, 8).Select(i => Repo($"big{i}", 5_000))
            .Concat(Enumerable.Range(0, 392).Select(i => Repo($"small{i}", 1)))
            .ToList();

        var batches = Plan(repos, new BatchLimits { MaxRepos = 50 });

        Assert.Equal(8, batches.Count);
        Assert.All(batches, b => Assert.Equal(1, b.Count(r => r.Name.StartsWith("big", StringComparison.Ordinal))));
    }

    [Fact]
    public void The_repositories_a_task_holds_at_once_fit_its_scratch_space()
    {
        var limits = new BatchLimits { MaxRepos = 100, ScratchBytes = 10L << 30, Concurrency = 4, ScratchFactor = 1.3 };
        var repos = Enumerable.Range(0, 40).Select(i => Repo($"r{i}", 1_000 + (i * 150))).ToList();

        var batches = Plan(repos, limits);

        foreach (var batch in batches)
        {
            var worstMoment = batch.Select(r => r.SizeKb * 1024 * 1.3).OrderDescending().Take(limits.Concurrency).Sum();
            Assert.True(worstMoment <= limits.ScratchBytes, $"a batch needs {worstMoment / (1 << 30):0.0} GiB of scratch at once");
        }
    }

    [Fact]
    public void A_repository_larger_than_a_task_can_share_gets_a_task_of_its_own()
    {
        var limits = new BatchLimits { ScratchBytes = 1L << 30 };

        var batches = Plan([Repo("huge", 2_000), Repo("a", 1), Repo("b", 1)], limits);

        Assert.Contains(batches, b => b.Count == 1 && b[0].Name == "huge");
    }

    [Fact]
    public void Nothing_to_back_up_plans_no_batches()
    {
        Assert.Empty(Plan([], new BatchLimits()));
    }
}
