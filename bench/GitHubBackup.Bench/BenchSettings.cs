using System.Globalization;

namespace GitHubBackup.Bench;

/// <summary>
/// The emulated network and corpus. Defaults: 150 ms per request (round trip plus GitHub's time to answer a git
/// request; smart-HTTP requests to github.com commonly take 100-300 ms) and 40 MiB/s per response (one HTTPS
/// stream from GitHub to a cloud VM); 300 small repositories, two of 60 MiB and one over 500 MiB of pack.
/// The nightly scenario has its own, smaller corpus (40 small repositories and a largest of 30 MiB) so that its
/// 35 nights, each backed up four times (old and new behaviour, directory and S3), take minutes.
/// </summary>
internal sealed record BenchSettings(
    int SmallRepos,
    int MediumRepos,
    int LargeMb,
    int LatencyMs,
    int GitLatencyMs,
    long BandwidthMBps,
    int? Concurrency,
    int PlanRepos,
    string Scenario,
    int Nights,
    int ChangePercent,
    int QuietNights,
    int NightsSmallRepos,
    int NightsLargeMb,
    string OldCommit,
    string? NewCommit)
{
    public bool RunsRows => Scenario is "all" or "rows";

    public bool RunsNights => Scenario is "all" or "nights";

    public static BenchSettings Parse(string[] args)
    {
        string? Text(string name)
        {
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        }

        int Value(string name, int fallback) => Text(name) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;

        var settings = new BenchSettings(
            SmallRepos: Value("--small", 300),
            MediumRepos: Value("--medium", 2),
            LargeMb: Value("--large-mb", 540),
            LatencyMs: Value("--latency-ms", 150),
            GitLatencyMs: Value("--git-latency-ms", Value("--latency-ms", 150)),
            BandwidthMBps: Value("--bandwidth-mbps", 40),
            Concurrency: Text("--concurrency") is { } concurrency ? int.Parse(concurrency, CultureInfo.InvariantCulture) : null,
            PlanRepos: Value("--plan-repos", 20_000),
            Scenario: Text("--scenario") ?? "all",
            Nights: Value("--nights", 35),
            ChangePercent: Value("--change-percent", 5),
            QuietNights: Value("--quiet-nights", 1),
            NightsSmallRepos: Value("--nights-small", 40),
            NightsLargeMb: Value("--nights-large-mb", 30),
            OldCommit: Text("--old-commit") ?? "a49bbba",
            NewCommit: Text("--new-commit"));
        return settings switch
        {
            { Scenario: not ("all" or "rows" or "nights") } => throw new BenchFailure($"--scenario '{settings.Scenario}': give all, rows or nights."),
            { QuietNights: < 1 } => throw new BenchFailure("--quiet-nights must be at least 1: the no-change figure comes from them."),
            { Nights: var n, QuietNights: var q } when n < q + 2 => throw new BenchFailure($"--nights must be at least {q + 2}: a full night, {q} without change (--quiet-nights) and a changed one."),
            { ChangePercent: < 1 or > 100 } => throw new BenchFailure("--change-percent must be 1 to 100."),
            { NightsLargeMb: < 1 } => throw new BenchFailure("--nights-large-mb must be at least 1."),
            _ => settings,
        };
    }

    public override string ToString() =>
        $"{SmallRepos} small repositories, {MediumRepos} medium (60 MiB), large {LargeMb} MiB, latency {LatencyMs} ms/API request and {GitLatencyMs} ms/git request, "
        + $"bandwidth {BandwidthMBps} MiB/s per response, {ConcurrencyText}, planning {PlanRepos} repositories";

    /// <summary>Without --concurrency github-backup runs at its own default.</summary>
    public string ConcurrencyText => Concurrency is { } c ? $"--concurrency {c}" : "default concurrency";

    public string NightsDescription() =>
        $"{Nights} nights: one full, {QuietNights} without change, then {ChangePercent}% of {NightsSmallRepos + 1} repositories changed each night (the largest, {NightsLargeMb} MiB, always among them), latency {LatencyMs} ms/request, bandwidth {BandwidthMBps} MiB/s, {ConcurrencyText}";
}
