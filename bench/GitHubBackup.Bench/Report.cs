using System.Globalization;
using System.Text;
using GitHubBackup.Bench.Nights;

namespace GitHubBackup.Bench;

/// <summary>The results as a Markdown table, with the targets next to the measured ratios.</summary>
internal static class Report
{
    public static string Render(BenchSettings settings, IReadOnlyList<Measurement> results, PlanningBenchmark.Result planning, long newObjectBytes)
    {
        var baseline = results[0].Wall.TotalSeconds;
        var full = results[1].Wall.TotalSeconds;
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"Benchmark ({DateTime.UtcNow:yyyy-MM-dd}): {settings}; {Environment.ProcessorCount} cores.");
        text.AppendLine();
        text.AppendLine("| scenario | wall | vs (a) | vs (b) | peak RSS (our process) | peak RSS (its tree) | peak scratch | clones | API requests | git requests | packs from GitHub | written to the destination |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in results)
        {
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {r.Scenario} | {r.Wall.TotalSeconds:0.0} s | {r.Wall.TotalSeconds / baseline:0.000} | {r.Wall.TotalSeconds / full:0.000} | {Mib(r.PeakResidentBytes)} | {Mib(r.PeakTreeResidentBytes)} | {Mib(r.PeakScratchBytes)} | {r.Clones} | {r.ApiRequests} | {r.GitRequests} | {Mib(r.BytesFromGitHub)} | {Mib(r.BytesStored)} |");
        }

        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"- Full run: {baseline / full:0.0}x faster than the sequential baseline (target: at least 5x).");
        text.AppendLine(CultureInfo.InvariantCulture, $"- No-change run: {100 * results[2].Wall.TotalSeconds / full:0.0}% of the full run, {results[2].Clones} clones, {Mib(results[2].BytesFromGitHub)} of packs from GitHub (targets: under 5%, zero, zero).");
        text.AppendLine(CultureInfo.InvariantCulture, $"- 5%-change run: {100 * results[3].Wall.TotalSeconds / full:0.0}% of the full run (target: under 15%).");
        text.AppendLine(CultureInfo.InvariantCulture,
            $"- One commit to the largest repository ({newObjectBytes:N0} bytes of new objects): {results[4].BytesFromGitHub:N0} bytes from GitHub's upload-pack (ref listing and pack), fetched onto its last verified bundle, against {results[5].BytesFromGitHub:N0} cloned in full (target: at most twice the new objects plus the ref advertisement); {results[4].Wall.TotalSeconds:0.0} s against {results[5].Wall.TotalSeconds:0.0} s.");
        text.AppendLine(CultureInfo.InvariantCulture, $"- Peak resident memory in the full run (which backs up the large repository): the github-backup process {Mib(results[1].PeakResidentBytes)} (target: under 250 MiB), with its git children {Mib(results[1].PeakTreeResidentBytes)}.");
        text.AppendLine(CultureInfo.InvariantCulture, $"- Peak scratch disk in the full run: {Mib(results[1].PeakScratchBytes)} (target: under 1.3x the largest mirror).");
        text.AppendLine(CultureInfo.InvariantCulture,
            $"- Planning {planning.Repositories:N0} repositories (paged listing at {settings.LatencyMs} ms/request, batch files to S3): {planning.Wall.TotalSeconds:0.0} s (target: under 60 s), {planning.Batches} batches, largest {planning.LargestBatch} repositories (limit {planning.MaxRepos}), worst scratch need {Mib(planning.WorstScratchBytes)} of {Mib(planning.ScratchBudget)}.");
        return text.ToString();
    }

    /// <summary>The nightly scenario: per behaviour and store, stored bytes against one full snapshot, night times, restore costs.</summary>
    public static string RenderNights(BenchSettings settings, NightlyScenario.Result nights)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"Nightly snapshots ({DateTime.UtcNow:yyyy-MM-dd}): {settings.NightsDescription()}; {nights.ChangedPerNight} repositories changed per night; snapshots {nights.FirstDate} to {nights.LastDate}; 2 cores.");
        text.AppendLine(CultureInfo.InvariantCulture, $"Old behaviour: {nights.OldRunner}. New behaviour: {nights.NewRunner}.");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture,
            $"| behaviour | store | one full snapshot (night 1) | stored after night {settings.Nights} | of which old versions | vs one full snapshot | current objects vs one full snapshot | all nights | full night | no-change night (mean) | changed night (mean) | packs from GitHub per changed night | restore {nights.FirstDate} (oldest) | restore {nights.LastDate} (newest) |");
        text.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var lane in nights.Lanes)
        {
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {lane.Behaviour} | {lane.Store} | {Mib(lane.FirstNight.Current)} | {Mib(lane.Final.Billed)} | {Mib(lane.Final.Billed - lane.Final.Current)} | {Ratio(lane):0.00}x | {CurrentRatio(lane):0.00}x | {lane.AllNights.TotalSeconds:0} s | {lane.FullNight.TotalSeconds:0.0} s | {lane.NoChangeNight.TotalSeconds:0.0} s | {lane.ChangedNightMean.TotalSeconds:0.0} s | {Kib(lane.ChangedNightPackBytesMean)} | {Restore(lane.Oldest)} | {Restore(lane.Newest)} |");
        }

        text.AppendLine();
        foreach (var store in nights.Lanes.Select(l => l.Store).Distinct())
        {
            var old = nights.Lanes.Single(l => l.Store == store && l.Behaviour == "old");
            var now = nights.Lanes.Single(l => l.Store == store && l.Behaviour == "new");
            text.AppendLine(CultureInfo.InvariantCulture,
                $"- {store}: after {settings.Nights} nights the new behaviour stores {Ratio(now):0.00}x one full snapshot (target: at most 1.5x), the old {Ratio(old):0.00}x; in current objects alone {CurrentRatio(now):0.00}x and {CurrentRatio(old):0.00}x. " +
                $"No-change night {Percent(now.NoChangeNight, old.NoChangeNight)} of the old behaviour's time, changed night {Percent(now.ChangedNightMean, old.ChangedNightMean)} (target: within 10%, i.e. at most 110%). " +
                $"Restoring the oldest snapshot reads {Mib(now.Oldest.BytesRead)} in {now.Oldest.Wall.TotalSeconds:0.0} s (old: {Mib(old.Oldest.BytesRead)} in {old.Oldest.Wall.TotalSeconds:0.0} s), the newest {Mib(now.Newest.BytesRead)} in {now.Newest.Wall.TotalSeconds:0.0} s (old: {Mib(old.Newest.BytesRead)} in {old.Newest.Wall.TotalSeconds:0.0} s).");
        }

        text.AppendLine("- Stored: a directory's disk usage, each hard-linked file once (du -sb); a versioned bucket's every object version, current or not (what S3 bills without a lifecycle rule; moto runs none, " +
            "and the SAM template's bucket expires old versions after NoncurrentVersionDays, 7 by default, so a deployed bill lies between the two ratios). " +
            "One full snapshot is what night 1 left in current objects; the ratio is everything stored at the end against it. Restores run `restore --all` and check every repository came back with the largest at that night's commit; " +
            "bytes read are what S3 sent (counted by a proxy in front of moto_server) or what the restore's processes read from files under the directory (strace, in a second, untimed run).");
        return text.ToString();
    }

    /// <summary>Everything billed at the end against what one snapshot's current objects hold.</summary>
    private static double Ratio(NightlyScenario.LaneResult lane) => (double)lane.Final.Billed / lane.FirstNight.Current;

    /// <summary>What the current objects hold at the end against one snapshot: the bill once every old version has expired.</summary>
    private static double CurrentRatio(NightlyScenario.LaneResult lane) => (double)lane.Final.Current / lane.FirstNight.Current;

    private static string Percent(TimeSpan now, TimeSpan old) => string.Create(CultureInfo.InvariantCulture, $"{100 * now.TotalSeconds / old.TotalSeconds:0}%");

    private static string Restore(RestoreCost cost) => string.Create(CultureInfo.InvariantCulture, $"{cost.Wall.TotalSeconds:0.0} s, {Mib(cost.BytesRead)} read");

    private static string Kib(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.0} KiB");

    private static string Mib(long? bytes) => bytes is { } b ? string.Create(CultureInfo.InvariantCulture, $"{b / 1048576.0:0.0} MiB") : "-";
}
