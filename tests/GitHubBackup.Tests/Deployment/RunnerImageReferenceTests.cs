using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using GitHubBackup.Tests.Infrastructure;

namespace GitHubBackup.Tests.Deployment;

/// <summary>
/// Issue 12, finding 3: the runner image a deployment runs is named once, immutably, and no later deploy puts a
/// placeholder back; nothing runs before there is an image; the image and the task agree on the architecture.
/// </summary>
public class RunnerImageReferenceTests
{
    private const string Repository = "123456789012.dkr.ecr.us-east-1.amazonaws.com/github-backup-runner";
    private static readonly string Digest = "sha256:" + new string('0', 63) + "f";

    private static JsonObject Parameter(string name) => DeployedTemplate.Transformed["Parameters"]![name]!.AsObject();

    private static JsonNode Schedule(TemplateEvaluator evaluator) =>
        evaluator.Evaluate(DeployedTemplate.Resources.Single(r => r.Value!["Type"]!.GetValue<string>() == "AWS::Scheduler::Schedule").Value!["Properties"])!;

    [Theory]
    [InlineData(Repository + ":1.0.0", false)]
    [InlineData(Repository + ":latest", false)]
    [InlineData("public.ecr.aws/docker/library/busybox:latest", false)]
    [InlineData(Repository + "@sha256:abc", false)]
    [InlineData(Repository + "@sha256:0000000000000000000000000000000000000000000000000000000000000000", true)]
    [InlineData("", true)]
    public void The_runner_image_is_named_by_digest_or_not_yet(string image, bool accepted)
    {
        var pattern = Parameter("RunnerImageUri")["AllowedPattern"]!.GetValue<string>();

        // CloudFormation matches AllowedPattern against the whole value.
        Assert.Equal(accepted, Regex.IsMatch(image, $"^(?:{pattern})$"));
        Assert.Equal("", Parameter("RunnerImageUri")["Default"]!.GetValue<string>());
    }

    [Fact]
    public void Nothing_is_scheduled_and_no_task_can_start_until_a_runner_image_is_set()
    {
        var none = TemplateEvaluator.Deployed();
        var set = TemplateEvaluator.Deployed(new Dictionary<string, string> { ["RunnerImageUri"] = $"{Repository}@{Digest}" });

        Assert.Equal("DISABLED", Schedule(none)["State"]!.GetValue<string>());
        Assert.False(none.Condition("HasRunnerImage"));
        Assert.Equal("HasRunnerImage", DeployedTemplate.Resource("RunnerTaskDefinition")["Condition"]!.GetValue<string>());
        Assert.Equal("ENABLED", Schedule(set)["State"]!.GetValue<string>());
        Assert.Equal($"{Repository}@{Digest}", set.Evaluate(DeployedTemplate.Properties("RunnerTaskDefinition"))!["ContainerDefinitions"]![0]!["Image"]!.GetValue<string>());
    }

    /// <summary>
    /// `sam deploy` sends each parameter it is not given as UsePreviousValue (aws-sam-cli, samcli/lib/deploy/deployer.py,
    /// _merge_parameters), and parameter_overrides saved in samconfig.toml are given on every deploy. So samconfig.toml
    /// saves none: a deploy changes exactly the parameters it names, and the image CI deployed stays.
    /// </summary>
    [Fact]
    public void Samconfig_saves_no_parameter_so_a_later_deploy_keeps_the_deployed_image()
    {
        var config = Toml(RepositoryRoot.Combine("samconfig.toml"));

        Assert.Equal("github-backup", config["default"]!["global"]!["parameters"]!["stack_name"]!.GetValue<string>());
        Assert.All(
            config.Where(c => c.Key != "version").SelectMany(environment => environment.Value!.AsObject()),
            command => Assert.Null(command.Value!["parameters"]?["parameter_overrides"]));
        Assert.DoesNotContain(
            File.ReadAllText(RepositoryRoot.Combine("samconfig.toml")).Split('\n').Where(l => !l.TrimStart().StartsWith('#')),
            line => line.Contains("RunnerImageUri", StringComparison.Ordinal));
    }

    [Fact]
    public void The_repository_keeps_tags_immutable_and_is_emptied_when_the_stack_is_deleted()
    {
        var repository = DeployedTemplate.Properties("RunnerRepository");

        Assert.Equal("IMMUTABLE", repository["ImageTagMutability"]!.GetValue<string>());
        Assert.True(repository["EmptyOnDelete"]!.GetValue<bool>());
    }

    [Theory]
    [InlineData("x86_64", "X86_64")]
    [InlineData("arm64", "ARM64")]
    public void The_task_and_the_functions_run_on_the_architecture_the_image_is_built_for(string architecture, string cpuArchitecture)
    {
        var evaluator = TemplateEvaluator.Deployed(new Dictionary<string, string> { ["Architecture"] = architecture, ["RunnerImageUri"] = $"{Repository}@{Digest}" });

        Assert.Equal(["x86_64", "arm64"], Parameter("Architecture")["AllowedValues"]!.AsArray().Select(v => v!.GetValue<string>()));
        Assert.Equal("x86_64", Parameter("Architecture")["Default"]!.GetValue<string>());
        Assert.Equal(cpuArchitecture, evaluator.Evaluate(DeployedTemplate.Properties("RunnerTaskDefinition"))!["RuntimePlatform"]!["CpuArchitecture"]!.GetValue<string>());
        foreach (var function in DeployedTemplate.Resources.Where(r => r.Value!["Type"]!.GetValue<string>() == "AWS::Lambda::Function"))
        {
            Assert.Equal([architecture], evaluator.Evaluate(function.Value!["Properties"]!["Architectures"])!.AsArray().Select(a => a!.GetValue<string>()));
        }
    }

    private static JsonObject Toml(string path)
    {
        using var python = Process.Start(new ProcessStartInfo("python3", ["-c", "import json,sys,tomllib; print(json.dumps(tomllib.load(open(sys.argv[1],'rb'))))", path])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var output = python.StandardOutput.ReadToEnd();
        var error = python.StandardError.ReadToEnd();
        python.WaitForExit();
        Assert.True(python.ExitCode == 0, error);
        return JsonNode.Parse(output)!.AsObject();
    }
}
