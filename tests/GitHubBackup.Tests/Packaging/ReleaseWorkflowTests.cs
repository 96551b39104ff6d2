using System.Text.Json.Nodes;
using GitHubBackup.Tests.Infrastructure;

namespace GitHubBackup.Tests.Packaging;

/// <summary>
/// .github/workflows/release.yml: on a version tag it runs build/publish.sh for every target (no arguments), attaches
/// the outputs to a release and pushes the runner image built from src/Runner/Dockerfile.
/// </summary>
public sealed class ReleaseWorkflowTests
{
    private static readonly JsonObject Workflow = YamlFile.Load(RepositoryRoot.Combine(".github", "workflows", "release.yml"));

    [Fact]
    public void It_runs_on_version_tags()
    {
        Assert.Equal(["v*"], Workflow["on"]!["push"]!["tags"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.Null(Workflow["on"]!["push"]!["branches"]);
    }

    [Fact]
    public void It_builds_every_target_with_the_tags_version_and_attaches_them_to_the_release()
    {
        var runs = Steps("binaries").Select(s => s["run"]?.GetValue<string>()).OfType<string>().ToList();

        Assert.Contains("VERSION=\"${GITHUB_REF_NAME#v}\" build/publish.sh", runs);
        var release = Assert.Single(runs, r => r.Contains("gh release create", StringComparison.Ordinal));
        Assert.All(["artifacts/*.nupkg", "artifacts/*.tar.gz", "artifacts/SHA256SUMS"], file => Assert.Contains(file, release, StringComparison.Ordinal));
        Assert.Equal("write", Workflow["jobs"]!["binaries"]!["permissions"]!["contents"]!.GetValue<string>());
    }

    [Fact]
    public void It_pushes_the_runner_image_built_from_the_runner_dockerfile()
    {
        var build = Assert.Single(Steps("image"), s => s["uses"]?.GetValue<string>().StartsWith("docker/build-push-action@", StringComparison.Ordinal) == true);

        Assert.Equal("src/Runner/Dockerfile", build["with"]!["file"]!.GetValue<string>());
        Assert.True(File.Exists(RepositoryRoot.Combine("src", "Runner", "Dockerfile")));
        Assert.Equal("true", build["with"]!["push"]!.GetValue<string>());
        Assert.Equal("write", Workflow["jobs"]!["image"]!["permissions"]!["packages"]!.GetValue<string>());
    }

    private static IEnumerable<JsonObject> Steps(string job) => Workflow["jobs"]![job]!["steps"]!.AsArray().Select(s => s!.AsObject());
}
