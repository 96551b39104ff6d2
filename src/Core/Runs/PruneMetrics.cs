namespace GitHubBackup.Core.Runs;

/// <summary>
/// A prune's CloudWatch metrics as one Embedded Metric Format line, per org and for all orgs (as <see cref="RunMetrics"/>):
/// SnapshotsPruned, and PruneRefused (deletes the store refused; the template's PruneFailedAlarm watches it together
/// with the function's own errors).
/// </summary>
public static class PruneMetrics
{
    public static string EmbeddedMetricLine(PruneSummary summary, DateTimeOffset now) =>
        RunMetrics.EmbeddedMetricLine(summary.Org, summary.RunId, [("SnapshotsPruned", "Count", summary.SnapshotsDeleted), ("PruneRefused", "Count", summary.Refused)], now);
}
