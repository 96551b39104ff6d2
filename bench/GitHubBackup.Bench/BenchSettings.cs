using System.Globalization;

namespace GitHubBackup.Bench;

/// <summary>
/// The emulated network and corpus. Defaults: 150 ms per request (round trip plus GitHub's time to answer a git
/// request; smart-HTTP requests to github.com commonly take 100-300 ms) and 40 MiB/s per response (one HTTPS
/// stream from GitHub to a cloud VM); 300 small repositories, two of 60 MiB and one over 500 MiB of pack.
/// </summary>
internal sealed record BenchSettings(int SmallRepos, int LargeMb, int LatencyMs, long BandwidthMBps, int Concurrency, int PlanRepos)
{
    public static BenchSettings Parse(string[] args)
    {
        int Value(string name, int fallback)
        {
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
        }

        return new BenchSettings(
            SmallRepos: Value("--small", 300),
            LargeMb: Value("--large-mb", 540),
            LatencyMs: Value("--latency-ms", 150),
            BandwidthMBps: Value("--bandwidth-mbps", 40),
            Concurrency: Value("--concurrency", 8),
            PlanRepos: Value("--plan-repos", 20_000));
    }

    public override string ToString() =>
        $"{SmallRepos} small repositories, large {LargeMb} MiB, latency {LatencyMs} ms/request, bandwidth {BandwidthMBps} MiB/s per response, --concurrency {Concurrency}, planning {PlanRepos} repositories";
}
