using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using GitHubBackup.Core.Contracts;
using GitHubBackup.Core.Runs;

namespace GitHubBackup.Tests.Deployment;

/// <summary>
/// The stack's CloudWatch dashboard: valid JSON once CloudFormation substitutes it, each graph one line per org
/// (a SEARCH over the Org dimension, so orgs need not be known), every metric one this stack publishes, and every
/// alarm's state shown.
/// </summary>
public partial class DashboardTests
{
    private static JsonObject Body()
    {
        var body = TemplateEvaluator.Deployed().Evaluate(DeployedTemplate.Properties("Dashboard")["DashboardBody"])!.GetValue<string>();
        return JsonNode.Parse(body)!.AsObject();
    }

    private static IEnumerable<JsonObject> Widgets(string type) =>
        Body()["widgets"]!.AsArray().Select(w => w!.AsObject()).Where(w => w["type"]!.GetValue<string>() == type);

    /// <summary>What RunMetrics' EMF line and the template's metric filters put in the GitHubBackup namespace.</summary>
    private static HashSet<string> PublishedMetrics()
    {
        var published = new HashSet<string>();
        foreach (var (failed, stage) in new[] { (0, RunSummarizer.FinalStage), (1, RunSummarizer.FinalStage), (1, RunSummarizer.InitialStage) })
        {
            var summary = new RunSummary
            {
                RunId = "r", Org = "acme", Date = "2026-12-01", ManifestKey = "k", Failed = failed,
                Totals = new ManifestTotals { Failed = failed }, FailedRepos = [], RetryBatches = [],
            };
            var line = JsonNode.Parse(RunMetrics.EmbeddedMetricLine(summary, stage, DateTimeOffset.UnixEpoch))!;
            published.UnionWith(line["_aws"]!["CloudWatchMetrics"]![0]!["Metrics"]!.AsArray().Select(m => m!["Name"]!.GetValue<string>()));
        }

        published.UnionWith(DeployedTemplate.Resources.Where(r => r.Value!["Type"]!.GetValue<string>() == "AWS::Logs::MetricFilter")
            .Select(r => r.Value!["Properties"]!["MetricTransformations"]![0]!["MetricName"]!.GetValue<string>()));
        return published;
    }

    [Fact]
    public void Every_graph_of_a_run_metric_has_a_line_per_org_of_a_metric_the_stack_publishes()
    {
        var searched = Widgets("metric").SelectMany(w => w["properties"]!["metrics"]!.AsArray())
            .Select(m => (m![0] as JsonObject)?["expression"]?.GetValue<string>()).OfType<string>().ToList();

        Assert.NotEmpty(searched);
        var published = PublishedMetrics();
        Assert.All(searched, expression =>
        {
            var search = PerOrgSearch().Match(expression);
            Assert.True(search.Success, $"not a per-org SEARCH: {expression}");
            Assert.Contains(search.Groups[1].Value, published);
        });
    }

    [Theory]
    [InlineData("ReposSucceeded")]
    [InlineData("ReposUnchanged")]
    [InlineData("ReposFailed")]
    [InlineData("BytesStored")]
    [InlineData("RestoreDrillPassed")]
    [InlineData("RestoreDrillFailures")]
    public void The_dashboard_graphs(string metric)
    {
        Assert.Contains(Widgets("metric").SelectMany(w => w["properties"]!["metrics"]!.AsArray()), m => (m![0] as JsonObject)?["expression"]?.GetValue<string>().Contains($"MetricName=\"{metric}\"", StringComparison.Ordinal) == true);
    }

    [Fact]
    public void Run_duration_is_the_state_machines_execution_time()
    {
        var lines = Widgets("metric").SelectMany(w => w["properties"]!["metrics"]!.AsArray()).Select(m => m!.AsArray()).Where(m => m[0] is JsonValue).ToList();

        Assert.NotEmpty(lines);
        Assert.All(lines, line => Assert.Equal(["AWS/States", "ExecutionTime", "StateMachineArn", "BackupStateMachine"], line.Take(4).Select(v => v!.GetValue<string>())));
    }

    [Fact]
    public void Every_alarm_of_the_stack_shows_its_state()
    {
        var shown = Widgets("alarm").SelectMany(w => w["properties"]!["alarms"]!.AsArray()).Select(a => a!.GetValue<string>()).ToHashSet();
        var alarms = DeployedTemplate.Resources.Where(r => r.Value!["Type"]!.GetValue<string>() == "AWS::CloudWatch::Alarm").Select(r => $"{r.Key}.Arn");

        Assert.Equal(alarms.Order(), shown.Order());
    }

    [GeneratedRegex("""^SEARCH\('\{GitHubBackup,Org\} MetricName="(\w+)"', '(Maximum|Sum|Average)', \d+\)$""")]
    private static partial Regex PerOrgSearch();
}
