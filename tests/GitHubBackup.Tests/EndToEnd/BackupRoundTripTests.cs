using GitHubBackup.Core.Contracts;
using GitHubBackup.StandIn;
using GitHubBackup.Tests.Infrastructure;

namespace GitHubBackup.Tests.EndToEnd;

/// <summary>The README's backup command against a GitHub-compatible server, then restore: every ref comes back.</summary>
public sealed class BackupRoundTripTests : StandInTest
{
    [Fact]
    public async Task A_token_backup_to_a_directory_restores_every_ref_of_every_repository()
    {
        var repos = StandardCorpus.Create(GitHub, "acme");
        using var dest = new TempDirectory("dest");
        var token = GitHub.IssueUserToken();

        var backup = await RunnerProcess.RunAsync(
            ["backup", "--org", "acme", "--dest", dest.Path, "--api-url", GitHub.ServerRoot.ToString()],
            new Dictionary<string, string?> { ["GITHUB_TOKEN"] = token });

        Assert.True(backup.ExitCode == 0, backup.ToString());
        var manifest = ReadManifest(dest.Path);
        Assert.Equal(repos.Count, manifest.Totals.Repos);
        Assert.Equal(1, manifest.Totals.Empty);
        Assert.Equal(repos.Count - 1, manifest.Totals.Succeeded);
        await AssertRestoresAsync(dest.Path, repos, manifest, new Dictionary<string, string?>());
    }

    [Fact]
    public async Task An_app_backup_to_s3_restores_every_ref_of_every_repository()
    {
        var repos = StandardCorpus.Create(GitHub, "acme");
        var bucket = await MotoServer.CreateBucketAsync();
        var dest = $"s3://{bucket}/nightly";
        using var key = new TempDirectory("key");
        var keyFile = key.Combine("app.pem");
        await File.WriteAllTextAsync(keyFile, GitHub.App.PrivateKeyPem);
        var s3 = new Dictionary<string, string?>
        {
            ["AWS_ACCESS_KEY_ID"] = MotoServer.AccessKey,
            ["AWS_SECRET_ACCESS_KEY"] = MotoServer.SecretKey,
            ["AWS_REGION"] = "us-east-1",
        };

        var backup = await RunnerProcess.RunAsync(
            ["backup", "--org", "acme", "--dest", dest, "--api-url", GitHub.ServerRoot.ToString(), "--s3-endpoint", MotoServer.Endpoint, "--concurrency", "3"],
            new Dictionary<string, string?>(s3) { ["GITHUB_APP_ID"] = GitHub.App.AppId.ToString(System.Globalization.CultureInfo.InvariantCulture), ["GITHUB_APP_PRIVATE_KEY_FILE"] = keyFile });

        Assert.True(backup.ExitCode == 0, backup.ToString());
        using var restoreRoot = new TempDirectory("restore");
        foreach (var repo in repos)
        {
            var restore = await RunnerProcess.RunAsync(
                ["restore", "--from", dest, "--org", "acme", "--repo", repo.Name, "--to", restoreRoot.Path, "--s3-endpoint", MotoServer.Endpoint], s3);
            Assert.True(restore.ExitCode == 0, restore.ToString());
            Assert.Equal(repo.Refs(), GitRefsOf(Path.Combine(restoreRoot.Path, repo.Name + ".git")));
        }
    }

    internal static BackupManifest ReadManifest(string dest)
    {
        var date = Assert.Single(Directory.GetDirectories(Path.Combine(dest, "github-backup")).Select(Path.GetFileName), d => BackupLayout.IsDate(d!));
        var bytes = File.ReadAllBytes(Path.Combine(dest, "github-backup", date!, "acme", "manifest.json"));
        return CoreJson.Deserialize<BackupManifest>(bytes, "manifest");
    }

    private static async Task AssertRestoresAsync(string dest, IReadOnlyList<StandInRepo> repos, BackupManifest manifest, IReadOnlyDictionary<string, string?> environment)
    {
        using var restoreRoot = new TempDirectory("restore");
        foreach (var repo in repos)
        {
            var entry = manifest.Repos.Single(e => e.Name == repo.Name);
            if (entry.BundleKey is not null)
            {
                var bundle = Path.Combine(dest, entry.BundleKey);
                Assert.Equal(new FileInfo(bundle).Length, entry.SizeBytes);
                Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(bundle))), entry.Sha256);
            }

            var restore = await RunnerProcess.RunAsync(["restore", "--from", dest, "--org", "acme", "--repo", repo.Name, "--to", restoreRoot.Path], environment);

            Assert.True(restore.ExitCode == 0, restore.ToString());
            var restored = Path.Combine(restoreRoot.Path, repo.Name + ".git");
            Assert.Equal(repo.Refs(), GitRefsOf(restored));
            Assert.Equal(entry.Refs, repo.Refs().Count);
            if (entry.Status == RepoStatus.Succeeded)
            {
                Assert.Equal(repo.HeadBranch(), entry.DefaultBranch);
                Assert.Equal(repo.Refs()[$"refs/heads/{repo.HeadBranch()}"], entry.HeadSha);
            }
        }
    }

    internal static IReadOnlyDictionary<string, string> GitRefsOf(string repository)
    {
        var output = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("git", ["-C", repository, "for-each-ref", "--format=%(refname) %(objectname)"]) { RedirectStandardOutput = true })!;
        var text = output.StandardOutput.ReadToEnd();
        output.WaitForExit();
        return text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ')).ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
    }
}
