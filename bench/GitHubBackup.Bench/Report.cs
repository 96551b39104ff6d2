using System.Globalization;
using System.Text;

namespace GitHubBackup.Bench;

/// <summary>The results as a Markdown table, with the targets next to the measured ratios.</summary>
internal static class Report
{
    public static string Render(BenchSettings settings, IReadOnlyList<Measurement> results, PlanningBenchmark.Result planning, long newObjectBytes)
    {
        var full = results[1].Wall.TotalSeconds;
        var text = new StringBuilder(RenderFullRun(settings, results));
        text.AppendLine(CultureInfo.InvariantCulture, $"- No-change run: {100 * results[2].Wall.TotalSeconds / full:0.0}% of the full run, {results[2].Clones} clones, {Mib(results[2].BytesFromGitHub)} of packs from GitHub (targets: under 5%, zero, zero).");
        text.AppendLine(CultureInfo.InvariantCulture, $"- 5%-change run: {100 * results[3].Wall.TotalSeconds / full:0.0}% of the full run (target: under 15%).");
        text.AppendLine(CultureInfo.InvariantCulture,
            $"- One commit to the largest repository ({newObjectBytes:N0} bytes of new objects): {results[4].BytesFromGitHub:N0} bytes from GitHub's upload-pack (ref listing and pack), fetched onto its last verified bundle, against {results[5].BytesFromGitHub:N0} cloned in full (target: at most twice the new objects plus the ref advertisement); {results[4].Wall.TotalSeconds:0.0} s against {results[5].Wall.TotalSeconds:0.0} s.");
        text.AppendLine(CultureInfo.InvariantCulture,
            $"- Planning {planning.Repositories:N0} repositories (paged listing at {settings.LatencyMs} ms/request, batch files to S3): {planning.Wall.TotalSeconds:0.0} s (target: under 60 s), {planning.Batches} batches, largest {planning.LargestBatch} repositories (limit {planning.MaxRepos}), worst scratch need {Mib(planning.WorstScratchBytes)} of {Mib(planning.ScratchBudget)}.");
        return text.ToString();
    }

    /// <summary>The table, and what the full run is measured against: (a) and (b) must be the first two results.</summary>
    public static string RenderFullRun(BenchSettings settings, IReadOnlyList<Measurement> results)
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
        text.AppendLine(CultureInfo.InvariantCulture, $"- Peak resident memory in the full run (which backs up the large repository): the github-backup process {Mib(results[1].PeakResidentBytes)} (target: under 250 MiB), with its git children {Mib(results[1].PeakTreeResidentBytes)}.");
        text.AppendLine(CultureInfo.InvariantCulture, $"- Peak scratch disk in the full run: {Mib(results[1].PeakScratchBytes)} (target: under 1.3x the largest mirror).");
        return text.ToString();
    }

    private static string Mib(long? bytes) => bytes is { } b ? string.Create(CultureInfo.InvariantCulture, $"{b / 1048576.0:0.0} MiB") : "-";
}
