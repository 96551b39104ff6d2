namespace GitHubBackup.Core.Retention;

/// <summary>
/// Which snapshots to keep, grandfather-father-son as restic's --keep-daily/--keep-weekly/--keep-monthly: the newest
/// snapshot of each of the last N days, ISO weeks and months that have one. A snapshot any rule keeps is kept.
/// </summary>
public sealed record RetentionPolicy(int KeepDaily, int KeepWeekly, int KeepMonthly)
{
    /// <summary>A policy that keeps something; no rule at all is refused rather than read as "delete everything".</summary>
    public static RetentionPolicy Create(int? keepDaily, int? keepWeekly, int? keepMonthly)
    {
        foreach (var (name, value) in new[] { ("--keep-daily", keepDaily), ("--keep-weekly", keepWeekly), ("--keep-monthly", keepMonthly) })
        {
            if (value < 0)
            {
                throw new ConfigurationException($"{name} {value} is negative; give how many snapshots to keep (0 or more).");
            }
        }

        var policy = new RetentionPolicy(keepDaily ?? 0, keepWeekly ?? 0, keepMonthly ?? 0);
        return policy.KeepDaily + policy.KeepWeekly + policy.KeepMonthly > 0
            ? policy
            : throw new ConfigurationException("Give at least one of --keep-daily N, --keep-weekly N, --keep-monthly N with N of 1 or more; prune never deletes every snapshot.");
    }

    public override string ToString() => $"keep daily {KeepDaily}, weekly {KeepWeekly}, monthly {KeepMonthly}";
}
