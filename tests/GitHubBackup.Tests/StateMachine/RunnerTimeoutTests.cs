using System.Text.Json.Nodes;
using GitHubBackup.Tests.Infrastructure;

namespace GitHubBackup.Tests.StateMachine;

/// <summary>
/// BatchTimeoutSeconds stops a runner task that runs too long, and the task is retried (it resumes from its
/// result file). A Retry on States.TaskFailed does not cover it: "States.TaskFailed ... acts as a wildcard that
/// matches any known error name except for States.Timeout" (Step Functions developer guide, error names).
/// </summary>
public sealed class RunnerTimeoutTests : StandInTest
{
    [Fact]
    public async Task A_runner_task_stopped_by_BatchTimeoutSeconds_is_retried_and_the_run_succeeds_without_the_retry_pass()
    {
        GitHub.CreateListedOnlyRepositories("acme", 3, "repo-", _ => 10);
        var aws = await AwsDeployment.CreateAsync(GitHub);
        var execution = aws.Execution($"timeout-{Guid.NewGuid():N}"[..24], new JsonObject());

        // Every batch's first task is held until the state's timeout stops it.
        var result = await StateMachineHarness.RunAsync(execution with
        {
            Substitutions = new Dictionary<string, string>(execution.Substitutions) { ["BatchTimeoutSeconds"] = "1" },
            RunnerStub = new JsonObject { ["holdFirstAttempt"] = true },
        });

        Assert.True(result.Status == "SUCCEEDED", result.ToString());
        var batches = result.EcsTasks.Count(t => t["state"]!.GetValue<string>() == "RunBatch");
        Assert.Equal(2, batches);
        Assert.Equal(batches, result.Measurements["interpreterEvents"]!["RunBatch:StateRetried"]!.GetValue<int>());
        Assert.DoesNotContain(result.Tasks, t => t["state"]!.GetValue<string>() == "RetryBatch");
        Assert.Equal(0, result.Output!["summary"]!["failed"]!.GetValue<int>());
    }
}
