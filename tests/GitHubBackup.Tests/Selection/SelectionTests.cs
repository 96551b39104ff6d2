using System.Globalization;
using System.Net;
using GitHubBackup.Core.Contracts;
using GitHubBackup.Core.Storage;
using GitHubBackup.Tests.EndToEnd;
using GitHubBackup.Tests.Infrastructure;

namespace GitHubBackup.Tests.Selection;

/// <summary>Filters, many orgs, a config file, destinations per org, and the end-of-run webhook, through the real command.</summary>
public sealed class SelectionTests : StandInTest
{
    private string Dest => Work.Combine("dest");

    private Dictionary<string, string?> AppEnvironment() => new()
    {
        ["GITHUB_APP_ID"] = GitHub.App.AppId.ToString(CultureInfo.InvariantCulture),
        ["GITHUB_APP_PRIVATE_KEY"] = GitHub.App.PrivateKeyPem,
        ["AWS_ACCESS_KEY_ID"] = MotoServer.AccessKey,
        ["AWS_SECRET_ACCESS_KEY"] = MotoServer.SecretKey,
        ["AWS_REGION"] = "us-east-1",
    };

    private static BackupManifest ManifestIn(string dest, string org)
    {
        var path = Directory.GetFiles(Path.Combine(dest, BackupLayout.Root), "manifest.json", SearchOption.AllDirectories).Single(p => p.Contains($"/{org}/", StringComparison.Ordinal));
        return CoreJson.Deserialize<BackupManifest>(File.ReadAllBytes(path), path);
    }

    private void CreateMixedOrg(string org)
    {
        GitHub.CreateRepository(org, "lecture-01", r => r.Commit("main", "a", "1"), new StandIn.RepoSettings { Topics = ["course"] });
        GitHub.CreateRepository(org, "lecture-old", r => r.Commit("main", "a", "1"), new StandIn.RepoSettings { Archived = true });
        GitHub.CreateRepository(org, "lecture-fork", r => r.Commit("main", "a", "1"), new StandIn.RepoSettings { Fork = true });
        GitHub.CreateRepository(org, "api", r => r.Commit("main", "a", "1"), new StandIn.RepoSettings { Topics = ["service"] });
    }

    [Fact]
    public async Task Filters_on_the_command_line_choose_the_repositories()
    {
        CreateMixedOrg("acme");

        var result = await RunnerProcess.RunAsync(
            ["backup", "--org", "acme", "--dest", Dest, "--api-url", GitHub.ServerRoot.ToString(), "--include", "^lecture-", "--include", "^api$", "--skip-archived", "--skip-forks", "--topic", "course"],
            new Dictionary<string, string?> { ["GITHUB_TOKEN"] = GitHub.IssueUserToken() });

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(["lecture-01"], ManifestIn(Dest, "acme").Repos.Select(r => r.Name));
    }

    [Fact]
    public async Task A_config_file_replaces_the_long_command_line()
    {
        CreateMixedOrg("acme");
        var config = Work.Combine("github-backup.yml");
        await File.WriteAllTextAsync(config, $"""
            org: acme
            dest: {Dest}
            api-url: {GitHub.ServerRoot}
            exclude:
              - "^lecture-"
            concurrency: 2
            """);

        var result = await RunnerProcess.RunAsync(["backup", "--config", config], new Dictionary<string, string?> { ["GITHUB_TOKEN"] = GitHub.IssueUserToken() });

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(["api"], ManifestIn(Dest, "acme").Repos.Select(r => r.Name));
    }

    [Fact]
    public async Task A_config_file_with_a_token_or_an_unknown_setting_is_refused()
    {
        var config = Work.Combine("github-backup.yml");
        var token = FakeSecrets.Token("ghp");
        await File.WriteAllTextAsync(config, $"org: acme\ndest: /tmp/x\ntoken: {token}\n");
        var withToken = await RunnerProcess.RunAsync(["backup", "--config", config]);
        await File.WriteAllTextAsync(config, "org: acme\ndest: /tmp/x\nincludes: [x]\n");
        var misspelled = await RunnerProcess.RunAsync(["backup", "--config", config]);

        Assert.Equal(2, withToken.ExitCode);
        Assert.Contains("keep secrets out of files", withToken.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(token, withToken.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, misspelled.ExitCode);
        Assert.Contains("unknown setting 'includes'", misspelled.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_installation_is_backed_up_into_its_own_folder_and_one_failing_org_does_not_stop_the_others()
    {
        GitHub.CreateRepositories("acme", 2, "a-");
        var widgets = GitHub.InstallApp("widgets");
        GitHub.CreateRepositories("widgets", 3, "w-");
        var broken = GitHub.InstallApp("broken");
        GitHub.CreateRepositories("broken", 1, "b-");
        GitHub.Faults.Status("POST", $"^/api/v3/app/installations/{broken}/access_tokens$", 500, times: null);

        var result = await RunnerProcess.RunAsync(["backup", "--all-orgs", "--dest", Dest, "--api-url", GitHub.ServerRoot.ToString()], AppEnvironment());

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(2, ManifestIn(Dest, "acme").Totals.Succeeded);
        Assert.Equal(3, ManifestIn(Dest, "widgets").Totals.Succeeded);
        Assert.Contains("\"org\":\"broken\"", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("GitHub answered 500", result.Stdout, StringComparison.Ordinal);
        Assert.True(widgets > 0);
    }

    [Fact]
    public async Task Destinations_send_each_org_to_its_own_bucket()
    {
        GitHub.CreateRepositories("acme", 2, "a-");
        GitHub.InstallApp("widgets");
        GitHub.CreateRepositories("widgets", 2, "w-");
        var acmeBucket = await MotoServer.CreateBucketAsync();
        var widgetsBucket = await MotoServer.CreateBucketAsync();
        var config = Work.Combine("github-backup.yml");
        await File.WriteAllTextAsync(config, $"""
            org: [acme, widgets]
            dest: {Dest}
            s3-endpoint: {MotoServer.Endpoint}
            destinations:
              - org: acme
                dest: s3://{acmeBucket}/backups
              - org: widgets
                dest: s3://{widgetsBucket}
            """);

        var result = await RunnerProcess.RunAsync(["backup", "--config", config, "--api-url", GitHub.ServerRoot.ToString()], AppEnvironment());

        Assert.True(result.ExitCode == 0, result.ToString());
        var date = BackupLayout.Date(DateTimeOffset.UtcNow);
        Assert.NotNull(await new S3Store(MotoServer.Client(), acmeBucket, "backups").ReadAsync(BackupLayout.ManifestKey(date, "acme"), CancellationToken.None));
        Assert.NotNull(await new S3Store(MotoServer.Client(), widgetsBucket, "").ReadAsync(BackupLayout.ManifestKey(date, "widgets"), CancellationToken.None));
        Assert.Null(await new S3Store(MotoServer.Client(), widgetsBucket, "").ReadAsync(BackupLayout.ManifestKey(date, "acme"), CancellationToken.None));
        Assert.False(Directory.Exists(Dest));
    }

    [Fact]
    public async Task The_run_summary_is_posted_to_the_webhook()
    {
        GitHub.CreateRepositories("acme", 2, "ok-");
        GitHub.CreateRepository("acme", "broken", r => r.Commit("main", "a", "1"));
        GitHub.Faults.FailClone("acme", "broken", status: 500, times: null);
        using var listener = new HttpListener();
        var port = FreePort();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/hook/");
        listener.Start();
        var received = Task.Run(async () =>
        {
            var context = await listener.GetContextAsync();
            using var reader = new StreamReader(context.Request.InputStream);
            var body = await reader.ReadToEndAsync();
            context.Response.StatusCode = 200;
            context.Response.Close();
            return body;
        });

        var result = await RunnerProcess.RunAsync(
            ["backup", "--org", "acme", "--dest", Dest, "--api-url", GitHub.ServerRoot.ToString(), "--notify-webhook", $"http://127.0.0.1:{port}/hook/"],
            new Dictionary<string, string?> { ["GITHUB_TOKEN"] = GitHub.IssueUserToken() });

        Assert.Equal(1, result.ExitCode);
        var body = await received.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.StartsWith("{\"text\":\"github-backup acme ", body, StringComparison.Ordinal);
        Assert.Contains("1 FAILED.", body, StringComparison.Ordinal);
        Assert.Contains("Failed: broken.", body, StringComparison.Ordinal);
        Assert.Contains("Re-run them with: github-backup backup --org acme --repo broken", body, StringComparison.Ordinal);
    }

    private static int FreePort()
    {
        using var socket = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }
}
