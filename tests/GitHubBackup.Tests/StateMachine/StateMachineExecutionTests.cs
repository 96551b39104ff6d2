using System.Text.Json.Nodes;
using GitHubBackup.Core.Contracts;
using GitHubBackup.Core.Storage;
using GitHubBackup.StandIn;
using GitHubBackup.Tests.Infrastructure;

namespace GitHubBackup.Tests.StateMachine;

/// <summary>The real state machine, Lambdas and runner, executed end to end against the stand-ins.</summary>
public sealed class StateMachineExecutionTests : StandInTest
{
    private static int _executions;

    private static string NewRunId() => $"run-{Interlocked.Increment(ref _executions)}-{Guid.NewGuid():N}"[..24];

    private static async Task<BackupManifest> ManifestAsync(AwsDeployment aws, string date, string org = "acme")
    {
        var store = new S3Store(MotoServer.Client(), aws.Bucket, "");
        var content = await store.ReadAsync(BackupLayout.ManifestKey(date, org), CancellationToken.None);
        return CoreJson.Deserialize<BackupManifest>(content!.Content, "manifest");
    }

    [Fact]
    public async Task A_clean_run_backs_up_every_repository_in_batches_and_succeeds()
    {
        var repos = StandardCorpus.Create(GitHub, "acme");
        var aws = await AwsDeployment.CreateAsync(GitHub);

        var result = await StateMachineHarness.RunAsync(aws.Execution(NewRunId(), new JsonObject()));

        Assert.True(result.Status == "SUCCEEDED", result.ToString());
        Assert.Equal(3, result.EcsTasks.Count(t => t["state"]!.GetValue<string>() == "RunBatch"));
        var manifest = await ManifestAsync(aws, BackupLayout.Date(DateTimeOffset.UtcNow));
        Assert.Equal(repos.Count, manifest.Totals.Repos);
        Assert.Equal(repos.Count - 1, manifest.Totals.Succeeded);
        Assert.Equal(0, result.Output!["summary"]!["failed"]!.GetValue<int>());

        var drill = Assert.Single(result.EcsTasks, t => t["state"]!.GetValue<string>() == "RestoreDrill");
        Assert.Equal(0, drill["exitCode"]!.GetValue<int>());
        Assert.Contains("\"event\":\"verify.finished\"", drill["stdout"]!.GetValue<string>(), StringComparison.Ordinal);
        var reports = await new S3Store(MotoServer.Client(), aws.Bucket, "").ListAsync(BackupLayout.SnapshotPrefix(manifest.Date, "acme") + "verify/", CancellationToken.None);
        Assert.Single(reports);
    }

    [Fact]
    public async Task A_restore_drill_that_finds_a_broken_backup_raises_its_metric_and_the_run_still_succeeds()
    {
        StandardCorpus.Create(GitHub, "acme");
        var aws = await AwsDeployment.CreateAsync(GitHub);
        aws.DrillSamplePercent = "100";
        Assert.Equal("SUCCEEDED", (await StateMachineHarness.RunAsync(aws.Execution(NewRunId(), new JsonObject()))).Status);

        // The bucket is versioned and the manifest names the version it verified, so overwriting the object would
        // not break the backup; deleting that version does.
        var entry = (await ManifestAsync(aws, BackupLayout.Date(DateTimeOffset.UtcNow))).Repos.Single(r => r.Name == StandardCorpus.ManyRefs);
        using (var s3 = MotoServer.Client())
        {
            await s3.DeleteObjectAsync(new Amazon.S3.Model.DeleteObjectRequest { BucketName = aws.Bucket, Key = entry.BundleKey, VersionId = entry.BundleVersionId });
        }

        var result = await StateMachineHarness.RunAsync(aws.Execution(NewRunId(), JsonNode.Parse("""{"repos": ["trunk-default"]}""")!));

        Assert.True(result.Status == "SUCCEEDED", result.ToString());
        var drill = Assert.Single(result.EcsTasks, t => t["state"]!.GetValue<string>() == "RestoreDrill");
        Assert.Equal(1, drill["exitCode"]!.GetValue<int>());
        var finished = drill["stdout"]!.GetValue<string>().Split('\n').Single(l => l.Contains("\"event\":\"verify.finished\"", StringComparison.Ordinal));
        Assert.Contains("\"failures\":1", finished, StringComparison.Ordinal);
        Assert.Contains("\"org\":\"acme\"", finished, StringComparison.Ordinal);
    }


    [Fact]
    public async Task The_manifest_written_through_the_state_machine_equals_the_local_commands()
    {
        StandardCorpus.Create(GitHub, "acme");
        var aws = await AwsDeployment.CreateAsync(GitHub);
        var local = await RunnerProcess.RunAsync(
            ["backup", "--org", "acme", "--dest", $"s3://{aws.Bucket}/local", "--api-url", GitHub.ServerRoot.ToString(), "--s3-endpoint", MotoServer.Endpoint],
            new Dictionary<string, string?> { ["GITHUB_TOKEN"] = GitHub.IssueUserToken(), ["AWS_ACCESS_KEY_ID"] = "a", ["AWS_SECRET_ACCESS_KEY"] = "b", ["AWS_REGION"] = "us-east-1" });
        Assert.True(local.ExitCode == 0, local.ToString());

        var result = await StateMachineHarness.RunAsync(aws.Execution(NewRunId(), new JsonObject()));

        Assert.True(result.Status == "SUCCEEDED", result.ToString());
        var date = BackupLayout.Date(DateTimeOffset.UtcNow);
        var viaStateMachine = await ManifestAsync(aws, date);
        var store = new S3Store(MotoServer.Client(), aws.Bucket, "local");
        var viaCommand = CoreJson.Deserialize<BackupManifest>((await store.ReadAsync(BackupLayout.ManifestKey(date, "acme"), CancellationToken.None))!.Content, "manifest");
        Assert.Equal(Comparable(viaCommand), Comparable(viaStateMachine));
    }

    /// <summary>A manifest without what differs between any two runs: run ids, times, durations, storage versions.</summary>
    private static string Comparable(BackupManifest manifest) =>
        System.Text.Encoding.UTF8.GetString(CoreJson.Serialize(manifest with
        {
            RunId = "",
            StartedAt = default,
            FinishedAt = default,
            Repos = manifest.Repos.Select(r => r with
            {
                RunId = null, FinishedAt = default, DurationMs = 0, BundleVersionId = null, Layers = WithoutRunFacts(r.Layers),
                Wiki = r.Wiki is null ? null : r.Wiki with { BundleVersionId = null, Layers = WithoutRunFacts(r.Wiki.Layers) },
            }).ToList(),
        }));

    private static List<BundleObject>? WithoutRunFacts(IReadOnlyList<BundleObject>? layers) =>
        layers?.Select(l => l with { VersionId = null, WrittenAt = default, ProvenAt = default }).ToList();

    [Fact]
    public async Task A_repository_that_keeps_failing_ends_the_run_failed_and_the_rerun_input_backs_it_up()
    {
        StandardCorpus.Create(GitHub, "acme");
        var aws = await AwsDeployment.CreateAsync(GitHub);
        var clone = GitHub.Faults.FailClone("acme", StandardCorpus.Trunk, status: 500, times: null);

        var failedRun = await StateMachineHarness.RunAsync(aws.Execution(NewRunId(), new JsonObject()));

        Assert.True(failedRun.Status == "FAILED", failedRun.ToString());
        Assert.Equal("States.TaskFailed", failedRun.Error);
        Assert.Contains("""start a new one with input {\"org\":\"acme\",\"repos\":[\"trunk-default\"]}""", failedRun.Cause, StringComparison.Ordinal);
        var date = BackupLayout.Date(DateTimeOffset.UtcNow);
        var manifest = await ManifestAsync(aws, date);
        Assert.Equal(RepoStatus.Failed, Assert.Single(manifest.Repos, r => r.Name == StandardCorpus.Trunk).Status);
        Assert.Equal("""{"org":"acme","repos":["trunk-default"]}""", manifest.Rerun!.ExecutionInput);

        clone.Clear();
        var rerun = await StateMachineHarness.RunAsync(aws.Execution(NewRunId(), JsonNode.Parse(manifest.Rerun.ExecutionInput)!));

        Assert.True(rerun.Status == "SUCCEEDED", rerun.ToString());
        Assert.Single(rerun.EcsTasks, t => t["state"]!.GetValue<string>() == "RunBatch");
        var after = await ManifestAsync(aws, date);
        Assert.Equal(RepoStatus.Succeeded, Assert.Single(after.Repos, r => r.Name == StandardCorpus.Trunk).Status);
        Assert.Equal(0, after.Totals.Failed);
        Assert.Equal(manifest.Totals.Repos, after.Totals.Repos);
    }

    [Fact]
    public async Task A_failure_cured_by_the_retry_map_ends_the_run_succeeded()
    {
        StandardCorpus.Create(GitHub, "acme");
        var aws = await AwsDeployment.CreateAsync(GitHub);
        GitHub.Faults.FailClone("acme", StandardCorpus.Binary, status: 500, times: 3);

        var result = await StateMachineHarness.RunAsync(aws.Execution(NewRunId(), new JsonObject()));

        Assert.True(result.Status == "SUCCEEDED", result.ToString());
        Assert.Contains(result.Tasks, t => t["state"]!.GetValue<string>() == "RetryBatch");
        var manifest = await ManifestAsync(aws, BackupLayout.Date(DateTimeOffset.UtcNow));
        Assert.Equal(RepoStatus.Succeeded, Assert.Single(manifest.Repos, r => r.Name == StandardCorpus.Binary).Status);
        Assert.Null(manifest.Rerun);
    }

    [Fact]
    public async Task Retry_from_run_id_backs_up_the_failed_repositories_of_an_earlier_run()
    {
        StandardCorpus.Create(GitHub, "acme");
        var aws = await AwsDeployment.CreateAsync(GitHub);
        var clone = GitHub.Faults.FailClone("acme", StandardCorpus.Dotted, status: 500, times: null);
        var firstRunId = NewRunId();
        Assert.Equal("FAILED", (await StateMachineHarness.RunAsync(aws.Execution(firstRunId, new JsonObject()))).Status);
        clone.Clear();
        var clonesBefore = GitHub.Log.TotalClones;

        var retry = await StateMachineHarness.RunAsync(aws.Execution(NewRunId(), new JsonObject { ["retryFromRunId"] = firstRunId }));

        Assert.True(retry.Status == "SUCCEEDED", retry.ToString());
        Assert.Equal(1, GitHub.Log.TotalClones - clonesBefore);
        var manifest = await ManifestAsync(aws, BackupLayout.Date(DateTimeOffset.UtcNow));
        Assert.Equal(RepoStatus.Succeeded, Assert.Single(manifest.Repos, r => r.Name == StandardCorpus.Dotted).Status);
    }

    [Fact]
    public async Task Every_org_gets_its_own_child_run_with_the_parents_filters_and_one_failing_org_fails_the_parent_only()
    {
        GitHub.CreateRepositories("acme", 2, "a-");
        GitHub.InstallApp("widgets");
        GitHub.CreateRepositories("widgets", 2, "w-");
        var broken = GitHub.InstallApp("broken");
        GitHub.CreateRepositories("broken", 1, "b-");
        GitHub.Faults.Status("POST", $"^/api/v3/app/installations/{broken}/access_tokens$", 401, times: null);
        var aws = await AwsDeployment.CreateAsync(GitHub);
        var parent = NewRunId();

        var result = await StateMachineHarness.RunAsync(aws.Execution(parent, JsonNode.Parse("""{"allOrgs": true, "exclude": ["0001$"]}""")!));

        Assert.True(result.Status == "FAILED", result.ToString());
        Assert.Equal("OrgsFailed", result.Error);
        var children = result.Tasks.Where(t => t["kind"]!.GetValue<string>() == "execution-result").ToDictionary(t => t["name"]!.GetValue<string>(), t => t["status"]!.GetValue<string>());
        Assert.Equal(new Dictionary<string, string> { [$"{parent}-acme"] = "SUCCEEDED", [$"{parent}-broken"] = "FAILED", [$"{parent}-widgets"] = "SUCCEEDED" }, children);
        var date = BackupLayout.Date(DateTimeOffset.UtcNow);
        Assert.Equal(["a-0000"], (await ManifestAsync(aws, date, "acme")).Repos.Select(r => r.Name));
        Assert.Equal(["w-0000"], (await ManifestAsync(aws, date, "widgets")).Repos.Select(r => r.Name));
    }

    [Fact]
    public async Task The_run_summary_is_published_to_the_topic_and_filters_in_the_input_choose_the_repositories()
    {
        StandardCorpus.Create(GitHub, "acme");
        var aws = await AwsDeployment.CreateAsync(GitHub);

        var result = await StateMachineHarness.RunAsync(aws.Execution(NewRunId(), JsonNode.Parse("""{"include": ["^my\\.", "^many-"]}""")!));

        Assert.True(result.Status == "SUCCEEDED", result.ToString());
        var manifest = await ManifestAsync(aws, BackupLayout.Date(DateTimeOffset.UtcNow));
        Assert.Equal([StandardCorpus.ManyRefs, StandardCorpus.Dotted], manifest.Repos.Select(r => r.Name));
        var published = Assert.Single(result.Tasks, t => t["kind"]!.GetValue<string>() == "sns");
        Assert.Equal(AwsDeployment.NotificationTopic, published["topic"]!.GetValue<string>());
        Assert.StartsWith("github-backup acme ", published["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("OK. 2 repositories: 2 backed up", published["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Parts_in_the_input_override_the_stacks_settings_for_that_run()
    {
        GitHub.CreateRepository("acme", "tracker", r => r.Commit("main", "a", "a")).Metadata.AddIssue("Crash on start");
        GitHub.CreateWiki("acme", "tracker", w => w.Commit("master", "Home.md", "# Home\n"));
        var aws = await AwsDeployment.CreateAsync(GitHub);

        var result = await StateMachineHarness.RunAsync(aws.Execution(NewRunId(), JsonNode.Parse("""{"parts": {"metadata": true, "wiki": false}}""")!));

        Assert.True(result.Status == "SUCCEEDED", result.ToString());
        var entry = Assert.Single((await ManifestAsync(aws, BackupLayout.Date(DateTimeOffset.UtcNow))).Repos);
        Assert.Equal(RepoStatus.Succeeded, entry.Metadata?.Status);
        Assert.Equal(1, entry.Metadata!.Issues);
        Assert.Null(entry.Wiki);
    }

    public static TheoryData<string, string> InvalidInputs => new()
    {
        { """{"repos": ["a"], "retryFromRunId": "run-1"}""", "both \"repos\" and \"retryFromRunId\"" },
        { """{"repos": ["no-such-repo", "a"]}""", "Not repositories of 'acme'" },
        { """{"retryFromRunId": "never-ran"}""", "Run 'never-ran' has no summary" },
        { """{"repos": []}""", "\"repos\" is empty" },
        { """{"parts": {"maxAssetMB": -1}}""", "\"parts.maxAssetMB\" -1 is out of range" },
        // Input that does not fit its contract fails in the JSON reader; it is bad input too (issue 12, finding 7).
        { """{"repos": "trunk-default"}""", "The execution input is not valid at \"repos\"" },
        { """{"parts": {"wiki": "no"}}""", "The execution input is not valid at \"parts.wiki\"" },
        // The same mistake in a run of every installation is read first by ListOrgs, not PlanBackup.
        { """{"allOrgs": true, "parts": {"wiki": "no"}}""", "The execution input is not valid at \"parts.wiki\"" },
    };

    [Theory]
    [MemberData(nameof(InvalidInputs))]
    public async Task Invalid_input_fails_the_execution_with_a_clear_cause_and_writes_nothing(string input, string expected)
    {
        GitHub.CreateRepository("acme", "a", r => r.Commit("main", "a", "a"));
        var aws = await AwsDeployment.CreateAsync(GitHub);

        var result = await StateMachineHarness.RunAsync(aws.Execution(NewRunId(), JsonNode.Parse(input)!));

        Assert.Equal("FAILED", result.Status);
        Assert.Equal("InvalidInput", result.Error);
        Assert.Contains(expected, result.Cause, StringComparison.Ordinal);
        Assert.DoesNotContain("stackTrace", result.Cause, StringComparison.Ordinal);
        Assert.Empty(await new S3Store(MotoServer.Client(), aws.Bucket, "").ListAsync("", CancellationToken.None));
    }
}
