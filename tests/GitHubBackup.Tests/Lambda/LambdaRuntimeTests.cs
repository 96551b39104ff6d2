using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using GitHubBackup.LambdaHost;
using GitHubBackup.Tests.Infrastructure;

namespace GitHubBackup.Tests.Lambda;

/// <summary>
/// The built package run the way Lambda runs a provided.al2023 function (<see cref="LambdaFunctionProcess"/>)
/// against a stub of the Runtime API, moto and the GitHub stand-in: init, invocations, and function errors
/// whose errorType is what statemachine/backup.asl.json's Retry and Catch match.
/// </summary>
[Collection(SharedSamBuild.Name)]
public sealed class LambdaRuntimeTests(SamBuild build) : StandInTest
{
    private string _bucket = "";
    private string _secretName = "";

    private async Task<LambdaFunctionProcess> StartAsync(string functionLogicalId, string? handler = null)
    {
        Assert.True(build.ExitCode == 0, build.Log);
        if (_bucket.Length == 0)
        {
            _bucket = await MotoServer.CreateBucketAsync();
            _secretName = $"github-backup/app-key-{Guid.NewGuid():N}";
            await MotoSecrets.CreateAsync(_secretName, GitHub.App.PrivateKeyPem);
        }

        // Each value as the template would resolve it for this deployment (parameters: org acme, 2 repositories per batch).
        var values = new Dictionary<string, string>
        {
            ["GITHUB_BACKUP_DEST"] = $"s3://{_bucket}",
            ["GITHUB_BACKUP_ORG"] = "acme",
            ["GITHUB_API_URL"] = GitHub.ServerRoot.ToString(),
            ["GITHUB_APP_ID"] = GitHub.App.AppId.ToString(CultureInfo.InvariantCulture),
            ["GITHUB_APP_INSTALLATION_ID"] = "",
            ["GITHUB_APP_PRIVATE_KEY_SECRET"] = _secretName,
            ["GITHUB_BACKUP_BATCH_MAX_REPOS"] = "2",
            ["GITHUB_BACKUP_BATCH_MAX_MB"] = "50000",
            ["GITHUB_BACKUP_CONCURRENCY"] = "4",
            ["GITHUB_BACKUP_INCLUDE"] = "",
            ["GITHUB_BACKUP_EXCLUDE"] = "",
            ["GITHUB_BACKUP_SKIP_ARCHIVED"] = "false",
            ["GITHUB_BACKUP_SKIP_FORKS"] = "false",
            ["GITHUB_BACKUP_TOPIC"] = "",
            ["GITHUB_BACKUP_KEEP_DAILY"] = "1",
            ["GITHUB_BACKUP_KEEP_WEEKLY"] = "0",
            ["GITHUB_BACKUP_KEEP_MONTHLY"] = "0",
        };
        var endpoints = new Dictionary<string, string>
        {
            ["GITHUB_BACKUP_S3_ENDPOINT"] = MotoServer.Endpoint,
            ["AWS_ENDPOINT_URL_SSM"] = MotoServer.Endpoint,
        };
        return await LambdaFunctionProcess.StartAsync(build.Artifacts, functionLogicalId, values, endpoints, handler);
    }

    private static JsonObject PlanRequest(string runId, JsonNode input) => new()
    {
        ["input"] = input,
        ["runId"] = runId,
        ["startedAt"] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture),
    };

    private static JsonNode Response(InvocationResult result, LambdaFunctionProcess function) =>
        result.Response is { } response
            ? JsonNode.Parse(response)!
            : throw new InvalidOperationException($"function error {Encoding.UTF8.GetString(result.Error!.Document)}\n{function.Log}");

    /// <summary>The error names a state's Retry or Catch entries in the definition match.</summary>
    private static List<string> Matched(string state, string list, Func<JsonNode, bool>? which = null) =>
        JsonNode.Parse(File.ReadAllText(RepositoryRoot.Combine("statemachine", "backup.asl.json")))!["States"]![state]![list]!.AsArray()
            .Where(entry => which?.Invoke(entry!) ?? true)
            .SelectMany(entry => entry!["ErrorEquals"]!.AsArray().Select(e => e!.GetValue<string>()))
            .ToList();

    [Fact]
    public async Task PlanBackup_starts_from_bootstrap_and_answers_an_invocation_with_the_run_plan()
    {
        GitHub.CreateRepositories("acme", 3, "r-");
        await using var plan = await StartAsync("PlanFunction");

        var result = Response(await plan.InvokeAsync(PlanRequest("run-plan-1", new JsonObject())), plan);

        Assert.Equal("acme", result["org"]!.GetValue<string>());
        Assert.Equal(3, result["repoCount"]!.GetValue<int>());
        Assert.Equal(2, result["batchCount"]!.GetValue<int>());
        Assert.Equal(_bucket, result["bucket"]!.GetValue<string>());
        Assert.Contains($"GET /2018-06-01/runtime/invocation/next", plan.Api.Requests);
    }

    /// <summary>Finding 7: the JSON reader's InvalidDataException used to reach the state machine as an errorType no Catch matched.</summary>
    [Theory]
    [InlineData("""{"repos": "api"}""", "\"repos\"")]
    [InlineData("""{"full": "yes"}""", "\"full\"")]
    [InlineData("""{"parts": {"wiki": 1}}""", "\"parts.wiki\"")]
    public async Task A_malformed_execution_input_is_a_function_error_the_plan_states_catch_sends_to_its_explanation(string input, string names)
    {
        GitHub.CreateRepositories("acme", 1, "r-");
        await using var plan = await StartAsync("PlanFunction");

        var result = await plan.InvokeAsync(PlanRequest("run-bad-input", JsonNode.Parse(input)!));

        var error = Assert.IsType<RuntimeError>(result.Error);
        var document = JsonNode.Parse(error.Document)!;
        var errorType = document["errorType"]!.GetValue<string>();
        Assert.Contains(errorType, Matched("PlanBackup", "Catch", c => c["Next"]!.GetValue<string>() == "ExplainInvalidInput"));
        Assert.Equal(errorType, error.ErrorTypeHeader);
        var message = document["errorMessage"]!.GetValue<string>();
        Assert.Contains(names, message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', message);
        Assert.Empty(await new Core.Storage.S3Store(MotoServer.Client(), _bucket, "").ListAsync("", CancellationToken.None));

        // The runtime reported the error and serves the next invocation, as Lambda expects of it.
        var next = Response(await plan.InvokeAsync(PlanRequest("run-after-bad-input", new JsonObject())), plan);
        Assert.Equal(1, next["repoCount"]!.GetValue<int>());
    }

    [Fact]
    public async Task Summarize_answers_with_the_run_summary_and_prints_its_metrics_as_embedded_metric_lines()
    {
        GitHub.CreateRepositories("acme", 3, "r-");
        await using (var plan = await StartAsync("PlanFunction"))
        {
            Response(await plan.InvokeAsync(PlanRequest("run-summarize-1", new JsonObject())), plan);
        }

        await using var summarize = await StartAsync("SummarizeFunction");
        var summary = Response(await summarize.InvokeAsync(new JsonObject { ["runId"] = "run-summarize-1", ["stage"] = "initial" }), summarize);

        // No batch ran, so every repository needs a rerun and the initial stage plans retry batches.
        Assert.Equal("run-summarize-1", summary["runId"]!.GetValue<string>());
        Assert.Equal(3, summary["failed"]!.GetValue<int>());
        Assert.NotEmpty(summary["retryBatches"]!.AsArray());
        Assert.Contains("\"_aws\"", summarize.Log, StringComparison.Ordinal);
    }

    /// <summary>Snapshots of acme on earlier dates, with nothing in them, for prune to find.</summary>
    private async Task<List<string>> SeedOlderSnapshotsAsync(params int[] daysAgo)
    {
        var store = new Core.Storage.S3Store(MotoServer.Client(), _bucket, "");
        var keys = new List<string>();
        foreach (var days in daysAgo)
        {
            var date = Core.Contracts.BackupLayout.Date(DateTimeOffset.UtcNow.AddDays(-days));
            var manifest = new Core.Contracts.BackupManifest { Org = "acme", Date = date, RunId = $"old-{days}", Source = "test", Totals = new(), Repos = [] };
            var key = Core.Contracts.BackupLayout.ManifestKey(date, "acme");
            Assert.True(await store.TryWriteAsync(key, Core.Contracts.CoreJson.Serialize(manifest), null, CancellationToken.None));
            keys.Add(key);
        }

        return keys;
    }

    [Fact]
    public async Task Prune_after_summarize_deletes_the_snapshots_the_policy_no_longer_keeps_and_prints_its_metrics()
    {
        GitHub.CreateRepositories("acme", 2, "r-");
        await using (var plan = await StartAsync("PlanFunction"))
        {
            Response(await plan.InvokeAsync(PlanRequest("run-prune-1", new JsonObject())), plan);
        }

        await using (var summarize = await StartAsync("SummarizeFunction"))
        {
            Response(await summarize.InvokeAsync(new JsonObject { ["runId"] = "run-prune-1", ["stage"] = "initial" }), summarize);
        }

        var older = await SeedOlderSnapshotsAsync(5, 4);
        await using var prune = await StartAsync("PruneFunction");

        var result = Response(await prune.InvokeAsync(new JsonObject { ["runId"] = "run-prune-1" }), prune);

        Assert.Equal(2, result["snapshotsDeleted"]!.GetValue<int>());
        Assert.Equal(1, result["snapshotsKept"]!.GetValue<int>());
        Assert.Equal(0, result["refused"]!.GetValue<int>());
        var store = new Core.Storage.S3Store(MotoServer.Client(), _bucket, "");
        Assert.All(older, key => Assert.Null(store.ReadAsync(key, CancellationToken.None).Result));
        Assert.Contains("\"SnapshotsPruned\":2", prune.Log, StringComparison.Ordinal);
    }

    /// <summary>The state machine reaches Prune only after Summarize; the function refuses a run without its manifest too, deleting nothing.</summary>
    [Fact]
    public async Task Prune_of_a_run_whose_manifest_was_not_written_is_a_function_error_and_deletes_nothing()
    {
        GitHub.CreateRepositories("acme", 1, "r-");
        await using (var plan = await StartAsync("PlanFunction"))
        {
            Response(await plan.InvokeAsync(PlanRequest("run-prune-unwritten", new JsonObject())), plan);
        }

        var older = await SeedOlderSnapshotsAsync(5, 4);
        await using var prune = await StartAsync("PruneFunction");

        var result = await prune.InvokeAsync(new JsonObject { ["runId"] = "run-prune-unwritten" });

        var document = JsonNode.Parse(Assert.IsType<RuntimeError>(result.Error).Document)!;
        Assert.Equal("RunFailedException", document["errorType"]!.GetValue<string>());
        Assert.Contains("no manifest", document["errorMessage"]!.GetValue<string>(), StringComparison.Ordinal);
        var store = new Core.Storage.S3Store(MotoServer.Client(), _bucket, "");
        Assert.All(older, key => Assert.NotNull(store.ReadAsync(key, CancellationToken.None).Result));
    }

    [Fact]
    public async Task ListOrgs_answers_with_every_org_the_app_is_installed_on()
    {
        GitHub.InstallApp("widgets");
        await using var listOrgs = await StartAsync("ListOrgsFunction");

        var result = Response(await listOrgs.InvokeAsync(new JsonObject { ["allOrgs"] = true }), listOrgs);

        Assert.Equal(["acme", "widgets"], result["orgs"]!.AsArray().Select(o => o!.GetValue<string>()).Order());
    }

    [Fact]
    public async Task GitHub_out_of_rate_limit_is_a_function_error_the_plan_states_retry_matches()
    {
        GitHub.CreateRepositories("acme", 1, "r-");
        GitHub.Faults.PrimaryRateLimit("GET", "^/api/v3/(installation/repositories|orgs/acme/repos)", resetInSeconds: 7200, times: null);
        await using var plan = await StartAsync("PlanFunction");

        var result = await plan.InvokeAsync(PlanRequest("run-rate-limited", new JsonObject()));

        var errorType = JsonNode.Parse(Assert.IsType<RuntimeError>(result.Error).Document)!["errorType"]!.GetValue<string>();
        Assert.Contains(errorType, Matched("PlanBackup", "Retry"));
        Assert.DoesNotContain(errorType, Matched("PlanBackup", "Catch"));
    }

    /// <summary>
    /// Lambda stops a function at its deadline (Lambda-Runtime-Deadline-Ms); the runtime cancels the handler just
    /// before, so the function reports its own error and stays ready for the next invocation.
    /// </summary>
    [Fact]
    public async Task An_invocation_past_its_deadline_is_cancelled_and_reported_and_the_next_one_runs()
    {
        GitHub.CreateRepositories("acme", 1, "r-");
        await using var plan = await StartAsync("PlanFunction");

        var late = await plan.InvokeAsync(PlanRequest("run-out-of-time", new JsonObject()), timeout: TimeSpan.Zero);

        var errorType = JsonNode.Parse(Assert.IsType<RuntimeError>(late.Error).Document)!["errorType"]!.GetValue<string>();
        Assert.EndsWith("CanceledException", errorType, StringComparison.Ordinal);
        Assert.Empty(await new Core.Storage.S3Store(MotoServer.Client(), _bucket, "").ListAsync("", CancellationToken.None));
        var next = Response(await plan.InvokeAsync(PlanRequest("run-in-time", new JsonObject())), plan);
        Assert.Equal(1, next["repoCount"]!.GetValue<int>());
    }

    /// <summary>The Runtime API's init error (POST runtime/init/error) for a Handler the package does not serve; Lambda then reports Runtime.InvalidHandler-style init failures.</summary>
    [Fact]
    public async Task A_handler_the_package_does_not_serve_is_an_init_error_naming_the_ones_it_does()
    {
        await using var function = await StartAsync("PlanFunction", handler: "GitHubBackup.Lambdas::GitHubBackup.Lambdas.PlanBackupFunction::HandleAsync");

        var error = await function.Api.InitError.WaitAsync(TimeSpan.FromMinutes(2));
        await function.Exited.WaitAsync(TimeSpan.FromMinutes(1));

        var document = JsonNode.Parse(error.Document)!;
        Assert.Equal("Runtime.InvalidHandler", document["errorType"]!.GetValue<string>());
        Assert.Contains("PlanBackup, Summarize, ListOrgs, Prune", document["errorMessage"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.NotEqual(0, function.ExitCode);
    }

    [Fact]
    public async Task A_package_without_a_build_for_the_machines_architecture_says_so_at_start()
    {
        using var package = new TempDirectory("one-arch-package");
        var bootstrap = package.Combine("bootstrap");
        File.Copy(Path.Combine(build.Artifacts, "bootstrap"), bootstrap);
        File.SetUnixFileMode(bootstrap, File.GetUnixFileMode(Path.Combine(build.Artifacts, "bootstrap")));

        using var run = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo(bootstrap) { RedirectStandardError = true })!;
        var output = await run.StandardError.ReadToEndAsync();
        await run.WaitForExitAsync();

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("This package has no build for", output, StringComparison.Ordinal);
    }
}
