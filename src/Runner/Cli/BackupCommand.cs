using System.CommandLine;
using GitHubBackup.Core;
using GitHubBackup.Core.Contracts;
using GitHubBackup.Core.Engine;
using GitHubBackup.Core.GitHub;
using GitHubBackup.Core.Storage;
using GitHubBackup.Runner.Progress;
using Spectre.Console;

namespace GitHubBackup.Runner.Cli;

/// <summary><c>github-backup backup</c>: one or more orgs into their snapshots, from this machine.</summary>
public static class BackupCommand
{
    public static Command Create()
    {
        var config = ConfigFile.CreateOption();
        var org = new EnvOption<string>("--org", "GITHUB_BACKUP_ORG", "The organization, or several separated by commas");
        var allOrgs = new EnvOption<bool>("--all-orgs", "GITHUB_BACKUP_ALL_ORGS", "Every org the GitHub App is installed on, each in its own folder and manifest");
        var dest = new EnvOption<string>("--dest", "GITHUB_BACKUP_DEST", "A directory, or s3://BUCKET[/PREFIX]");
        var s3Endpoint = new EnvOption<string>("--s3-endpoint", "GITHUB_BACKUP_S3_ENDPOINT", "S3-compatible endpoint (MinIO, Cloudflare R2, a local emulator)");
        var concurrency = new EnvOption<string>("--concurrency", "GITHUB_BACKUP_CONCURRENCY", "Clones in flight (default 8); ref checks of unchanged repositories run 8 times as wide, up to 64");
        var full = new EnvOption<bool>("--full", "GITHUB_BACKUP_FULL", "Clone every repository in full from GitHub, even those whose refs did not change since their last verified backup (otherwise a changed one fetches only what is new)");
        var scrubDays = new EnvOption<string>("--scrub-days", "GITHUB_BACKUP_SCRUB_DAYS", "Prove each carried bundle's stored bytes again within this many nights, more often as more snapshots rely on it (default 7; 0: every night)");
        var repo = new EnvOption<string>("--repo", "GITHUB_BACKUP_REPO", "Back up only these repositories, separated by commas (each must exist)");
        var dryRun = new EnvOption<bool>("--dry-run", "GITHUB_BACKUP_DRY_RUN", "List what would be backed up (after filters: sizes, unchanged or cloned) and write nothing");
        var include = new EnvOption<string[]>("--include", "GITHUB_BACKUP_INCLUDE", "Back up repositories whose name matches this regular expression, ignoring case (repeatable)");
        var exclude = new EnvOption<string[]>("--exclude", "GITHUB_BACKUP_EXCLUDE", "Skip repositories whose name matches this regular expression (repeatable)");
        var skipArchived = new EnvOption<bool>("--skip-archived", "GITHUB_BACKUP_SKIP_ARCHIVED", "Skip archived repositories");
        var skipForks = new EnvOption<bool>("--skip-forks", "GITHUB_BACKUP_SKIP_FORKS", "Skip forks");
        var topic = new EnvOption<string[]>("--topic", "GITHUB_BACKUP_TOPIC", "Back up only repositories with this topic (repeatable: any of them)");
        var parts = new PartOptions();
        var webhook = new EnvOption<string>("--notify-webhook", "GITHUB_BACKUP_NOTIFY_WEBHOOK", "POST the run's summary as {\"text\": ...} to this URL (Slack, Teams, Mattermost)");
        var github = new GitHubOptions();

        var command = new Command("backup", "Back up every repository of one or more organizations as verified git bundles, with a manifest.") { config };
        var options = new Option[] { org.Option, allOrgs.Option, dest.Option }.Concat(github.All)
            .Concat([s3Endpoint.Option, concurrency.Option, full.Option, scrubDays.Option, repo.Option, dryRun.Option, include.Option, exclude.Option, skipArchived.Option, skipForks.Option, topic.Option, webhook.Option]).Concat(parts.All);
        foreach (var option in options)
        {
            command.Options.Add(option);
        }

        command.SetAction((parse, cancellationToken) => CommandErrors.HandleAsync(async () =>
        {
            var input = new CommandInput(parse, ConfigFile.Load(parse, config));
            var everyInstallation = input.Flag(allOrgs);
            var orgs = OrgList(input, org, everyInstallation);
            var defaultDest = input.Required(dest);
            var endpoint = input.Value(s3Endpoint);
            var destinations = new Destinations(defaultDest, input.Config?.DestinationRules() ?? []);
            foreach (var destination in destinations.Rules.Select(r => r.Dest).Append(defaultDest))
            {
                BackupDestination.Validate(destination);
            }

            if (endpoint is not null && !destinations.Rules.Select(r => r.Dest).Append(defaultDest).Any(BackupDestination.IsS3))
            {
                throw new ConfigurationException("--s3-endpoint applies only to an s3:// --dest; remove it, or give --dest as s3://BUCKET[/PREFIX].");
            }

            var request = new BackupRequest
            {
                Orgs = orgs,
                AllInstallations = everyInstallation,
                Server = github.Server(input),
                Auth = github.Auth(input),
                Filter = new RepositoryFilter
                {
                    Names = RepositoryNames(input.Value(repo)),
                    Include = input.List(include),
                    Exclude = input.List(exclude),
                    SkipArchived = input.Flag(skipArchived),
                    SkipForks = input.Flag(skipForks),
                    Topics = input.List(topic),
                },
                Destinations = destinations,
                Options = parts.Apply(input, new BackupOptions
                {
                    Concurrency = input.BoundedNumber(concurrency, fallback: BackupOptions.DefaultConcurrency, min: 1, max: 64),
                    Full = input.Flag(full),
                    ScrubDays = input.BoundedNumber(scrubDays, fallback: 7, min: 0, max: 365),
                    ScratchDirectory = "",
                }),
            };
            request.Filter.Compile();
            var notify = input.Value(webhook) is { } url
                ? Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http" ? uri : throw new ConfigurationException($"--notify-webhook '{url}' is not an http(s) URL.")
                : null;

            if (input.GivenOnCommandLine(github.Token))
            {
                await Console.Error.WriteLineAsync($"warning: --token puts the token in the process table; set {github.Token.EnvironmentVariable} instead.");
            }

            Func<string, IBackupStore> openStore = destination => BackupDestination.Open(destination, endpoint);
            return input.Flag(dryRun)
                ? await PreviewAsync(request, openStore, cancellationToken)
                : await RunAsync(request, openStore, notify, cancellationToken);
        }, Console.Error));
        return command;
    }

    private static List<string> OrgList(CommandInput input, EnvOption<string> org, bool everyInstallation)
    {
        var given = input.Value(org);
        if (everyInstallation)
        {
            return given is null ? [] : throw new ConfigurationException("Give --org or --all-orgs, not both.");
        }

        var orgs = (given ?? throw new ConfigurationException($"--org is required (or set {org.EnvironmentVariable}), or --all-orgs with a GitHub App."))
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var invalid = orgs.FirstOrDefault(o => !BackupLayout.IsOrgName(o));
        return invalid is null && orgs.Count > 0 ? orgs : throw new ConfigurationException($"--org '{invalid ?? given}' is not a GitHub organization name (letters, digits and hyphens).");
    }

    private static List<string> RepositoryNames(string? given)
    {
        var names = (given ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var invalid = names.FirstOrDefault(n => !BackupLayout.IsRepoName(n));
        return invalid is null ? names : throw new ConfigurationException($"--repo '{invalid}' is not a repository name (letters, digits, '.', '-' and '_').");
    }

    /// <summary>--dry-run: the selection and what would happen to each repository; nothing is written anywhere.</summary>
    private static async Task<int> PreviewAsync(BackupRequest request, Func<string, IBackupStore> openStore, CancellationToken cancellationToken)
    {
        var secrets = new Secrets();
        using var workspace = BackupWorkspace.Create(secrets);
        var interactive = Interactive();
        var log = new JsonLogWriter(Console.Out);
        var backup = new OrgsBackup(openStore, workspace.Git, secrets, SystemClock.Instance, ApiOptions(interactive ? null : log), TimeProvider.System);
        var previews = await backup.PreviewAsync(request with { Options = request.Options with { ScratchDirectory = workspace.ScratchDirectory } }, cancellationToken);
        if (interactive)
        {
            DryRunReport.Print(AnsiConsole.Console, previews);
        }
        else
        {
            DryRunReport.Log(log, previews);
        }

        return previews.Any(p => p.Error is not null) ? ExitCodes.Failures : ExitCodes.Success;
    }

    private static async Task<int> RunAsync(BackupRequest request, Func<string, IBackupStore> openStore, Uri? notify, CancellationToken cancellationToken)
    {
        var secrets = new Secrets();
        using var workspace = BackupWorkspace.Create(secrets);
        OrgsBackup Backup(GitHubApiOptions api) => new(openStore, workspace.Git, secrets, SystemClock.Instance, api, TimeProvider.System);
        var run = request with { Options = request.Options with { ScratchDirectory = workspace.ScratchDirectory } };

        IReadOnlyList<OrgOutcome> outcomes;
        if (Interactive())
        {
            var live = new LiveProgress(AnsiConsole.Console);
            var backup = Backup(new GitHubApiOptions { Retrying = live.ApiRetrying });
            outcomes = await live.ShowWhileAsync(() => backup.RunAsync(run, live, cancellationToken));
            RunReport.Print(AnsiConsole.Console, outcomes);
        }
        else
        {
            var log = new JsonLogWriter(Console.Out);
            outcomes = await Backup(ApiOptions(log)).RunAsync(run, new LogLinesObserver(log), cancellationToken);
            RunReport.Log(log, outcomes);
        }

        if (notify is not null)
        {
            await NotifyAsync(notify, outcomes);
        }

        var interrupted = outcomes.SelectMany(o => o.Results).Any(r => r.Interrupted);
        return interrupted ? ExitCodes.Interrupted : outcomes.Any(o => o.Failed) ? ExitCodes.Failures : ExitCodes.Success;
    }

    /// <summary>A person at a terminal (live progress, tables), or a log or pipe (JSON lines).</summary>
    private static bool Interactive() => !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive;

    /// <summary>API retries said as they happen: a JSON line each in a log, else a line on stderr.</summary>
    private static GitHubApiOptions ApiOptions(JsonLogWriter? log) => new()
    {
        Retrying = log is null
            ? reason => Console.Error.WriteLine($"retrying: {reason}")
            : reason => log.Write("api.retry", json => json.WriteString("reason", reason)),
    };

    /// <summary>A notification that cannot be delivered is said on stderr; it does not change what the backup did.</summary>
    private static async Task NotifyAsync(Uri webhook, IReadOnlyList<OrgOutcome> outcomes)
    {
        try
        {
            await WebhookNotifier.PostAsync(webhook, RunReport.Notification(outcomes), CancellationToken.None);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            await Console.Error.WriteLineAsync($"warning: the summary could not be posted to the webhook: {e.Message}");
        }
    }
}
