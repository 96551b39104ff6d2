using GitHubBackup.Core.Engine;

namespace GitHubBackup.Tests.Engine;

public class ScratchBudgetTests
{
    [Fact]
    public async Task Repositories_in_flight_stay_within_the_budget_and_a_larger_one_waits_its_turn()
    {
        var budget = new ScratchBudget(100);
        using var first = await budget.AcquireAsync(60, CancellationToken.None);
        using var second = await budget.AcquireAsync(40, CancellationToken.None);

        var third = budget.AcquireAsync(10, CancellationToken.None);
        await Task.Delay(50);
        Assert.False(third.IsCompleted);

        first.Dispose();
        using var admitted = await third.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task A_repository_larger_than_the_budget_runs_alone()
    {
        var budget = new ScratchBudget(100);

        using var huge = await budget.AcquireAsync(500, CancellationToken.None);
        var small = budget.AcquireAsync(1, CancellationToken.None);
        await Task.Delay(50);

        Assert.False(small.IsCompleted);
        huge.Dispose();
        using var next = await small.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void The_default_budget_holds_the_largest_repository_with_room_to_spare()
    {
        Assert.Equal(1300L << 20, ScratchBudget.For([1000L << 20, 10]).BudgetBytes);
        Assert.Equal(256L << 20, ScratchBudget.For([1L << 20]).BudgetBytes);
    }
}
