using System.Globalization;

namespace GitHubBackup.Bench;

/// <summary>
/// The emulated network and corpus. Defaults: 150 ms per request (round trip plus GitHub's time to answer a git
/// request; smart-HTTP requests to github.com commonly take 100-300 ms), git requests as slow as API ones unless
/// <c>--git-latency-ms</c> says otherwise, and 40 MiB/s per response (one HTTPS stream from GitHub to a cloud VM);
/// 300 small repositories, two of 60 MiB (<c>--medium</c>) and one over 500 MiB of pack. Without <c>--concurrency</c>
/// github-backup runs at its own default. <c>--full-only</c> stops after the full run (a and b only).
/// </summary>
internal sealed record BenchSettings(
    int SmallRepos, int MediumRepos, int LargeMb, int LatencyMs, int GitLatencyMs, long BandwidthMBps, int? Concurrency, int PlanRepos, bool FullOnly)
{
    public static BenchSettings Parse(string[] args)
    {
        int? Optional(string name)
        {
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : null;
        }

        var latency = Optional("--latency-ms") ?? 150;
        return new BenchSettings(
            SmallRepos: Optional("--small") ?? 300,
            MediumRepos: Optional("--medium") ?? 2,
            LargeMb: Optional("--large-mb") ?? 540,
            LatencyMs: latency,
            GitLatencyMs: Optional("--git-latency-ms") ?? latency,
            BandwidthMBps: Optional("--bandwidth-mbps") ?? 40,
            Concurrency: Optional("--concurrency"),
            PlanRepos: Optional("--plan-repos") ?? 20_000,
            FullOnly: args.Contains("--full-only"));
    }

    public override string ToString() =>
        $"{SmallRepos} small repositories, {MediumRepos} medium (60 MiB), large {LargeMb} MiB, latency {LatencyMs} ms/API request and {GitLatencyMs} ms/git request, "
        + $"bandwidth {BandwidthMBps} MiB/s per response, {(Concurrency is { } c ? $"--concurrency {c}" : "default concurrency")}, planning {PlanRepos} repositories";
}
