using System.Text.Json.Nodes;
using GitHubBackup.Tests.Deployment;

namespace GitHubBackup.Tests.Lambda;

/// <summary>
/// `sam build` as SAM runs it (see <see cref="SamBuild"/>): the Makefile builds each function's package, and the
/// package is what the provided.al2023 runtime needs: an executable `bootstrap` at its root, which Lambda runs
/// (https://docs.aws.amazon.com/lambda/latest/dg/runtimes-custom.html), and the program it starts, self-contained
/// (the custom runtime has no .NET) for both Lambda architectures, because SAM does not tell make which one.
/// </summary>
[Collection(SharedSamBuild.Name)]
public sealed class LambdaBuildTests(SamBuild build)
{
    private static readonly string[] LambdaArchitectures = ["linux-x64", "linux-arm64"];

    [Fact]
    public void The_functions_code_uri_holds_everything_the_build_needs_because_use_container_mounts_only_it()
    {
        Assert.True(File.Exists(Path.Combine(build.CodeUri, "Makefile")), "CodeUri has no Makefile");
        foreach (var needed in new[] { "Directory.Build.props", "Directory.Packages.props", "src/Core/GitHubBackup.Core.csproj", "src/Lambdas/GitHubBackup.Lambdas.csproj" })
        {
            Assert.True(File.Exists(Path.Combine(build.CodeUri, needed)), $"{needed} is outside CodeUri {build.CodeUri}");
        }
    }

    [Fact]
    public void The_make_target_builds_a_package_with_an_executable_bootstrap_and_a_self_contained_program_per_architecture()
    {
        Assert.True(build.ExitCode == 0, build.Log);

        var bootstrap = Path.Combine(build.Artifacts, "bootstrap");
        Assert.True(File.Exists(bootstrap), "no bootstrap at the package root");
        Assert.True(File.GetUnixFileMode(bootstrap).HasFlag(UnixFileMode.OtherExecute), "bootstrap is not executable for everyone");
        foreach (var rid in LambdaArchitectures)
        {
            var program = Path.Combine(build.Artifacts, rid, "GitHubBackup.Lambdas");
            Assert.True(File.GetUnixFileMode(program).HasFlag(UnixFileMode.OtherExecute), $"{rid}: the program is missing or not executable");
            Assert.True(File.Exists(Path.Combine(build.Artifacts, rid, "GitHubBackup.Lambdas.dll")), $"{rid}: no GitHubBackup.Lambdas.dll");
            Assert.True(File.Exists(Path.Combine(build.Artifacts, rid, "System.Private.CoreLib.dll")), $"{rid}: the .NET runtime is not in the package");

            var runtimeConfig = JsonNode.Parse(File.ReadAllText(Path.Combine(build.Artifacts, rid, "GitHubBackup.Lambdas.runtimeconfig.json")))!;
            Assert.NotNull(runtimeConfig["runtimeOptions"]!["includedFrameworks"]);
            var deps = JsonNode.Parse(File.ReadAllText(Path.Combine(build.Artifacts, rid, "GitHubBackup.Lambdas.deps.json")))!;
            Assert.Equal($".NETCoreApp,Version=v10.0/{rid}", deps["runtimeTarget"]!["name"]!.GetValue<string>());
            var libraries = deps["libraries"]!.AsObject().Select(l => l.Key).ToList();
            Assert.Contains(libraries, l => l.StartsWith("GitHubBackup.Core/", StringComparison.Ordinal));
            Assert.DoesNotContain(libraries, l => l.StartsWith("Amazon.Lambda.", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Every_function_the_template_builds_with_the_makefile_has_a_target_that_builds_the_same_package()
    {
        var functions = DeployedTemplate.Resources
            .Where(r => r.Value!["Type"]!.GetValue<string>() == "AWS::Lambda::Function" && r.Value["Metadata"]?["BuildMethod"]?.GetValue<string>() == "makefile")
            .Select(r => r.Key)
            .ToList();
        Assert.Equal(["ListOrgsFunction", "PlanFunction", "PruneFunction", "SummarizeFunction"], functions.Order(StringComparer.Ordinal));

        var (_, planRecipe) = build.Make("build-PlanFunction", "ARTIFACTS", "--dry-run");
        foreach (var function in functions)
        {
            var (exitCode, recipe) = build.Make($"build-{function}", "ARTIFACTS", "--dry-run");
            Assert.True(exitCode == 0, recipe);
            Assert.Equal(planRecipe, recipe);
        }
    }

    [Fact]
    public void Without_artifacts_dir_the_build_says_that_sam_sets_it()
    {
        var (exitCode, output) = build.Make("build-PlanFunction", "");

        Assert.NotEqual(0, exitCode);
        Assert.Contains("ARTIFACTS_DIR is not set", output, StringComparison.Ordinal);
    }
}
