using System.CommandLine;
using GitHubBackup.Core;
using GitHubBackup.Core.Contracts;
using GitHubBackup.Core.Storage;

namespace GitHubBackup.Runner.Cli;

/// <summary>The options that point at backups already made: where (--from), which org, which date.</summary>
public sealed class SnapshotOptions
{
    public EnvOption<string> From { get; } = new("--from", "GITHUB_BACKUP_DEST", "The backup destination: a directory or s3://BUCKET[/PREFIX]");
    public EnvOption<string> Org { get; } = new("--org", "GITHUB_BACKUP_ORG", "The organization");
    public EnvOption<string> Date { get; } = new("--date", "GITHUB_BACKUP_DATE", "Snapshot date (YYYY-MM-DD); default: the newest");
    public EnvOption<string> S3Endpoint { get; } = new("--s3-endpoint", "GITHUB_BACKUP_S3_ENDPOINT", "S3-compatible endpoint");

    public IEnumerable<Option> All => [From.Option, Org.Option, Date.Option, S3Endpoint.Option];

    public async Task<IBackupStore> OpenAsync(CommandInput input, CancellationToken cancellationToken)
    {
        var store = BackupDestination.Open(input.Required(From), input.Value(S3Endpoint));
        await store.CheckUsableAsync(cancellationToken);
        return store;
    }

    public string? OrgName(CommandInput input, bool required)
    {
        var org = required ? input.Required(Org) : input.Value(Org);
        return org is null || BackupLayout.IsOrgName(org) ? org : throw new ConfigurationException($"--org '{org}' is not a GitHub organization name.");
    }

    public string? SnapshotDate(CommandInput input)
    {
        var date = input.Value(Date);
        return date is null || BackupLayout.IsDate(date) ? date : throw new ConfigurationException($"--date '{date}' is not a date of the form YYYY-MM-DD.");
    }
}
