using System.Net;
using System.Net.Sockets;
using GitHubBackup.Core.Contracts;
using GitHubBackup.StandIn;
using GitHubBackup.Tests.EndToEnd;
using GitHubBackup.Tests.Infrastructure;

namespace GitHubBackup.Tests.Cli;

/// <summary>
/// The traps a new user fell into on the first day (issue 14), each through the real command line: one clear
/// line, the right exit code, and nothing written where it should not be.
/// </summary>
public sealed class FirstDayTests : StandInTest
{
    private string Dest => Work.Combine("dest");

    private Dictionary<string, string?> TokenEnvironment() => new() { ["GITHUB_TOKEN"] = GitHub.IssueUserToken() };

    private Task<RunnerResult> BackupAsync(IReadOnlyDictionary<string, string?> environment, params string[] extra) =>
        RunnerProcess.RunAsync(["backup", "--org", "acme", "--dest", Dest, "--api-url", GitHub.ServerRoot.ToString(), .. extra], environment);

    private static string OneLine(RunnerResult result) => Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));

    private static List<string> DryRunRepos(RunnerResult result) =>
        result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => System.Text.Json.Nodes.JsonNode.Parse(l)!)
            .Where(j => (string?)j["event"] == "dryrun.repo")
            .Select(j => $"{j["repo"]}:{j["plan"]}")
            .Order(StringComparer.Ordinal)
            .ToList();

    // Trap 1: these became local folders named "s3:" or "s3", exit 0.
    [Theory]
    [InlineData("s3:/bucket")]
    [InlineData("s3:bucket")]
    [InlineData("s3//bucket")]
    [InlineData("S3://")]
    [InlineData("s3://")]
    [InlineData("s3://ab")]
    [InlineData("s3://-bucket-")]
    [InlineData("s3://my..bucket")]
    [InlineData("s3://192.168.0.1/x")]
    [InlineData("gs://bucket")]
    public async Task A_destination_that_looks_like_s3_but_is_not_is_refused_naming_the_form_and_nothing_is_created(string dest)
    {
        var result = await RunnerProcess.RunAsync(
            ["backup", "--org", "acme", "--dest", dest, "--api-url", GitHub.ServerRoot.ToString()], TokenEnvironment(), workingDirectory: Work.Path);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("s3://BUCKET[/PREFIX]", OneLine(result), StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(Work.Path));
    }

    // Trap 2: only true/1 were on; "yes" was silently off.
    [Theory]
    [InlineData("config", "skip-archived: YES")]
    [InlineData("env", "GITHUB_BACKUP_SKIP_ARCHIVED=on")]
    [InlineData("flag", "--skip-archived=yes")]
    [InlineData("flag", "--skip-archived 1")]
    public async Task On_off_settings_take_the_usual_spellings_everywhere(string source, string setting)
    {
        GitHub.CreateRepository("acme", "kept", r => r.Commit("main", "a", "a"));
        GitHub.CreateRepository("acme", "old", r => r.Commit("main", "a", "a"), new RepoSettings { Archived = true });
        var environment = TokenEnvironment();
        var extra = new List<string> { "--dry-run" };
        switch (source)
        {
            case "config":
                await File.WriteAllTextAsync(Work.Combine("github-backup.yml"), setting + "\n");
                extra.AddRange(["--config", Work.Combine("github-backup.yml")]);
                break;
            case "env":
                environment[setting.Split('=')[0]] = setting.Split('=')[1];
                break;
            default:
                extra.AddRange(setting.Split(' '));
                break;
        }

        var result = await BackupAsync(environment, [.. extra]);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(["kept:new"], DryRunRepos(result));
    }

    [Theory]
    [InlineData("config", "skip-archived: yes please", "skip-archived: 'yes please' is not on/off; use true or false")]
    [InlineData("env", "GITHUB_BACKUP_FULL=maybe", "GITHUB_BACKUP_FULL: 'maybe' is not on/off")]
    [InlineData("flag", "--metadata=sure", "--metadata: 'sure' is not on/off")]
    public async Task An_on_off_setting_spelled_any_other_way_is_refused_by_name(string source, string setting, string expected)
    {
        var environment = TokenEnvironment();
        var extra = new List<string>();
        if (source == "config")
        {
            await File.WriteAllTextAsync(Work.Combine("github-backup.yml"), setting + "\n");
            extra.AddRange(["--config", Work.Combine("github-backup.yml")]);
        }
        else if (source == "env")
        {
            environment[setting.Split('=')[0]] = setting.Split('=')[1];
        }
        else
        {
            extra.Add(setting);
        }

        var result = await BackupAsync(environment, [.. extra]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(expected, OneLine(result), StringComparison.Ordinal);
        Assert.False(Directory.Exists(Dest));
    }

    // Trap 3: the report's folder was found missing only after every check ran, with a stack trace.
    [Fact]
    public async Task Verify_with_a_report_in_a_missing_folder_is_refused_before_any_check()
    {
        GitHub.CreateRepository("acme", "a", r => r.Commit("main", "a", "a"));
        Assert.Equal(0, (await BackupAsync(TokenEnvironment())).ExitCode);

        var result = await RunnerProcess.RunAsync(["verify", "--from", Dest, "--org", "acme", "--report", Work.Combine("no-such-folder", "report.json")]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("no-such-folder' does not exist", OneLine(result), StringComparison.Ordinal);
        Assert.DoesNotContain("verify.repo", result.Stdout, StringComparison.Ordinal);
    }

    // Trap 4: 25 s of silence and exit 1.
    [Fact]
    public async Task A_github_api_address_where_nothing_listens_is_one_line_naming_it_exit_2_without_retries()
    {
        var port = FreePort();

        var result = await RunnerProcess.RunAsync(["backup", "--org", "acme", "--dest", Dest, "--api-url", $"http://127.0.0.1:{port}"], TokenEnvironment());

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"Cannot reach the GitHub API at http://127.0.0.1:{port}", OneLine(result), StringComparison.Ordinal);
        Assert.DoesNotContain("api.retry", result.Stdout, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Dest));
    }

    // RFC 2606 reserves .invalid: it never resolves.
    [Fact]
    public async Task A_github_api_host_that_does_not_resolve_is_one_line_naming_it_exit_2()
    {
        var result = await RunnerProcess.RunAsync(["backup", "--org", "acme", "--dest", Dest, "--api-url", "https://github-backup-test.invalid"], TokenEnvironment());

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Cannot reach the GitHub API at https://github-backup-test.invalid", OneLine(result), StringComparison.Ordinal);
        Assert.False(Directory.Exists(Dest));
    }

    [Fact]
    public async Task Api_retries_are_a_log_line_each()
    {
        GitHub.CreateRepository("acme", "a", r => r.Commit("main", "a", "a"));
        GitHub.Faults.Status("GET", "^/api/v3/orgs/acme/repos$", 502, times: 2);

        var result = await BackupAsync(TokenEnvironment());

        Assert.True(result.ExitCode == 0, result.ToString());
        var retries = result.Stdout.Split('\n').Where(l => l.Contains("\"event\":\"api.retry\"", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, retries.Count);
        Assert.Contains("answered 502", retries[0], StringComparison.Ordinal);
    }

    // Trap 5: filters that matched nothing backed up nothing, exit 0, without a word.
    [Fact]
    public async Task Filters_that_match_nothing_are_an_error_naming_them_and_the_count_listed()
    {
        GitHub.CreateRepository("acme", "a", r => r.Commit("main", "a", "a"));
        GitHub.CreateRepository("acme", "b", r => r.Commit("main", "a", "a"));

        var result = await BackupAsync(TokenEnvironment(), "--include", "^lecture-", "--skip-forks");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("The filters --include '^lecture-' --skip-forks match none of the 2 repositories listed in acme", OneLine(result), StringComparison.Ordinal);
        Assert.False(Directory.Exists(Dest));
    }

    [Fact]
    public async Task Include_ignores_case_as_github_names_do()
    {
        GitHub.CreateRepository("acme", "Lecture-1", r => r.Commit("main", "a", "a"));
        GitHub.CreateRepository("acme", "other", r => r.Commit("main", "a", "a"));

        var result = await BackupAsync(TokenEnvironment(), "--include", "^lecture-", "--dry-run");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(["Lecture-1:new"], DryRunRepos(result));
    }

    [Fact]
    public async Task A_dry_run_previews_unchanged_and_cloned_repositories_and_writes_nothing()
    {
        GitHub.CreateRepository("acme", "still", r => r.Commit("main", "a", "1"));
        var moving = GitHub.CreateRepository("acme", "moving", r => r.Commit("main", "a", "1"));
        Assert.Equal(0, (await BackupAsync(TokenEnvironment())).ExitCode);
        moving.Mutate(r => r.Commit("main", "a", "2"));
        GitHub.CreateRepository("acme", "fresh", r => r.Commit("main", "a", "1"));
        var before = Tree(Dest);

        var result = await BackupAsync(TokenEnvironment(), "--dry-run");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(["fresh:new", "moving:clone", "still:unchanged"], DryRunRepos(result));
        Assert.Contains("\"event\":\"dryrun.finished\"", result.Stdout, StringComparison.Ordinal);
        Assert.Equal(before, Tree(Dest));
    }

    [Fact]
    public async Task A_dry_run_into_a_new_destination_leaves_it_absent()
    {
        GitHub.CreateRepository("acme", "a", r => r.Commit("main", "a", "a"));

        var result = await BackupAsync(TokenEnvironment(), "--dry-run");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(["a:new"], DryRunRepos(result));
        Assert.False(Directory.Exists(Dest));
    }

    // Trap 6: backup had no --repo, and the re-run advice was Step Functions input.
    [Fact]
    public async Task Repo_backs_up_only_the_named_repositories()
    {
        GitHub.CreateRepository("acme", "a", r => r.Commit("main", "a", "a"));
        GitHub.CreateRepository("acme", "b", r => r.Commit("main", "a", "a"));
        GitHub.CreateRepository("acme", "c", r => r.Commit("main", "a", "a"));

        var result = await BackupAsync(TokenEnvironment(), "--repo", "A,c");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(["a", "c"], BackupRoundTripTests.ReadManifest(Dest).Repos.Select(r => r.Name));
    }

    [Fact]
    public async Task Repo_naming_a_repository_the_org_does_not_have_is_an_error()
    {
        GitHub.CreateRepository("acme", "a", r => r.Commit("main", "a", "a"));

        var result = await BackupAsync(TokenEnvironment(), "--repo", "a,gickup");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--repo gickup: no such repository in acme (1 listed)", OneLine(result), StringComparison.Ordinal);
        Assert.False(Directory.Exists(Dest));
    }

    [Fact]
    public async Task A_local_failure_advises_a_command_line_that_reruns_it()
    {
        GitHub.CreateRepository("acme", "fine", r => r.Commit("main", "a", "a"));
        GitHub.CreateRepository("acme", "gickup", r => r.Commit("main", "a", "a"));
        var broken = GitHub.Faults.FailClone("acme", "gickup", status: 500, times: null);

        var failed = await BackupAsync(TokenEnvironment());

        Assert.Equal(1, failed.ExitCode);
        var rerun = BackupRoundTripTests.ReadManifest(Dest).Rerun!;
        Assert.Equal("github-backup backup --org acme --repo gickup", rerun.Command);
        Assert.Equal("""{"org":"acme","repos":["gickup"]}""", rerun.ExecutionInput);

        broken.Clear();
        var again = await BackupAsync(TokenEnvironment(), [.. rerun.Command!.Split(' ').Skip(4)]);

        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Null(BackupRoundTripTests.ReadManifest(Dest).Rerun);
    }

    // Trap 7: list, restore and verify ignored github-backup.yml; a typo'd --from said "No snapshots", exit 0.
    // (prune and report too, found in review.)
    [Fact]
    public async Task List_verify_restore_prune_and_report_read_the_config_file()
    {
        GitHub.CreateRepository("acme", "a", r => r.Commit("main", "a", "a"));
        Assert.Equal(0, (await BackupAsync(TokenEnvironment())).ExitCode);
        await File.WriteAllTextAsync(Work.Combine("github-backup.yml"), $"org: acme\ndest: {Dest}\n");

        var list = await RunnerProcess.RunAsync(["list"], workingDirectory: Work.Path);
        var verify = await RunnerProcess.RunAsync(["verify", "--config", Work.Combine("github-backup.yml")]);
        var restore = await RunnerProcess.RunAsync(["restore", "--repo", "a", "--to", Work.Combine("restored")], workingDirectory: Work.Path);
        var prune = await RunnerProcess.RunAsync(["prune", "--keep-daily", "1"], workingDirectory: Work.Path);
        var report = await RunnerProcess.RunAsync(["report", "--config", Work.Combine("github-backup.yml"), "--out", Work.Combine("report.html")]);

        Assert.True(list.ExitCode == 0, list.ToString());
        Assert.Contains("\tacme\t1\t1\t", list.Stdout, StringComparison.Ordinal);
        Assert.True(verify.ExitCode == 0, verify.ToString());
        Assert.Contains("\"passed\":1", verify.Stdout, StringComparison.Ordinal);
        Assert.True(restore.ExitCode == 0, restore.ToString());
        Assert.True(Directory.Exists(Work.Combine("restored", "a.git")));
        Assert.True(prune.ExitCode == 0, prune.ToString());
        Assert.Contains("Nothing to delete", prune.Stdout, StringComparison.Ordinal);
        Assert.True(report.ExitCode == 0, report.ToString());
        Assert.True(File.Exists(Work.Combine("report.html")));
    }

    [Theory]
    [InlineData("list")]
    [InlineData("verify")]
    public async Task Reading_from_a_directory_that_does_not_exist_is_an_error(string command)
    {
        var result = await RunnerProcess.RunAsync([command, "--from", "./typo", "--org", "acme"], workingDirectory: Work.Path);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--from './typo' does not exist", OneLine(result), StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(Work.Path));
    }

    [Theory]
    [InlineData("backpu", "did you mean 'backup'?")]
    [InlineData("restroe", "did you mean 'restore'?")]
    [InlineData("lsit", "did you mean 'list'?")]
    [InlineData("frobnicate", "the commands are backup, restore, list, verify")]
    public async Task A_mistyped_command_is_named_with_the_closest_command(string typed, string expected)
    {
        var result = await RunnerProcess.RunAsync([typed, "--org", "acme"]);

        Assert.Equal(2, result.ExitCode);
        var line = OneLine(result);
        Assert.Contains($"unknown command '{typed}'", line, StringComparison.Ordinal);
        Assert.Contains(expected, line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_prints_a_table_at_a_terminal_and_json_lines_with_json()
    {
        GitHub.CreateRepository("acme", "a", r => r.Commit("main", "a", "a"));
        Assert.Equal(0, (await BackupAsync(TokenEnvironment())).ExitCode);

        var table = await TerminalRunner.RunAsync(["verify", "--from", Dest, "--org", "acme"]);
        var json = await TerminalRunner.RunAsync(["verify", "--from", Dest, "--org", "acme", "--json"]);

        Assert.True(table.ExitCode == 0, table.ToString());
        var lines = TerminalRunner.VisibleLines(table.Stdout);
        Assert.Contains(lines, l => l.Contains("repository", StringComparison.Ordinal) && l.Contains("result", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("all 1 passed", StringComparison.Ordinal));
        Assert.DoesNotContain("\"event\"", table.Stdout, StringComparison.Ordinal);
        Assert.Contains("\"event\":\"verify.finished\"", json.Stdout, StringComparison.Ordinal);
    }

    // Trap 8: "stored 103.3 MiB" where nothing was written; the table cut names to "reposito…" at 80 columns.
    [Fact]
    public async Task An_all_unchanged_run_reports_nothing_written_and_the_carried_bytes_apart()
    {
        GitHub.CreateRepository("acme", "a", r => r.Commit("main", "a", "a"));
        var first = await BackupAsync(TokenEnvironment());
        Assert.Equal(0, first.ExitCode);

        var second = await BackupAsync(TokenEnvironment());

        Assert.Equal(0, second.ExitCode);
        var finished = System.Text.Json.Nodes.JsonNode.Parse(second.Stdout.Split('\n').Single(l => l.Contains("\"event\":\"run.finished\"", StringComparison.Ordinal)))!;
        var stored = BackupRoundTripTests.ReadManifest(Dest).Totals.Bytes;
        Assert.True(stored > 0);
        Assert.Equal(0, (long)finished["writtenBytes"]!);
        Assert.Equal(stored, (long)finished["carriedBytes"]!);
        Assert.Contains("\"writtenBytes\":" + stored, first.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_summary_table_fits_80_columns_without_cutting_a_word()
    {
        GitHub.CreateRepository("acme-engineering-platform", "a", r => r.Commit("main", "a", "a"));

        var result = await TerminalRunner.RunAsync(
            ["backup", "--org", "acme-engineering-platform", "--dest", Dest, "--api-url", GitHub.ServerRoot.ToString()], TokenEnvironment(), columns: 80);

        Assert.True(result.ExitCode == 0, result.ToString());
        var lines = TerminalRunner.VisibleLines(result.Stdout);
        Assert.Contains(lines, l => l.Contains("acme-engineering-platform", StringComparison.Ordinal) && l.Contains('│'));
        Assert.Contains(lines, l => l.Contains("repositories", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("written", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("carried", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains('…'));
        Assert.All(lines.Where(l => l.Contains('│')), l => Assert.True(l.Length <= 80, l));
    }

    [Fact]
    public async Task Issues_and_pull_requests_answering_404_are_reported_not_available_not_zero()
    {
        GitHub.CreateRepository("acme", "quiet", r => r.Commit("main", "a", "a"), new RepoSettings { HasIssues = false });
        GitHub.Faults.Status("GET", "^/api/v3/repos/acme/quiet/pulls$", 404, times: null);

        var result = await BackupAsync(TokenEnvironment(), "--metadata");

        Assert.True(result.ExitCode == 0, result.ToString());
        var metadata = Assert.Single(BackupRoundTripTests.ReadManifest(Dest).Repos).Metadata!;
        Assert.Equal(["issues", "pulls"], metadata.NotAvailable);
        Assert.Contains("\"metadataNotAvailable\":[\"issues\",\"pulls\"]", result.Stdout, StringComparison.Ordinal);
    }

    // Credentials the way people keep them.
    [Fact]
    public async Task A_token_file_is_read_and_trimmed()
    {
        GitHub.CreateRepository("acme", "a", r => r.Commit("main", "a", "a"));
        var file = Work.Combine("token");
        await File.WriteAllTextAsync(file, $"  {GitHub.IssueUserToken()}\n\n");

        var result = await BackupAsync(new Dictionary<string, string?> { ["GITHUB_TOKEN_FILE"] = file });

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(RepoStatus.Succeeded, Assert.Single(BackupRoundTripTests.ReadManifest(Dest).Repos).Status);
    }

    [Theory]
    [InlineData("missing", "does not exist")]
    [InlineData("empty", "is empty")]
    [InlineData("directory", "Cannot read the token file")]
    public async Task A_token_file_that_cannot_be_used_is_one_line_exit_2(string kind, string expected)
    {
        var file = Work.Combine("token");
        if (kind == "empty")
        {
            await File.WriteAllTextAsync(file, " \n");
        }
        else if (kind == "directory")
        {
            Directory.CreateDirectory(file);
        }

        var result = await BackupAsync(new Dictionary<string, string?>(), "--token-file", file);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(expected, OneLine(result), StringComparison.Ordinal);
        Assert.False(Directory.Exists(Dest));
    }

    [Fact]
    public async Task A_rejected_token_from_a_file_is_never_echoed()
    {
        GitHub.CreateRepository("acme", "a", r => r.Commit("main", "a", "a"));
        var token = FakeSecrets.Token("ghp");
        var file = Work.Combine("token");
        await File.WriteAllTextAsync(file, token);

        var result = await BackupAsync(new Dictionary<string, string?>(), "--token-file", file);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("401 Bad credentials", OneLine(result), StringComparison.Ordinal);
        Assert.DoesNotContain(token, result.Stdout + result.Stderr, StringComparison.Ordinal);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static List<string> Tree(string root) =>
        Directory.EnumerateFileSystemEntries(root, "*", SearchOption.AllDirectories)
            .Select(p => $"{Path.GetRelativePath(root, p)}:{(File.Exists(p) ? new FileInfo(p).Length : -1)}")
            .Order(StringComparer.Ordinal)
            .ToList();
}
