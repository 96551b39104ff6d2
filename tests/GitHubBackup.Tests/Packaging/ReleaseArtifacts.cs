using GitHubBackup.Tests.Infrastructure;

namespace GitHubBackup.Tests.Packaging;

/// <summary>
/// build/publish.sh run once, as the release workflow runs it, for the tool package and the linux-x64 binary (the
/// one this machine can execute), with a version no earlier build has, so what the tests install is what it built.
/// </summary>
public sealed class ReleaseArtifacts : IAsyncLifetime
{
    public string Version { get; } = $"0.0.0-test.t{Guid.NewGuid():N}"[..24];

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"ghb-test-release-{Guid.NewGuid():N}");

    public async Task InitializeAsync()
    {
        var publish = await ToolProcess.RunAsync(
            RepositoryRoot.Combine("build", "publish.sh"),
            ["tool", "linux-x64"],
            "it is build/publish.sh in the checkout",
            new Dictionary<string, string?> { ["ARTIFACTS"] = Path, ["VERSION"] = Version });
        Assert.True(publish.ExitCode == 0, publish.ToString());
    }

    public Task DisposeAsync()
    {
        if (Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }

        return Task.CompletedTask;
    }
}
