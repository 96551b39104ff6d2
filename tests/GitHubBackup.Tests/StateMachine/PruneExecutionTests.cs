using System.Text.Json.Nodes;
using GitHubBackup.Core.Contracts;
using GitHubBackup.Core.Storage;
using GitHubBackup.Tests.Infrastructure;

namespace GitHubBackup.Tests.StateMachine;

/// <summary>
/// The Prune step in the real state machine: after the night's manifest is written, the stack's retention policy is
/// applied to the org; a prune that fails is caught and leaves the backup and the run's success as they were (the
/// PruneFailedAlarm, on the function's errors, is what shows it: TemplateDefectTests).
/// </summary>
public sealed class PruneExecutionTests : StandInTest
{
    private static string NewRunId() => $"prune-{Guid.NewGuid():N}"[..24];

    private static S3Store Store(AwsDeployment aws) => new(MotoServer.Client(), aws.Bucket, "");

    [Fact]
    public async Task A_run_prunes_the_snapshots_its_retention_no_longer_keeps_and_the_kept_one_restores()
    {
        GitHub.CreateRepositories("acme", 2, "r-");
        var aws = await AwsDeployment.CreateAsync(GitHub);
        var first = await StateMachineHarness.RunAsync(aws.Execution(NewRunId(), new JsonObject()));
        Assert.True(first.Status == "SUCCEEDED", first.ToString());
        // The same snapshot as an earlier night's (the interpreter runs every execution today): it references the same
        // objects tonight's will, which prune must leave in place.
        var today = BackupLayout.Date(DateTimeOffset.UtcNow);
        var written = CoreJson.Deserialize<BackupManifest>((await Store(aws).ReadAsync(BackupLayout.ManifestKey(today, "acme"), CancellationToken.None))!.Content, "manifest");
        var earlierDate = BackupLayout.Date(DateTimeOffset.UtcNow.AddDays(-2));
        var earlier = BackupLayout.ManifestKey(earlierDate, "acme");
        Assert.True(await Store(aws).TryWriteAsync(earlier, CoreJson.Serialize(written with { Date = earlierDate }), null, CancellationToken.None));

        aws.KeepDaily = "1";
        var tonight = await StateMachineHarness.RunAsync(aws.Execution(NewRunId(), new JsonObject()));

        Assert.True(tonight.Status == "SUCCEEDED", tonight.ToString());
        Assert.Equal(1, tonight.Output!["prune"]!["snapshotsDeleted"]!.GetValue<int>());
        Assert.Null(await Store(aws).ReadAsync(earlier, CancellationToken.None));
        Assert.NotNull(await Store(aws).ReadAsync(BackupLayout.ManifestKey(today, "acme"), CancellationToken.None));
        Assert.All(written.Repos, r => Assert.NotNull(Store(aws).ReadAsync(r.BundleKey!, CancellationToken.None).Result));
        var drill = Assert.Single(tonight.EcsTasks, t => t["state"]!.GetValue<string>() == "RestoreDrill");
        Assert.Equal(0, drill["exitCode"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_prune_that_fails_is_caught_and_the_run_still_succeeds_notifies_and_drills()
    {
        GitHub.CreateRepositories("acme", 2, "r-");
        var aws = await AwsDeployment.CreateAsync(GitHub);
        // A prune that cannot run (here its configuration: the function fails before it reads anything).
        aws.KeepDaily = "thirty-five";

        var result = await StateMachineHarness.RunAsync(aws.Execution(NewRunId(), new JsonObject()));

        Assert.True(result.Status == "SUCCEEDED", result.ToString());
        Assert.Equal("ConfigurationException", result.Output!["pruneError"]!["Error"]!.GetValue<string>());
        Assert.Null(result.Output["prune"]);
        Assert.Single(result.Tasks, t => t["state"]!.GetValue<string>() == "Prune");
        Assert.Equal(0, Assert.Single(result.EcsTasks, t => t["state"]!.GetValue<string>() == "RestoreDrill")["exitCode"]!.GetValue<int>());
        var manifest = await Store(aws).ReadAsync(BackupLayout.ManifestKey(BackupLayout.Date(DateTimeOffset.UtcNow), "acme"), CancellationToken.None);
        Assert.Equal(2, CoreJson.Deserialize<BackupManifest>(manifest!.Content, "manifest").Totals.Succeeded);
    }

    /// <summary>Prune is reached only through Summarize (which fails the execution when it cannot write the manifest: no Catch).</summary>
    [Fact]
    public void Prune_follows_the_manifest_write_and_nothing_else_leads_to_it()
    {
        var states = JsonNode.Parse(File.ReadAllText(RepositoryRoot.Combine("statemachine", "backup.asl.json")))!["States"]!.AsObject();

        var into = states.Where(s => s.Value!.ToJsonString().Contains("\"Prune\"", StringComparison.Ordinal) && s.Key != "Prune").Select(s => s.Key).ToList();
        Assert.Equal(["Summarize"], into);
        Assert.Equal("Prune", states["Summarize"]!["Next"]!.GetValue<string>());
        Assert.Null(states["Summarize"]!["Catch"]);
        Assert.Equal("AnyFailed", states["Prune"]!["Next"]!.GetValue<string>());
        Assert.Equal("AnyFailed", Assert.Single(states["Prune"]!["Catch"]!.AsArray())!["Next"]!.GetValue<string>());
    }
}
