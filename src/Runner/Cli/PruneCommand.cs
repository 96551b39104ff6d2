using System.CommandLine;
using System.Globalization;
using GitHubBackup.Core;
using GitHubBackup.Core.Retention;
using GitHubBackup.Runner.Progress;

namespace GitHubBackup.Runner.Cli;

/// <summary>
/// <c>github-backup prune</c>: deletes the snapshots a retention policy (the last N daily, weekly, monthly) does not
/// keep, for stores without a lifecycle rule. Shows what it would do unless --yes is given.
/// </summary>
public static class PruneCommand
{
    public static Command Create()
    {
        var snapshot = new SnapshotOptions();
        var daily = new EnvOption<string>("--keep-daily", "GITHUB_BACKUP_KEEP_DAILY", "Keep the newest snapshot of each of the last N days that have one");
        var weekly = new EnvOption<string>("--keep-weekly", "GITHUB_BACKUP_KEEP_WEEKLY", "Keep the newest snapshot of each of the last N ISO weeks that have one");
        var monthly = new EnvOption<string>("--keep-monthly", "GITHUB_BACKUP_KEEP_MONTHLY", "Keep the newest snapshot of each of the last N months that have one");
        var yes = new EnvOption<bool>("--yes", "GITHUB_BACKUP_PRUNE_YES", "Delete; without it prune only shows what it would delete");

        var command = new Command("prune", "Delete snapshots outside a retention policy (dry run unless --yes); objects a kept snapshot needs always stay.");
        foreach (var option in snapshot.AcrossDates.Concat([daily.Option, weekly.Option, monthly.Option, yes.Option]))
        {
            command.Options.Add(option);
        }

        command.SetAction((parse, cancellationToken) => CommandErrors.HandleAsync(async () =>
        {
            var input = snapshot.Input(parse);
            var policy = RetentionPolicy.Create(Count(input, daily), Count(input, weekly), Count(input, monthly));
            var org = snapshot.OrgName(input, required: false);
            var pruner = new Pruner(await snapshot.OpenAsync(input, cancellationToken));
            var plan = await pruner.PlanAsync(org, policy, cancellationToken);
            foreach (var line in plan.Snapshots)
            {
                Console.WriteLine(Describe(line));
            }

            var deleted = plan.Deleted.Count();
            var shared = plan.SharedBytes > 0
                ? $"; {Bytes.Format(plan.SharedBytes)} of it is content a kept snapshot also holds (in a directory those are hard links, so that space stays in use)"
                : "";
            if (!input.Flag(yes))
            {
                Console.WriteLine(deleted == 0
                    ? $"Nothing to delete ({policy})."
                    : $"Would delete {deleted} snapshot(s): {plan.ObjectCount} objects, {Bytes.Format(plan.Bytes)}{shared}. Nothing was deleted: run again with --yes to delete.");
                return ExitCodes.Success;
            }

            var result = await pruner.ExecuteAsync(plan, cancellationToken);
            Console.WriteLine($"Deleted {result.SnapshotsDeleted.Count} snapshot(s): {result.Deleted} objects{(result.Refused.Count == 0 ? $", {Bytes.Format(plan.Bytes)}{shared}" : "")}.");
            foreach (var refused in result.Refused)
            {
                await Console.Error.WriteLineAsync($"refused: {refused.Where}: {refused.Reason}");
            }

            if (result.Refused.Count > 0)
            {
                throw new RunFailedException(
                    $"The store refused {result.Refused.Count} delete(s) (Object Lock or permissions, listed above); the manifests of those snapshots are kept, so the next prune tries them again. Everything kept is intact.");
            }

            return ExitCodes.Success;
        }, Console.Error));
        return command;
    }

    private static string Describe(SnapshotPlan snapshot)
    {
        if (snapshot.Decision.Keep)
        {
            return $"keep   {snapshot.Date} {snapshot.Org} ({string.Join(", ", snapshot.Decision.KeptBy)})";
        }

        var bytes = snapshot.Objects.Sum(o => o.SizeBytes ?? 0) + snapshot.ManifestBytes;
        var needed = snapshot.StillNeeded.Count == 0 ? "" : $"; {snapshot.StillNeeded.Count} object(s) a kept snapshot needs stay";
        return $"delete {snapshot.Date} {snapshot.Org} ({snapshot.Objects.Count + 1} objects, {Bytes.Format(bytes)}{needed})";
    }

    private static int? Count(CommandInput input, EnvOption<string> option)
    {
        var raw = input.Value(option);
        if (raw is null)
        {
            return null;
        }

        return int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new ConfigurationException($"{option.Name} '{raw}' is not a whole number (how many snapshots to keep).");
    }
}
