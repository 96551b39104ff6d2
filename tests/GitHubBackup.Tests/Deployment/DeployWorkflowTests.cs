using System.Diagnostics;
using System.Text.Json.Nodes;
using GitHubBackup.Tests.Infrastructure;
using GitHubBackup.Tests.Packaging;

namespace GitHubBackup.Tests.Deployment;

/// <summary>
/// .github/workflows/deploy.yml: OIDC to AWS, the image built for the stack's Architecture and pushed, its digest
/// captured and deployed as RunnerImageUri. The step that picks the platform and the repository is run here
/// with bash, against a stand-in `aws` that answers describe-stacks as CloudFormation would.
/// </summary>
public sealed class DeployWorkflowTests : IDisposable
{
    private static readonly string WorkflowPath = RepositoryRoot.Combine(".github", "workflows", "deploy.yml");
    private const string Repository = "123456789012.dkr.ecr.us-east-1.amazonaws.com/github-backup-runnerrepository-abc";
    private readonly TempDirectory _work = new("deploy-workflow");

    private static JsonObject Workflow => YamlFile.Load(WorkflowPath);

    private static JsonArray Steps => Workflow["jobs"]!["deploy"]!["steps"]!.AsArray();

    private static JsonNode Step(Func<JsonNode, bool> which) => Assert.Single(Steps, s => which(s!))!;

    private static JsonNode StepUsing(string action) => Step(s => s["uses"]?.GetValue<string>().StartsWith(action + "@", StringComparison.Ordinal) == true);

    public void Dispose() => _work.Dispose();

    [Fact]
    public void The_aws_guide_shows_this_workflow()
    {
        Assert.Contains(File.ReadAllText(WorkflowPath), File.ReadAllText(RepositoryRoot.Combine("docs", "aws.md")), StringComparison.Ordinal);
    }

    [Fact]
    public void It_reaches_aws_through_oidc_with_no_stored_key()
    {
        Assert.Equal("write", Workflow["permissions"]!["id-token"]!.GetValue<string>());
        Assert.NotNull(Workflow["on"]!["push"]);
        var credentials = StepUsing("aws-actions/configure-aws-credentials");
        Assert.Contains("vars.", credentials["with"]!["role-to-assume"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.DoesNotContain("secrets.", File.ReadAllText(WorkflowPath), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("x86_64", "linux/amd64")]
    [InlineData("arm64", "linux/arm64")]
    public void The_image_is_built_for_the_architecture_the_stack_is_deployed_with(string architecture, string platform)
    {
        var outputs = RunTargetStep(architecture);

        Assert.Equal(0, outputs.ExitCode);
        Assert.Equal(platform, outputs.Values["platform"]);
        Assert.Equal(Repository, outputs.Values["repository"]);
        var build = StepUsing("docker/build-push-action");
        Assert.Equal("${{ steps.target.outputs.platform }}", build["with"]!["platforms"]!.GetValue<string>());
        Assert.Equal("src/Runner/Dockerfile", build["with"]!["file"]!.GetValue<string>());
        Assert.Equal("true", build["with"]!["push"]!.GetValue<string>());
        Assert.Contains("Architecture=$ARCHITECTURE", DeployStep()["run"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains(architecture, DeployedTemplate.Transformed["Parameters"]!["Architecture"]!["AllowedValues"]!.AsArray().Select(v => v!.GetValue<string>()));
    }

    [Fact]
    public void An_architecture_the_stack_does_not_offer_stops_the_workflow()
    {
        Assert.Equal(2, RunTargetStep("s390x").ExitCode);
    }

    [Fact]
    public void The_stack_is_deployed_with_the_pushed_image_by_digest()
    {
        var build = StepUsing("docker/build-push-action");
        var deploy = DeployStep();
        var image = deploy["env"]!["IMAGE"]!.GetValue<string>();

        Assert.Equal("build", build["id"]!.GetValue<string>());
        Assert.Equal("${{ steps.target.outputs.repository }}@${{ steps.build.outputs.digest }}", image);
        Assert.Contains("RunnerImageUri=$IMAGE", deploy["run"]!.GetValue<string>(), StringComparison.Ordinal);
        // The stack the repository was read from, not samconfig.toml's default name.
        Assert.Contains("sam deploy --stack-name \"$STACK_NAME\"", deploy["run"]!.GetValue<string>(), StringComparison.Ordinal);
        var runs = Steps.Select(s => s!["run"]?.GetValue<string>().Trim()).ToList();
        Assert.InRange(runs.IndexOf("sam build"), 0, runs.FindIndex(r => r?.StartsWith("sam deploy", StringComparison.Ordinal) == true) - 1);

        // What the deploy sends passes the template's AllowedPattern (docker/build-push-action's digest output is sha256:<hex>).
        var sent = image.Replace("${{ steps.target.outputs.repository }}", Repository, StringComparison.Ordinal)
            .Replace("${{ steps.build.outputs.digest }}", "sha256:" + new string('c', 64), StringComparison.Ordinal);
        var pattern = DeployedTemplate.Transformed["Parameters"]!["RunnerImageUri"]!["AllowedPattern"]!.GetValue<string>();
        Assert.Matches($"^(?:{pattern})$", sent);
    }

    private static JsonNode DeployStep() => Step(s => s["run"]?.GetValue<string>().Contains("sam deploy", StringComparison.Ordinal) == true);

    /// <summary>Runs the "target" step's script with bash as the runner would: its env, GITHUB_OUTPUT, and `aws` answering describe-stacks.</summary>
    private (int ExitCode, Dictionary<string, string> Values) RunTargetStep(string architecture)
    {
        var script = Step(s => s["id"]?.GetValue<string>() == "target")["run"]!.GetValue<string>();
        var bin = Directory.CreateDirectory(_work.Combine($"bin-{architecture}")).FullName;
        var output = _work.Combine($"output-{architecture}");
        File.WriteAllText(output, "");
        var outputKeys = DeployedTemplate.Transformed["Outputs"]!.AsObject().Select(o => o.Key);
        var query = string.Join(" || ", outputKeys.Select(k => $"[[ \"$*\" == *\"OutputKey=='{k}'\"* ]]"));
        File.WriteAllText(Path.Combine(bin, "aws"), $"#!/bin/bash\n[[ \"$1 $2 $3 $4\" == \"cloudformation describe-stacks --stack-name github-backup\" ]] && [[ \"$*\" == *RunnerRepositoryUri* ]] && ({query}) && echo {Repository}\n");
        File.SetUnixFileMode(Path.Combine(bin, "aws"), UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.UserWrite);

        var info = new ProcessStartInfo("bash", ["-e", "-c", script]) { RedirectStandardError = true, RedirectStandardOutput = true };
        info.Environment["PATH"] = $"{bin}:{Environment.GetEnvironmentVariable("PATH")}";
        info.Environment["GITHUB_OUTPUT"] = output;
        info.Environment["ARCHITECTURE"] = architecture;
        info.Environment["STACK_NAME"] = "github-backup";
        using var bash = Process.Start(info)!;
        bash.StandardOutput.ReadToEnd();
        bash.StandardError.ReadToEnd();
        bash.WaitForExit();
        var values = File.ReadAllLines(output).Select(l => l.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
        return (bash.ExitCode, values);
    }
}
