using System.CommandLine;
using GitHubBackup.Core;
using GitHubBackup.Core.Contracts;
using GitHubBackup.Core.Storage;

namespace GitHubBackup.Runner.Cli;

/// <summary>
/// The options that point at backups already made: where (--from), which org, which date; and the config file
/// (github-backup.yml: its dest is --from, its org --org) shared with the backup command.
/// </summary>
public sealed class SnapshotOptions
{
    public Option<string> Config { get; } = ConfigFile.CreateOption();

    public EnvOption<string> From { get; } = new("--from", "GITHUB_BACKUP_DEST", "The backup destination: a directory or s3://BUCKET[/PREFIX] ('dest' in the config file)", configKey: "dest");
    public EnvOption<string> Org { get; } = new("--org", "GITHUB_BACKUP_ORG", "The organization");
    public EnvOption<string> Date { get; } = new("--date", "GITHUB_BACKUP_DATE", "Snapshot date (YYYY-MM-DD); default: the newest");
    public EnvOption<string> S3Endpoint { get; } = new("--s3-endpoint", "GITHUB_BACKUP_S3_ENDPOINT", "S3-compatible endpoint");

    public IEnumerable<Option> All => [.. AcrossDates, Date.Option];

    /// <summary>The options of a command over every snapshot (prune, report): all but --date.</summary>
    public IEnumerable<Option> AcrossDates => [Config, From.Option, Org.Option, S3Endpoint.Option];

    /// <summary>The command's input: its command line, the environment, and the config file.</summary>
    public CommandInput Input(ParseResult parse) => new(parse, ConfigFile.Load(parse, Config));

    /// <summary>The destination to read from; a directory that does not exist is a mistyped --from, not an empty backup.</summary>
    public async Task<IBackupStore> OpenAsync(CommandInput input, CancellationToken cancellationToken)
    {
        var from = input.Required(From);
        BackupDestination.Validate(from);
        if (!BackupDestination.IsS3(from) && !Directory.Exists(from))
        {
            throw new ConfigurationException($"--from '{from}' does not exist{(File.Exists(from) ? " as a directory (it is a file)" : "")}; give the directory (or s3://BUCKET[/PREFIX]) the backups were written to.");
        }

        var store = BackupDestination.Open(from, input.Value(S3Endpoint));
        await store.CheckUsableAsync(cancellationToken);
        return store;
    }

    public string? OrgName(CommandInput input, bool required)
    {
        // A config file may name several orgs for the backup; reading a snapshot needs one (list shows them all).
        if (input.FromConfigFile(Org) && input.Value(Org) is { } configured && configured.Contains(',', StringComparison.Ordinal))
        {
            return required ? throw new ConfigurationException($"{input.Config!.Path} names several orgs ({configured}); give --org ORG.") : null;
        }

        var org = required ? input.Required(Org) : input.Value(Org);
        return org is null || BackupLayout.IsOrgName(org) ? org : throw new ConfigurationException($"--org '{org}' is not a GitHub organization name.");
    }

    public string? SnapshotDate(CommandInput input)
    {
        var date = input.Value(Date);
        return date is null || BackupLayout.IsDate(date) ? date : throw new ConfigurationException($"--date '{date}' is not a date of the form YYYY-MM-DD.");
    }
}
