using System.Globalization;
using System.Text.Json.Nodes;
using GitHubBackup.Core.Contracts;
using GitHubBackup.Core.Storage;
using GitHubBackup.Tests.Infrastructure;
using GitHubBackup.Tests.StateMachine;

namespace GitHubBackup.Tests.Deployment;

/// <summary>
/// The runner container as Fargate runs it (issue 12, finding 1): the task definition from the transformed
/// template, the image from the Dockerfile (built by its own build stage), each runner task of a real execution
/// of the state machine started by <see cref="FargateTask"/>: as the task's user, read-only root, volumes created
/// the way ECS creates bind mounts, the task definition's environment and secret, the state machine's overrides.
/// </summary>
public sealed class FargateContainerTests : StandInTest
{
    private FargateTask Task(AwsDeployment aws) => FargateTask.FromTemplate(
        TemplateEvaluator.Deployed(
            new Dictionary<string, string>
            {
                ["GitHubAppId"] = GitHub.App.AppId.ToString(CultureInfo.InvariantCulture),
                ["GitHubApiUrl"] = GitHub.ServerRoot.ToString(),
                ["RunnerConcurrency"] = "2",
                ["RunnerImageUri"] = $"{TemplateEvaluator.AccountId}.dkr.ecr.us-east-1.amazonaws.com/github-backup-runner@sha256:{new string('a', 64)}",
            },
            new Dictionary<string, string> { ["BackupBucket"] = aws.Bucket }),
        RunnerImage.Parse());

    [Fact]
    public async Task A_nightly_run_and_its_restore_drill_succeed_with_every_runner_task_run_as_fargate_runs_the_task_definition()
    {
        AssertThisMachineCanStartContainers();
        var repos = GitHub.CreateRepositories("acme", 3, "repo-");
        var aws = await AwsDeployment.CreateAsync(GitHub);
        var task = Task(aws);
        var secretArn = $"arn:aws:secretsmanager:us-east-1:{TemplateEvaluator.AccountId}:secret:github-backup/app-private-key";
        var environment = task.Environment(
            valueFrom => valueFrom == secretArn ? GitHub.App.PrivateKeyPem : throw new InvalidOperationException($"No secret {valueFrom}."),
            new Dictionary<string, string>
            {
                // The task role's credentials and the region (Fargate provides them), and where S3 is here.
                ["AWS_ACCESS_KEY_ID"] = MotoServer.AccessKey,
                ["AWS_SECRET_ACCESS_KEY"] = MotoServer.SecretKey,
                ["AWS_REGION"] = TemplateEvaluator.Region,
                ["GITHUB_BACKUP_S3_ENDPOINT"] = MotoServer.Endpoint,
            });
        var config = aws.Execution($"fargate-{Guid.NewGuid():N}"[..24], new JsonObject()) with
        {
            TaskEnvironment = environment,
            TaskLauncher = task.Launcher(PublishedRunner.Directory, Work.Combine("task.spec")),
        };

        var result = await StateMachineHarness.RunAsync(config);

        Assert.All(result.EcsTasks, t => Assert.True(t["exitCode"]!.GetValue<int>() == 0, $"{t["state"]} exited {t["exitCode"]}:\n{t["stdout"]}\n{t["stderr"]}"));
        Assert.True(result.Status == "SUCCEEDED", result.ToString());
        var store = new S3Store(MotoServer.Client(), aws.Bucket, "");
        var date = BackupLayout.Date(DateTimeOffset.UtcNow);
        var manifest = CoreJson.Deserialize<BackupManifest>((await store.ReadAsync(BackupLayout.ManifestKey(date, "acme"), CancellationToken.None))!.Content, "manifest");
        Assert.Equal(repos.Count, manifest.Totals.Succeeded);
        var drill = Assert.Single(result.EcsTasks, t => t["state"]!.GetValue<string>() == "RestoreDrill");
        Assert.Contains("\"event\":\"verify.finished\"", drill["stdout"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Single(await store.ListAsync(BackupLayout.SnapshotPrefix(date, "acme") + "verify/", CancellationToken.None));
    }

    /// <summary>fargate-task.sh needs root's mount namespaces (no container engine); say so instead of failing inside a task.</summary>
    private static void AssertThisMachineCanStartContainers()
    {
        using var probe = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("unshare", ["--mount", "true"]) { RedirectStandardError = true })!;
        var error = probe.StandardError.ReadToEnd();
        probe.WaitForExit();
        Assert.True(probe.ExitCode == 0, $"This test starts the runner as Fargate does with `unshare --mount` (util-linux) and chroot, which needs root: {error}");
    }

    [Fact]
    public async Task The_dockerfile_prepares_every_path_the_task_definition_mounts_for_the_user_the_task_runs_as()
    {
        var image = RunnerImage.Parse();
        var task = Task(await AwsDeployment.CreateAsync(GitHub));
        var scratch = task.Container["Environment"]!.AsArray().Single(e => e!["Name"]!.GetValue<string>() == "GITHUB_BACKUP_SCRATCH")!["Value"]!.GetValue<string>();

        Assert.Equal(image.Uid, task.Uid);
        Assert.NotEqual(0, task.Uid);
        Assert.True(task.ReadonlyRoot);
        Assert.Contains(scratch, task.MountPaths);
        Assert.Contains("/tmp", task.MountPaths);
        Assert.All(task.MountPaths, path =>
        {
            Assert.Contains(path, image.Volumes);
            Assert.True(task.VolumeAsCreated(path).WritableBy(task.Uid), $"{path} would be created {task.VolumeAsCreated(path)}, not writable by uid {task.Uid}");
        });
        Assert.Contains(image.WorkDir, task.MountPaths);
    }
}
