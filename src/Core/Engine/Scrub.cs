using GitHubBackup.Core.Contracts;

namespace GitHubBackup.Core.Engine;

/// <summary>
/// When a carried object's stored bytes are read again and proven to be those verified. An object is shared by every
/// snapshot since it was written, so the more nights rely on it the more often it is proven: within
/// <see cref="BackupOptions.ScrubDays"/> nights while fewer than that many snapshots rely on it, and that interval
/// divided by the number of such periods after (with 7: every 7 nights in its first week, every 3 in its second,
/// every 2 in its third, then every night). 0 proves every carried object every night.
/// </summary>
public static class Scrub
{
    // Nightly runs start at about the same time: half a day of slack keeps "7 nights" from becoming 8 when one starts late.
    private static readonly TimeSpan Slack = TimeSpan.FromHours(12);

    public static int IntervalNights(BundleObject layer, DateTimeOffset now, int scrubDays)
    {
        if (scrubDays <= 0)
        {
            return 0;
        }

        var reliedOn = (int)Math.Max(1, Math.Floor((now - layer.WrittenAt + Slack).TotalDays) + 1);
        return Math.Max(1, scrubDays / ((reliedOn + scrubDays - 1) / scrubDays));
    }

    public static bool IsDue(BundleObject layer, DateTimeOffset now, int scrubDays) =>
        now - layer.ProvenAt + Slack >= TimeSpan.FromDays(IntervalNights(layer, now, scrubDays));
}
