using GitHubBackup.Core.Contracts;
using GitHubBackup.StandIn;
using GitHubBackup.Tests.EndToEnd;
using GitHubBackup.Tests.Infrastructure;

namespace GitHubBackup.Tests.Cli;

/// <summary>The backup command's contract: exit codes, one clear line for bad input, and nothing written then.</summary>
public sealed class BackupCommandTests : StandInTest
{
    private string Dest => Work.Combine("dest");

    private Dictionary<string, string?> TokenEnvironment() => new() { ["GITHUB_TOKEN"] = GitHub.IssueUserToken() };

    private Task<RunnerResult> BackupAsync(IReadOnlyDictionary<string, string?> environment, params string[] extra) =>
        RunnerProcess.RunAsync(["backup", "--org", "acme", "--dest", Dest, "--api-url", GitHub.ServerRoot.ToString(), .. extra], environment);

    public static TheoryData<string[], string> UsageErrors => new()
    {
        { ["backup", "--dest", "/tmp/x"], "--org is required" },
        { ["backup", "--org", "acme"], "--dest is required" },
        { ["backup", "--org", "acme", "--dest", "/tmp/x", "--concurrency", "lots"], "--concurrency 'lots' must be a whole number" },
        { ["backup", "--org", "acme", "--dest", "/tmp/x", "--api-url", "ghe.example.com"], "--api-url 'ghe.example.com' is not an http(s) address" },
        { ["backup", "--org", "acme", "--dest", "s3://UPPER/x"], "is not an S3 bucket name" },
        { ["backup", "--org", "acme", "--dest", "/tmp/x", "--s3-endpoint", "http://x"], "--s3-endpoint applies only to an s3:// --dest" },
        { ["backup", "--org", "acme", "--dest", "/tmp/x", "--app-id", "12"], "there is no private key" },
        { ["backup", "--org", "acme", "--dest", "/tmp/x", "--no-such-option"], "--no-such-option" },
        { ["backup", "--org", "not/an/org", "--dest", "/tmp/x"], "is not a GitHub organization name" },
    };

    [Theory]
    [MemberData(nameof(UsageErrors))]
    public async Task Invalid_options_are_one_line_and_exit_2(string[] arguments, string expected)
    {
        var result = await RunnerProcess.RunAsync(arguments, new Dictionary<string, string?> { ["GITHUB_TOKEN"] = FakeSecrets.Token("ghp") });

        Assert.Equal(2, result.ExitCode);
        var line = Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(expected, line, StringComparison.Ordinal);
        Assert.False(Directory.Exists("/tmp/x"));
    }

    [Fact]
    public async Task Missing_credentials_say_which_variables_to_set()
    {
        var result = await BackupAsync(new Dictionary<string, string?>());

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("set GITHUB_TOKEN", result.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Dest));
    }

    [Fact]
    public async Task A_rejected_token_exits_2_and_writes_nothing()
    {
        GitHub.CreateRepository("acme", "a", r => r.Commit("main", "a", "a"));

        var token = FakeSecrets.Token("ghp");
        var result = await BackupAsync(new Dictionary<string, string?> { ["GITHUB_TOKEN"] = token });

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("401 Bad credentials", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(token, result.Stderr + result.Stdout, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Dest));
    }

    [Fact]
    public async Task A_malformed_app_key_exits_2_and_writes_nothing()
    {
        var keyFile = Work.Combine("bad.pem");
        await File.WriteAllTextAsync(keyFile, FakeSecrets.MalformedPem("not base64 at all"));

        var result = await BackupAsync(new Dictionary<string, string?> { ["GITHUB_APP_ID"] = "424242", ["GITHUB_APP_PRIVATE_KEY_FILE"] = keyFile });

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("private key", result.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Dest));
    }

    [Fact]
    public async Task A_destination_that_is_a_file_exits_2()
    {
        await File.WriteAllTextAsync(Dest, "not a directory");

        var result = await BackupAsync(TokenEnvironment());

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("is a file, not a directory", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bucket_that_does_not_exist_exits_2_and_names_it()
    {
        var result = await RunnerProcess.RunAsync(
            ["backup", "--org", "acme", "--dest", "s3://no-such-bucket-anywhere/x", "--api-url", GitHub.ServerRoot.ToString(), "--s3-endpoint", MotoServer.Endpoint],
            new Dictionary<string, string?>(TokenEnvironment()) { ["AWS_ACCESS_KEY_ID"] = "a", ["AWS_SECRET_ACCESS_KEY"] = "b", ["AWS_REGION"] = "us-east-1" });

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Bucket 'no-such-bucket-anywhere' does not exist", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task One_repository_that_cannot_be_cloned_fails_alone_with_gits_words_and_exit_1()
    {
        StandardCorpus.Create(GitHub, "acme");
        GitHub.Faults.FailClone("acme", StandardCorpus.ManyRefs, status: 500, times: null);

        var result = await BackupAsync(TokenEnvironment());

        Assert.Equal(1, result.ExitCode);
        var manifest = BackupRoundTripTests.ReadManifest(Dest);
        var failed = Assert.Single(manifest.Repos, r => r.Status == RepoStatus.Failed);
        Assert.Equal(StandardCorpus.ManyRefs, failed.Name);
        Assert.Contains("500", failed.Error, StringComparison.Ordinal);
        Assert.Null(failed.BundleKey);
        Assert.Equal(StandardCorpus.Names.Count - 2, manifest.Totals.Succeeded);
        Assert.Equal([StandardCorpus.ManyRefs], manifest.Rerun!.Repos);
        Assert.Contains("\"failedRepos\":[\"many-refs\"]", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_repository_deleted_between_listing_and_cloning_is_gone_not_failed()
    {
        GitHub.CreateRepository("acme", "kept", r => r.Commit("main", "a", "a"));
        GitHub.CreateRepository("acme", "vanished", r => r.Commit("main", "a", "a"));
        GitHub.HideFromGitOnly("acme", "vanished");

        var result = await BackupAsync(TokenEnvironment());

        Assert.True(result.ExitCode == 0, result.ToString());
        var manifest = BackupRoundTripTests.ReadManifest(Dest);
        Assert.Equal(RepoStatus.Gone, Assert.Single(manifest.Repos, r => r.Name == "vanished").Status);
        Assert.Equal(1, manifest.Totals.Gone);
    }

    [Fact]
    public async Task A_second_run_on_the_same_date_updates_what_it_covered_and_keeps_the_rest()
    {
        GitHub.CreateRepository("acme", "a", r => r.Commit("main", "a", "1"));
        GitHub.CreateRepository("acme", "b", r => r.Commit("main", "b", "1"));
        Assert.Equal(0, (await BackupAsync(TokenEnvironment())).ExitCode);
        var first = BackupRoundTripTests.ReadManifest(Dest);
        GitHub.DeleteRepository("acme", "b");
        GitHub.Repository("acme", "a").Mutate(r => r.Commit("main", "a", "2"));

        Assert.Equal(0, (await BackupAsync(TokenEnvironment())).ExitCode);

        var second = BackupRoundTripTests.ReadManifest(Dest);
        Assert.Equal(["a", "b"], second.Repos.Select(r => r.Name));
        Assert.NotEqual(first.Repos[0].HeadSha, second.Repos[0].HeadSha);
        // As written (records compare their lists by reference).
        Assert.Equal(System.Text.Encoding.UTF8.GetString(CoreJson.Serialize(first.Repos[1])), System.Text.Encoding.UTF8.GetString(CoreJson.Serialize(second.Repos[1])));
        Assert.Equal(first.StartedAt, second.StartedAt);
    }
}
