using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using GitHubBackup.Tests.Infrastructure;
using GitHubBackup.Tests.Packaging;

namespace GitHubBackup.Tests.Nightly;

/// <summary>
/// examples/nightly/kubernetes-cronjob.yaml: a batch/v1 CronJob (kubernetes.io/docs/concepts/workloads/controllers/
/// cron-jobs) running the runner image non-root with a read-only root, and a claim for its volume.
/// </summary>
public sealed partial class KubernetesCronJobTests : StandInTest
{
    private static readonly IReadOnlyList<JsonObject> Documents = YamlFile.LoadAll(RepositoryRoot.Combine("examples", "nightly", "kubernetes-cronjob.yaml"));
    private static readonly JsonObject CronJob = Documents.Single(d => d["kind"]!.GetValue<string>() == "CronJob");
    private static readonly JsonObject Pod = CronJob["spec"]!["jobTemplate"]!["spec"]!["template"]!["spec"]!.AsObject();
    private static readonly JsonObject Container = Pod["containers"]!.AsArray().Single()!.AsObject();

    [Fact]
    public void It_runs_nightly_and_never_two_at_once()
    {
        Assert.Equal("batch/v1", CronJob["apiVersion"]!.GetValue<string>());
        Assert.Null(CronSchedule.Problem(CronJob["spec"]!["schedule"]!.GetValue<string>()));
        Assert.Equal("Forbid", CronJob["spec"]!["concurrencyPolicy"]!.GetValue<string>());
        // A failed backup is reported, not retried in a loop: Never restarts the pod, and the job does not retry it.
        Assert.Equal("Never", Pod["restartPolicy"]!.GetValue<string>());
        Assert.Equal("0", CronJob["spec"]!["jobTemplate"]!["spec"]!["backoffLimit"]!.GetValue<string>());
    }

    [Fact]
    public void It_runs_the_image_as_its_non_root_user_with_a_read_only_root()
    {
        Assert.Matches(ImageReference(), Container["image"]!.GetValue<string>());
        Assert.Equal("true", Pod["securityContext"]!["runAsNonRoot"]!.GetValue<string>());
        // The .NET images' "app" user, which the Dockerfile's USER $APP_UID selects, is uid 1654
        // (dotnet/dotnet-docker src/runtime-deps/10.0/*/Dockerfile: "UID of the non-root user 'app' APP_UID=1654").
        Assert.Contains("USER $APP_UID", File.ReadAllText(RepositoryRoot.Combine("src", "Runner", "Dockerfile")), StringComparison.Ordinal);
        Assert.Equal("1654", Pod["securityContext"]!["runAsUser"]!.GetValue<string>());
        Assert.Equal("true", Container["securityContext"]!["readOnlyRootFilesystem"]!.GetValue<string>());
        Assert.Equal("false", Container["securityContext"]!["allowPrivilegeEscalation"]!.GetValue<string>());
    }

    [Fact]
    public void Everything_it_writes_is_a_volume_the_destination_a_claim_and_scratch_an_empty_dir()
    {
        var volumes = Pod["volumes"]!.AsArray().ToDictionary(v => v!["name"]!.GetValue<string>(), v => v!.AsObject());
        var mounts = Container["volumeMounts"]!.AsArray().ToDictionary(m => m!["mountPath"]!.GetValue<string>(), m => volumes[m!["name"]!.GetValue<string>()]);
        var args = Arguments();
        var dockerfile = File.ReadAllText(RepositoryRoot.Combine("src", "Runner", "Dockerfile"));
        var scratch = Regex.Match(dockerfile, @"GITHUB_BACKUP_SCRATCH=(\S+)").Groups[1].Value;
        // With a read-only root, every path the image declares a VOLUME (scratch and /tmp) must be a writable mount.
        var declared = Regex.Matches(Regex.Match(dockerfile, @"^VOLUME \[(.*)\]", RegexOptions.Multiline).Groups[1].Value, "\"([^\"]+)\"").Select(m => m.Groups[1].Value).ToList();

        Assert.Contains(scratch, declared);
        Assert.All(declared, path => Assert.NotNull(mounts[path]["emptyDir"]));
        var claim = mounts[args[args.IndexOf("--dest") + 1]]["persistentVolumeClaim"]!["claimName"]!.GetValue<string>();
        Assert.Contains(Documents, d => d["kind"]!.GetValue<string>() == "PersistentVolumeClaim" && d["metadata"]!["name"]!.GetValue<string>() == claim);
    }

    [Fact]
    public void The_token_comes_from_a_secret_not_the_manifest()
    {
        var token = Container["env"]!.AsArray().Single(e => e!["name"]!.GetValue<string>() == "GITHUB_TOKEN")!;

        Assert.Null(token["value"]);
        Assert.False(string.IsNullOrEmpty(token["valueFrom"]!["secretKeyRef"]!["name"]!.GetValue<string>()));
        Assert.DoesNotContain(Arguments(), a => a.StartsWith("--token", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Its_arguments_back_up_the_org_as_the_image_runs_them()
    {
        GitHub.CreateRepository("acme", "api", r => r.Commit("main", "README.md", "api\n"));
        var host = new HostRoot(Work.Combine("host"), GitHub.IssueUserToken(), GitHub.ServerRoot);
        var environment = HostRoot.CleanEnvironment();
        foreach (var variable in Container["env"]!.AsArray())
        {
            environment[variable!["name"]!.GetValue<string>()] = variable["value"]?.GetValue<string>();
        }

        // The secret's value and, standing for GHES, the API URL; the image's scratch directory is the test's.
        environment["GITHUB_TOKEN"] = HostRoot.ReadEnvFile(host.EnvFile)["GITHUB_TOKEN"];
        environment["GITHUB_API_URL"] = GitHub.ServerRoot.ToString();
        environment["GITHUB_BACKUP_SCRATCH"] = host.Map("/var/cache/github-backup");

        var backup = await RunnerProcess.RunAsync(Arguments().Select(host.Map), environment);

        Assert.True(backup.ExitCode == 0, backup.ToString());
        Assert.Equal(1, EndToEnd.BackupRoundTripTests.ReadManifest(host.Backups).Totals.Succeeded);
    }

    private static List<string> Arguments() => Container["args"]!.AsArray().Select(a => a!.GetValue<string>()).ToList();

    [GeneratedRegex(@"^[a-z0-9.-]+(/[a-z0-9_.-]+)*/github-backup:[0-9]+\.[0-9]+\.[0-9]+$")]
    private static partial Regex ImageReference();
}
