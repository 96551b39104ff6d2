// The benchmark (not a test): builds a corpus on a GitHub stand-in behind an emulated network, then times,
// side by side, a sequential baseline and github-backup's full, no-change and 5%-change runs, one commit to the
// largest repository (fetched onto its last bundle, and cloned in full), and the planning of a 20,000-repository
// org. Prints a table and writes bench/out/results.md.
using System.Diagnostics;
using System.Globalization;
using GitHubBackup.Bench;
using GitHubBackup.Core;
using GitHubBackup.Core.Contracts;
using GitHubBackup.Core.Engine;
using GitHubBackup.Core.GitHub;
using GitHubBackup.Core.Runs;
using GitHubBackup.Core.Storage;
using GitHubBackup.StandIn;

var settings = BenchSettings.Parse(args);
var work = Path.Combine(Path.GetTempPath(), $"github-backup-bench-{Guid.NewGuid():N}");
Directory.CreateDirectory(work);
Console.WriteLine($"benchmark: {settings}");
Console.WriteLine($"work directory: {work}");

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
Console.WriteLine($"corpus: {settings.SmallRepos} small + {settings.MediumRepos} medium (60 MiB) + 1 large ({settings.LargeMb / 60 * 60} MiB) + {StandardCorpus.Names.Count} standard, built in {corpusClock.Elapsed.TotalSeconds:0} s");

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
if (settings.FullOnly)
{
    return Finish(Report.RenderFullRun(settings, results));
}

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
return Finish(Report.Render(settings, results, planning, newObjectBytes));

int Finish(string report)
{
    Console.WriteLine();
    Console.WriteLine(report);
    var outDirectory = Path.Combine(FindRepositoryRoot(), "bench", "out");
    Directory.CreateDirectory(outDirectory);
    File.WriteAllText(Path.Combine(outDirectory, "results.md"), report);
    Directory.Delete(work, recursive: true);
    return 0;
}

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

async Task<(long?, long?, long?, string)> RunOursAsync(string destination, string scratchRoot, params string[] options)
{
    var info = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "github-backup.dll"), "backup", "--org", "acme", "--dest", destination, "--api-url", github.ServerRoot.ToString(), .. ConcurrencyOption(), .. options])
    {
        RedirectStandardOutput = true,
        RedirectStandardError = true,
    };
    info.Environment["GITHUB_TOKEN"] = token;
    info.Environment["GITHUB_BACKUP_SCRATCH"] = scratchRoot;
    using var process = Process.Start(info)!;
    var sampler = new ProcessSampler(process, scratchRoot);
    var stdout = process.StandardOutput.ReadToEndAsync();
    var stderr = process.StandardError.ReadToEndAsync();
    await process.WaitForExitAsync();
    await sampler.DisposeAsync();
    if (process.ExitCode != 0)
    {
        throw new InvalidOperationException($"github-backup exited {process.ExitCode}: {await stderr}\n{await stdout}");
    }

    return (sampler.PeakResidentBytes, sampler.PeakTreeResidentBytes, sampler.PeakScratchBytes, destination);
}

string[] ConcurrencyOption() => settings.Concurrency is { } concurrency ? ["--concurrency", concurrency.ToString(CultureInfo.InvariantCulture)] : [];

static string FindRepositoryRoot()
{
    for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
    {
        if (File.Exists(Path.Combine(directory.FullName, "github-backup.slnx")))
        {
            return directory.FullName;
        }
    }

    return Environment.CurrentDirectory;
}
