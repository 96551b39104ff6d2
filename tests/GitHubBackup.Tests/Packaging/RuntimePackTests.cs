using System.Text.Json.Nodes;
using GitHubBackup.Tests.Infrastructure;

namespace GitHubBackup.Tests.Packaging;

/// <summary>
/// The binaries this machine cannot run: each RID's self-contained restore succeeds (its runtime pack is served), which
/// is what can fail here; building all three takes ~70 s more (ReleaseArtifactTests builds and runs linux-x64).
/// </summary>
public sealed class RuntimePackTests
{
    [Theory]
    [InlineData("linux-arm64")]
    [InlineData("osx-arm64")]
    [InlineData("win-x64")]
    public async Task Each_release_runtime_restores_self_contained(string rid)
    {
        using var artifacts = new TempDirectory("restore");

        var restore = await ToolProcess.RunAsync(
            RepositoryRoot.Combine("build", "publish.sh"), ["--restore-only", rid], "it is build/publish.sh in the checkout",
            new Dictionary<string, string?> { ["ARTIFACTS"] = artifacts.Path });

        Assert.True(restore.ExitCode == 0, restore.ToString());
        var assets = JsonNode.Parse(await File.ReadAllTextAsync(artifacts.Combine("build", "obj", "GitHubBackup.Runner", "project.assets.json")))!;
        var downloads = assets["project"]!["frameworks"]!["net10.0"]!["downloadDependencies"]!.AsArray().Select(d => d!["name"]!.GetValue<string>());
        Assert.Contains($"Microsoft.NETCore.App.Runtime.{rid}", downloads);
        Assert.Contains($"net10.0/{rid}", assets["targets"]!.AsObject().Select(t => t.Key));
    }

    [Fact]
    public async Task An_unknown_target_is_refused_by_name()
    {
        var publish = await ToolProcess.RunAsync(RepositoryRoot.Combine("build", "publish.sh"), ["linux-x86"], "it is build/publish.sh in the checkout");

        Assert.Equal(2, publish.ExitCode);
        Assert.Equal("error: unknown target 'linux-x86' (expected any of: tool linux-x64 linux-arm64 osx-arm64 win-x64)", publish.Stderr.Trim());
    }
}
