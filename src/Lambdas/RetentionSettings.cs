using System.Globalization;
using GitHubBackup.Core;
using GitHubBackup.Core.Retention;

namespace GitHubBackup.Lambdas;

/// <summary>
/// The stack's retention policy, from the variables the template sets on the Prune function (the names the
/// command's --keep-* options fall back to): GITHUB_BACKUP_KEEP_DAILY from BackupRetentionDays, _WEEKLY and
/// _MONTHLY from BackupRetentionWeeks and BackupRetentionMonths (0: that rule keeps nothing more).
/// </summary>
public static class RetentionSettings
{
    public static RetentionPolicy FromEnvironment()
    {
        var daily = Count("GITHUB_BACKUP_KEEP_DAILY");
        var weekly = Count("GITHUB_BACKUP_KEEP_WEEKLY");
        var monthly = Count("GITHUB_BACKUP_KEEP_MONTHLY");
        return daily + weekly + monthly > 0
            ? RetentionPolicy.Create(daily, weekly, monthly)
            : throw new ConfigurationException("GITHUB_BACKUP_KEEP_DAILY, GITHUB_BACKUP_KEEP_WEEKLY and GITHUB_BACKUP_KEEP_MONTHLY keep nothing; the template sets the daily count from BackupRetentionDays (1 or more), and prune never deletes every snapshot.");
    }

    private static int Count(string name) =>
        Environment.GetEnvironmentVariable(name) is not { Length: > 0 } raw ? 0
        : int.TryParse(raw.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value
        : throw new ConfigurationException($"{name} '{raw}' is not a whole number of snapshots to keep.");
}
