using System.CommandLine;
using GitHubBackup.Core;
using GitHubBackup.Core.Contracts;
using GitHubBackup.Core.Git;
using GitHubBackup.Core.Restore;
using GitHubBackup.Core.Storage;

namespace GitHubBackup.Runner.Cli;

/// <summary><c>github-backup restore</c>: a bare repository with every ref, from a snapshot.</summary>
public static class RestoreCommand
{
    public static Command Create()
    {
        var from = new EnvOption<string>("--from", "GITHUB_BACKUP_DEST", "The backup destination: a directory or s3://BUCKET[/PREFIX]");
        var org = new EnvOption<string>("--org", "GITHUB_BACKUP_ORG", "The organization");
        var repo = new EnvOption<string>("--repo", "GITHUB_BACKUP_REPO", "The repository to restore");
        var date = new EnvOption<string>("--date", "GITHUB_BACKUP_DATE", "Snapshot date (YYYY-MM-DD); default: the newest that has the repository");
        var to = new EnvOption<string>("--to", "GITHUB_BACKUP_RESTORE_TO", "Directory to restore into; the repository becomes DIR/NAME.git");
        var s3Endpoint = new EnvOption<string>("--s3-endpoint", "GITHUB_BACKUP_S3_ENDPOINT", "S3-compatible endpoint");

        var command = new Command("restore", "Restore a repository from a backup as a bare mirror with every ref.");
        foreach (var option in new[] { from, org, repo, date, to, s3Endpoint })
        {
            command.Options.Add(option.Option);
        }

        command.SetAction((parse, cancellationToken) => CommandErrors.HandleAsync(async () =>
        {
            var orgName = Values.Required(parse, org);
            var repoName = Values.Required(parse, repo);
            var snapshotDate = date.RawValue(parse);
            if (!BackupLayout.IsOrgName(orgName) || !BackupLayout.IsRepoName(repoName))
            {
                throw new ConfigurationException($"'{orgName}/{repoName}' is not a GitHub organization and repository name.");
            }

            if (snapshotDate is not null && !BackupLayout.IsDate(snapshotDate))
            {
                throw new ConfigurationException($"--date '{snapshotDate}' is not a date of the form YYYY-MM-DD.");
            }

            var target = Values.Required(parse, to);
            var store = BackupDestination.Open(Values.Required(parse, from), s3Endpoint.RawValue(parse));
            await store.CheckUsableAsync(cancellationToken);

            var entry = await new SnapshotCatalog(store).FindAsync(orgName, repoName, snapshotDate, cancellationToken);
            var secrets = new Secrets();
            using var askPass = new GitAskPass(Path.GetTempPath());
            var restored = await new RepositoryRestore(store, new GitCli(askPass, secrets)).RestoreAsync(entry, target, cancellationToken);
            await Console.Out.WriteLineAsync($"restored {orgName}/{entry.Name} ({entry.Refs} refs, {entry.Status}) to {restored}");
            return ExitCodes.Success;
        }, Console.Error));
        return command;
    }
}
