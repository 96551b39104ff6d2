using System.CommandLine;
using GitHubBackup.Core;
using GitHubBackup.Core.Contracts;
using GitHubBackup.Core.Engine;
using GitHubBackup.Core.GitHub;
using GitHubBackup.Core.Storage;
using GitHubBackup.Runner.Progress;
using Spectre.Console;

namespace GitHubBackup.Runner.Cli;

/// <summary><c>github-backup backup</c>: one org into one snapshot, from this machine.</summary>
public static class BackupCommand
{
    public static Command Create()
    {
        var org = new EnvOption<string>("--org", "GITHUB_BACKUP_ORG", "The organization to back up");
        var dest = new EnvOption<string>("--dest", "GITHUB_BACKUP_DEST", "A directory, or s3://BUCKET[/PREFIX]");
        var s3Endpoint = new EnvOption<string>("--s3-endpoint", "GITHUB_BACKUP_S3_ENDPOINT", "S3-compatible endpoint (MinIO, Cloudflare R2, a local emulator)");
        var concurrency = new EnvOption<string>("--concurrency", "GITHUB_BACKUP_CONCURRENCY", "Repositories in flight (default 4)");
        var full = new EnvOption<bool>("--full", "GITHUB_BACKUP_FULL", "Clone every repository, even those whose refs did not change since their last verified backup");
        var github = new GitHubOptions();

        var command = new Command("backup", "Back up every repository of an organization as verified git bundles, with a manifest.");
        foreach (var option in new Option[] { org.Option, dest.Option }.Concat(github.All).Concat([s3Endpoint.Option, concurrency.Option, full.Option]))
        {
            command.Options.Add(option);
        }

        command.SetAction((parse, cancellationToken) => CommandErrors.HandleAsync(async () =>
        {
            var orgName = Values.Required(parse, org);
            if (!BackupLayout.IsOrgName(orgName))
            {
                throw new ConfigurationException($"--org '{orgName}' is not a GitHub organization name (letters, digits and hyphens).");
            }

            var store = BackupDestination.Open(Values.Required(parse, dest), s3Endpoint.RawValue(parse));
            var server = github.Server(parse);
            var auth = github.Auth(parse);
            var repositoriesInFlight = Values.BoundedNumber(parse, concurrency, fallback: 4, min: 1, max: 64);
            var fullRun = Values.Flag(parse, full);

            if (github.Token.GivenOnCommandLine(parse))
            {
                await Console.Error.WriteLineAsync($"warning: --token puts the token in the process table; set {github.Token.EnvironmentVariable} instead.");
            }

            return await RunAsync(orgName, store, server, auth, new BackupSettings(repositoriesInFlight, fullRun), cancellationToken);
        }, Console.Error));
        return command;
    }

    private static async Task<int> RunAsync(
        string org, IBackupStore store, GitHubServer server, GitHubAuth auth, BackupSettings settings, CancellationToken cancellationToken)
    {
        // Everything that can reject the input is checked before the first write.
        await store.CheckUsableAsync(cancellationToken);
        var secrets = new Secrets();
        using var session = await GitHubSession.ConnectAsync(server, auth, org, new GitHubApiOptions(), secrets, SystemClock.Instance, TimeProvider.System, cancellationToken);
        using var workspace = BackupWorkspace.Create(secrets);
        var options = new BackupOptions { Concurrency = settings.Concurrency, Full = settings.Full, ScratchDirectory = workspace.ScratchDirectory };
        var backup = new OrgBackup(session, store, workspace.Git, secrets, SystemClock.Instance, options);
        var runId = RunIds.NewLocal(SystemClock.Instance.UtcNow);

        OrgBackupResult result;
        if (!Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive)
        {
            var live = new LiveProgress(AnsiConsole.Console);
            result = await live.ShowWhileAsync(() => backup.RunAsync(org, runId, live, cancellationToken));
            RunReport.Print(AnsiConsole.Console, result);
        }
        else
        {
            var log = new JsonLogWriter(Console.Out);
            result = await backup.RunAsync(org, runId, new LogLinesObserver(log), cancellationToken);
            RunReport.Log(log, result);
        }

        return result.Interrupted ? ExitCodes.Interrupted : result.AnyFailed ? ExitCodes.Failures : ExitCodes.Success;
    }

    private sealed record BackupSettings(int Concurrency, bool Full);
}
