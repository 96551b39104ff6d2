using System.Diagnostics;
using System.Globalization;
using GitHubBackup.StandIn;

namespace GitHubBackup.Bench;

/// <summary>
/// The benchmark's rows (a)-(f) on the full corpus behind an emulated network: a sequential baseline; github-backup's
/// full, no-change and 5%-change runs; one commit to the largest repository, fetched onto its last bundle and cloned
/// in full; then the planning of a very large org.
/// </summary>
internal static class RowsBenchmark
{
    public sealed record Result(IReadOnlyList<Measurement> Measurements, PlanningBenchmark.Result Planning, long NewObjectBytes);

    public static async Task<Result> RunAsync(BenchSettings settings, string work)
    {
        await using var github = await GitHubStandIn.StartAsync(new StandInOptions
        {
            Latency = TimeSpan.FromMilliseconds(settings.LatencyMs),
            GitLatency = TimeSpan.FromMilliseconds(settings.GitLatencyMs),
            BandwidthBytesPerSecond = settings.BandwidthMBps << 20,
        });

        var corpusClock = Stopwatch.StartNew();
        var small = github.CreateRepositories("acme", settings.SmallRepos, "small-");
        var large = github.CreateRepository("acme", "large", r =>
        {
            r.Commit("main", "README.md", "large\n");
            for (var i = 0; i < settings.LargeMb / 60; i++)
            {
                r.CommitBinary("main", $"data/part-{i:D2}.bin", 60 << 20, seed: 100 + i);
            }
        });
        for (var m = 0; m < settings.MediumRepos; m++)
        {
            var index = m;
            github.CreateRepository("acme", $"medium-{index}", r => r.Commit("main", "README.md", "medium\n").CommitBinary("main", "data.bin", 60 << 20, seed: 200 + index));
        }

        StandardCorpus.Create(github, "acme");
        github.PrepareRefAdvertisements();
        Console.WriteLine($"corpus: {settings.SmallRepos} small + 2 medium (60 MiB) + 1 large ({settings.LargeMb / 60 * 60} MiB) + {StandardCorpus.Names.Count} standard, built in {corpusClock.Elapsed.TotalSeconds:0} s");

        var token = github.IssueUserToken();
        var results = new List<Measurement>();

        // (a) the sequential baseline
        results.Add(await MeasureAsync("(a) baseline: sequential clone, bundle, upload", async () =>
        {
            await Baseline.RunAsync(github.ServerRoot, "acme", token, Path.Combine(work, "baseline-dest"), Directory.CreateDirectory(Path.Combine(work, "baseline-scratch")).FullName);
            return (null, null, null, Path.Combine(work, "baseline-dest"));
        }));

        var dest = Path.Combine(work, "dest");
        var scratch = Directory.CreateDirectory(Path.Combine(work, "scratch")).FullName;
        results.Add(await MeasureAsync("(b) github-backup, full run", () => RunOursAsync(dest, scratch)));

        SnapshotAging.AgeByOneDay(dest, "acme");
        results.Add(await MeasureAsync("(c) github-backup, next day, nothing changed", () => RunOursAsync(dest, scratch)));

        SnapshotAging.AgeByOneDay(dest, "acme");
        var changed = small.Take(Math.Max(1, small.Count / 20)).ToList();
        foreach (var repo in changed)
        {
            repo.Mutate(r => r.Commit("main", "CHANGELOG.md", $"change {Guid.NewGuid()}\n"));
        }

        github.PrepareRefAdvertisements();

        results.Add(await MeasureAsync($"(d) github-backup, next day, {changed.Count} repositories (5%) changed", () => RunOursAsync(dest, scratch)));

        SnapshotAging.AgeByOneDay(dest, "acme");
        var mainBefore = large.Refs()["refs/heads/main"];
        large.Mutate(r => r.Commit("main", "CHANGELOG.md", $"change {Guid.NewGuid()}\n"));
        var newObjectBytes = large.PackBytes("refs/heads/main", $"^{mainBefore}");
        github.PrepareRefAdvertisements();
        results.Add(await MeasureAsync("(e) github-backup, next day, one commit to the largest repository", () => RunOursAsync(dest, scratch)));
        results.Add(await MeasureAsync("(f) the same change, cloned in full (--full --repo large)", () => RunOursAsync(dest, scratch, "--full", "--repo", "large")));

        var planning = await PlanningBenchmark.RunAsync(github, settings.PlanRepos);
        return new Result(results, planning, newObjectBytes);

        async Task<Measurement> MeasureAsync(string scenario, Func<Task<(long? PeakRss, long? PeakTreeRss, long? PeakScratch, string Dest)>> run)
        {
            Console.WriteLine($"running {scenario} ...");
            var requests = github.Log.Requests.Count;
            var clones = github.Log.TotalClones;
            var packBytes = github.Log.PackBytesServed;
            var storedBefore = ProcessSampler.DataBytes(Path.Combine(work, "dest"));
            var clock = Stopwatch.StartNew();
            var (rss, treeRss, peakScratch, destination) = await run();
            var wall = clock.Elapsed;
            var stored = ProcessSampler.DataBytes(destination) - (destination == Path.Combine(work, "dest") ? storedBefore : 0);
            var served = github.Log.Requests.Skip(requests).ToList();
            var api = served.Count(r => r.PathAndQuery.StartsWith("/api/v3/", StringComparison.Ordinal));
            var measurement = new Measurement(
                scenario, wall, rss, treeRss, peakScratch, github.Log.TotalClones - clones, github.Log.PackBytesServed - packBytes, stored, api, served.Count - api);
            Console.WriteLine($"  {wall.TotalSeconds:0.0} s, {measurement.Clones} clones, {api} API and {served.Count - api} git requests ({served.Count(r => r.Status == 401)} answered 401)");
            return measurement;
        }

        string[] ConcurrencyOption() => settings.Concurrency is { } concurrency ? ["--concurrency", concurrency.ToString(CultureInfo.InvariantCulture)] : [];

        async Task<(long?, long?, long?, string)> RunOursAsync(string destination, string scratchRoot, params string[] options)
        {
            var run = await RunnerProcess.RunAsync(
                $"github-backup backup {string.Join(' ', options)}",
                Path.Combine(AppContext.BaseDirectory, "github-backup.dll"),
                ["backup", "--org", "acme", "--dest", destination, "--api-url", github.ServerRoot.ToString(), .. ConcurrencyOption(), .. options],
                new Dictionary<string, string> { ["GITHUB_TOKEN"] = token },
                scratchRoot,
                work);
            return (run.PeakResidentBytes, run.PeakTreeResidentBytes, run.PeakScratchBytes, destination);
        }
    }
}
