using System.Text.Json.Nodes;
using GitHubBackup.Core.Contracts;
using GitHubBackup.Core.Runs;
using GitHubBackup.Core.Storage;
using GitHubBackup.Tests.Infrastructure;
using Xunit.Abstractions;

namespace GitHubBackup.Tests.StateMachine;

/// <summary>
/// The real definition, PlanBackup and Summarize for an org of 20,000 repositories of which 5,000 fail, with a
/// stand-in runner that writes result files (run-execution.mjs, stubRunTask) and a stand-in GitHub that lists
/// them. It checks the AWS limits the interpreter does not enforce, from what the script measures:
/// <list type="bullet">
/// <item>256 KiB for a state's input, output and a task's result (Step Functions quotas, "Maximum input or
/// output size for a task, state, or execution": 256 KiB of UTF-8 JSON; past it States.DataLimitExceeded,
/// which no Retry matches and which ends the execution).</item>
/// <item>8,192 characters of RunTask overrides, JSON formatting included (ECS API reference, RunTask,
/// "overrides").</item>
/// <item>256 KiB for an SNS message (SNS API reference, Publish, "Message").</item>
/// <item>25,000 events in one execution's history (Step Functions quotas); the inline retry Map's iterations are
/// in the parent's history, the Distributed Map's children each have their own.</item>
/// </list>
/// </summary>
public sealed class OrgScaleExecutionTests(ITestOutputHelper output) : StandInTest
{
    private const int Repositories = 20_000;
    private const int SizeLimit = 256 * 1024;
    private const int OverridesLimit = 8192;
    private const int HistoryLimit = 25_000;

    // Every fourth repository: repo-NNNNN whose last two digits are divisible by four (5,000 of 20,000).
    private const string FailPattern = "([02468][048]|[13579][26])$";

    private static readonly string[] Failing = Enumerable.Range(0, Repositories).Where(i => i % 4 == 0).Select(Name).Order(StringComparer.OrdinalIgnoreCase).ToArray();

    private static string Name(int i) => $"repo-{i:D5}";

    [Fact]
    public async Task A_night_where_5000_of_20000_repositories_keep_failing_stays_inside_every_AWS_limit_and_the_complete_lists_reach_the_operator()
    {
        var (aws, runId, result) = await RunNightAsync(failAgain: true);

        Assert.True(result.Status == "FAILED", result.ToString()[..Math.Min(4000, result.ToString().Length)]);
        Assert.Equal("States.TaskFailed", result.Error);
        AssertInsideLimits(result);

        // What the failed task's cause (the execution's error) tells the operator: a bounded input and where the list is.
        var store = new S3Store(MotoServer.Client(), aws.Bucket, "");
        var summary = CoreJson.Deserialize<RunSummary>((await store.ReadAsync(RunLayout.SummaryKey(runId), CancellationToken.None))!.Content, "summary");
        Assert.Equal(Failing.Length, summary.Failed);
        Assert.Equal(Failing.Take(RunNotification.ListedFailures), summary.FailedRepos);
        Assert.Equal($$"""{"retryFromRunId":"{{runId}}"}""", summary.RerunInput);
        var report = summary.Report!;
        Assert.Contains(summary.RerunInput!.Replace("\"", "\\\"", StringComparison.Ordinal), result.Cause, StringComparison.Ordinal);
        Assert.Contains(report.FailedUri, result.Cause, StringComparison.Ordinal);
        Assert.True(System.Text.Encoding.UTF8.GetByteCount(result.Cause!) < SizeLimit);
        Assert.Equal($"s3://{report.Bucket}/{report.FailedKey}", report.FailedUri);

        // The complete lists, by the keys the summary names.
        var failedList = CoreJson.Deserialize<string[]>(await ReadAsync(report.Bucket, report.FailedKey), "failed list");
        Assert.Equal(Failing, failedList);
        var rerun = CoreJson.Deserialize<ExecutionInput>(await ReadAsync(report.Bucket, report.RerunInputKey!), "rerun input");
        Assert.Equal("acme", rerun.Org);
        Assert.Equal(Failing, rerun.Repos);
        var notification = System.Text.Encoding.UTF8.GetString(await ReadAsync(report.Bucket, report.NotificationKey));
        Assert.StartsWith($"github-backup acme ", notification, StringComparison.Ordinal);
        Assert.Contains($"{Failing.Length} FAILED.", notification, StringComparison.Ordinal);
        Assert.EndsWith($"Re-run them with: {RerunInput.For("acme", Failing)}", notification, StringComparison.Ordinal);

        // What the notification topic would carry for this run: bounded, and naming the complete report.
        Assert.True(System.Text.Encoding.UTF8.GetByteCount(summary.Notification!) < 16 * 1024, summary.Notification);
        Assert.Contains(report.FailedUri, summary.Notification, StringComparison.Ordinal);
        Assert.Contains(report.RerunInputUri!, summary.Notification, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_night_where_5000_of_20000_repositories_fail_once_retries_them_in_bounded_tasks_and_history_and_notifies_within_the_sns_limit()
    {
        var (aws, runId, result) = await RunNightAsync(failAgain: false);

        Assert.True(result.Status == "SUCCEEDED", result.ToString()[..Math.Min(4000, result.ToString().Length)]);
        AssertInsideLimits(result);

        var retries = result.EcsTasks.Count(t => t["state"]!.GetValue<string>() == "RetryBatch");
        Assert.InRange(retries, 1, RunSummarizer.MaxRetryBatches);

        // Events the inline retry Map put in the execution's history, counted from the interpreter's events
        // (every iteration ran) and converted to AWS history events (run-execution.mjs, awsEventsFor).
        var retryHistory = result.Measurements["mapHistoryEvents"]!["RetryFailed"]!.GetValue<int>();
        Assert.InRange(retryHistory, retries * 8, HistoryLimit / 5);

        // The worst case, computed: every retry task exhausting RetryBatch's Retry (8 ECS + 1 timeout attempts, 4
        // events each) on top of its 8 events, for the most retry batches Summarize writes.
        var worstCase = 4 + (RunSummarizer.MaxRetryBatches * (8 + (9 * 4)));
        Assert.True(worstCase < HistoryLimit / 5, $"worst case {worstCase} events");
        output.WriteLine($"retry pass: {retries} tasks, {retryHistory} history events (interpreter events converted); worst case {worstCase}");

        var published = Assert.Single(result.Tasks, t => t["kind"]!.GetValue<string>() == "sns");
        Assert.Contains("OK. 20000 repositories", published["message"]!.GetValue<string>(), StringComparison.Ordinal);
        var writer = Assert.Single(result.Tasks, t => t["kind"]!.GetValue<string>() == "result-writer");
        Assert.StartsWith(RunLayout.MapResultsPrefix(runId) + "/", writer["key"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(Repositories / aws.BatchMaxRepos, writer["succeeded"]!.GetValue<int>());
        Assert.NotEmpty(await ReadAsync(aws.Bucket, writer["key"]!.GetValue<string>()));
    }

    private async Task<(AwsDeployment Aws, string RunId, ExecutionResult Result)> RunNightAsync(bool failAgain)
    {
        GitHub.CreateListedOnlyRepositories("acme", Repositories, "repo-", _ => 10);
        var aws = await AwsDeployment.CreateAsync(GitHub);
        aws.BatchMaxRepos = 50;
        var runId = $"scale-{Guid.NewGuid():N}"[..24];
        var execution = aws.Execution(runId, new JsonObject());
        var substitutions = new Dictionary<string, string>(execution.Substitutions) { ["MaxConcurrency"] = "40" };

        var result = await StateMachineHarness.RunAsync(execution with
        {
            Substitutions = substitutions,
            RunnerStub = new JsonObject { ["failPattern"] = FailPattern, ["failAgain"] = failAgain },
            Timeout = TimeSpan.FromMinutes(20),
        });

        output.WriteLine($"measured: {result.Measurements.ToJsonString()}");
        return (aws, runId, result);
    }

    private static void AssertInsideLimits(ExecutionResult result)
    {
        var measured = result.Measurements;
        Assert.InRange(measured["largestStatePayload"]!["bytes"]!.GetValue<int>(), 1, SizeLimit - 1);
        Assert.InRange(measured["largestTaskResult"]!["bytes"]!.GetValue<int>(), 1, SizeLimit - 1);
        Assert.InRange(measured["largestSnsMessage"]!["bytes"]!.GetValue<int>(), 0, SizeLimit - 1);
        Assert.InRange(measured["largestOverrides"]!["characters"]!.GetValue<int>(), 1, OverridesLimit - 1);
        Assert.All(result.EcsTasks, t => Assert.InRange(t["overridesCharacters"]!.GetValue<int>(), 1, OverridesLimit - 1));
        Assert.Contains(result.EcsTasks, t => t["state"]!.GetValue<string>() == "RetryBatch");
    }

    private static async Task<byte[]> ReadAsync(string bucket, string key)
    {
        using var s3 = MotoServer.Client();
        using var response = await s3.GetObjectAsync(bucket, key);
        using var buffer = new MemoryStream();
        await response.ResponseStream.CopyToAsync(buffer);
        return buffer.ToArray();
    }
}
