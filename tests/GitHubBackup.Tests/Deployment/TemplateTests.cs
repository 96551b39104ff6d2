using System.Text.RegularExpressions;
using GitHubBackup.Tests.Infrastructure;

namespace GitHubBackup.Tests.Deployment;

/// <summary>template.yaml and the state machine definition, checked without AWS: lint, transform, wiring.</summary>
public partial class TemplateTests
{
    [Fact]
    public void Cfn_lint_passes()
    {
        var (exitCode, output) = DeployedTemplate.Lint;

        Assert.True(exitCode == 0, output);
    }

    [Fact]
    public void Asl_validator_passes_on_the_definition()
    {
        using var validator = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo(
            StateMachine.StateMachineHarness.NodeExecutable,
            ["node_modules/asl-validator/dist/bin/asl-validator.js", "--json-path", RepositoryRoot.Combine("statemachine", "backup.asl.json")])
        {
            WorkingDirectory = StateMachine.StateMachineHarness.ToolsDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var output = validator.StandardOutput.ReadToEnd() + validator.StandardError.ReadToEnd();
        validator.WaitForExit();

        Assert.True(validator.ExitCode == 0, output);
    }

    [Fact]
    public void Every_substitution_in_the_definition_is_provided_and_none_is_unused()
    {
        var used = Placeholder().Matches(File.ReadAllText(RepositoryRoot.Combine("statemachine", "backup.asl.json")))
            .Select(m => m.Groups[1].Value).ToHashSet();

        var provided = DeployedTemplate.Properties("BackupStateMachine")["DefinitionSubstitutions"]!.AsObject().Select(p => p.Key).ToHashSet();

        Assert.Equal(used.Order(), provided.Order());
    }

    /// <summary>
    /// Custom runtime (provided.al2023): Lambda runs the package's `bootstrap`, which serves the handler named by
    /// _HANDLER (the function's Handler); `sam build` builds it with the Makefile (BuildMethod: makefile).
    /// </summary>
    [Fact]
    public void Every_function_runs_the_packages_bootstrap_with_a_handler_it_serves_built_by_the_makefile()
    {
        var functions = DeployedTemplate.Resources.Where(r => r.Value!["Type"]!.GetValue<string>() == "AWS::Lambda::Function").ToList();

        Assert.Equal(4, functions.Count);
        foreach (var (name, function) in functions)
        {
            var properties = function!["Properties"]!;
            Assert.Equal("provided.al2023", properties["Runtime"]!.GetValue<string>());
            Assert.Contains(properties["Handler"]!.GetValue<string>(), Lambdas.LambdaHandlers.ByName.Keys);
            Assert.True(function["Metadata"]?["BuildMethod"]?.GetValue<string>() == "makefile", $"{name} is not built by the Makefile");
        }
    }

    [Fact]
    public void The_state_machine_tests_run_the_handlers_the_template_deploys()
    {
        var handlers = DeployedTemplate.Resources.Where(r => r.Value!["Type"]!.GetValue<string>() == "AWS::Lambda::Function")
            .ToDictionary(r => r.Key, r => r.Value!["Properties"]!["Handler"]!.GetValue<string>());

        Assert.Equal(StateMachine.TemplateHandlers.Plan, handlers["PlanFunction"]);
        Assert.Equal(StateMachine.TemplateHandlers.Summarize, handlers["SummarizeFunction"]);
        Assert.Equal(StateMachine.TemplateHandlers.ListOrgs, handlers["ListOrgsFunction"]);
        Assert.Equal(StateMachine.TemplateHandlers.Prune, handlers["PruneFunction"]);
    }

    [Fact]
    public void The_runner_environment_names_are_the_ones_the_code_reads()
    {
        var container = DeployedTemplate.Properties("RunnerTaskDefinition")["ContainerDefinitions"]![0]!;
        var environment = container["Environment"]!.AsArray().Select(e => e!["Name"]!.GetValue<string>()).ToHashSet();
        var secrets = container["Secrets"]!.AsArray().Select(e => e!["Name"]!.GetValue<string>()).ToHashSet();

        Assert.Subset(environment, new HashSet<string> { "GITHUB_BACKUP_DEST", "GITHUB_API_URL", "GITHUB_APP_ID", "GITHUB_BACKUP_SCRATCH", "GITHUB_BACKUP_CONCURRENCY" });
        Assert.Subset(NamesReadBy("src/Runner", "src/Core"), environment);
        Assert.Equal(["GITHUB_APP_PRIVATE_KEY"], secrets);
        Assert.Equal(StateMachine.AwsDeployment.Container, container["Name"]!.GetValue<string>());
    }

    [Fact]
    public void The_lambda_environment_names_are_the_ones_the_code_reads()
    {
        var read = NamesReadBy("src/Lambdas", "src/Core");
        foreach (var function in new[] { "PlanFunction", "SummarizeFunction", "ListOrgsFunction", "PruneFunction" })
        {
            var variables = DeployedTemplate.Properties(function)["Environment"]!["Variables"]!.AsObject().Select(v => v.Key).ToHashSet();
            Assert.Subset(read, variables);
        }
    }

    /// <summary>Every GITHUB_* string literal in the given source folders: a variable the template sets but no code reads is a typo.</summary>
    private static HashSet<string> NamesReadBy(params string[] folders) =>
        folders.SelectMany(f => Directory.EnumerateFiles(RepositoryRoot.Combine(f), "*.cs", SearchOption.AllDirectories))
            .Where(f => !f.Contains($"{System.IO.Path.DirectorySeparatorChar}obj{System.IO.Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(f => EnvironmentName().Matches(File.ReadAllText(f)).Select(m => m.Groups[1].Value))
            .ToHashSet();

    [GeneratedRegex("\"(GITHUB_[A-Z0-9_]+)\"")]
    private static partial Regex EnvironmentName();

    [GeneratedRegex(@"\$\{(\w+)\}")]
    private static partial Regex Placeholder();
}
