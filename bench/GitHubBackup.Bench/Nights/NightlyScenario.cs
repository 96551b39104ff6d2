using System.Diagnostics;
using GitHubBackup.StandIn;

namespace GitHubBackup.Bench.Nights;

/// <summary>
/// The storage cost of a month of snapshots, today's behaviour against the new one in the same run: night 1 backs up
/// the corpus in full, the next (--quiet-nights, default 1) change nothing, every later night changes a share of the
/// repositories (the largest always among them). Each night each behaviour backs up into a directory and into a versioned bucket of its own;
/// at the end each destination's stored bytes are measured, and its oldest and newest snapshots restored.
/// </summary>
internal static class NightlyScenario
{
    public sealed record LaneResult(
        string Behaviour,
        string Store,
        StoredBytes FirstNight,
        StoredBytes Final,
        TimeSpan AllNights,
        TimeSpan FullNight,
        TimeSpan NoChangeNight,
        TimeSpan ChangedNightMean,
        long ChangedNightPackBytesMean,
        RestoreCost Oldest,
        RestoreCost Newest);

    public sealed record Result(string OldRunner, string NewRunner, string FirstDate, string LastDate, int ChangedPerNight, IReadOnlyList<LaneResult> Lanes);

    private sealed record Lane(string Behaviour, RunnerInvocation Runner, Destination Destination)
    {
        public List<TimeSpan> Walls { get; } = [];

        public List<long> PackBytes { get; } = [];

        public StoredBytes FirstNight { get; set; } = new(0, 0);

        public string Name => $"{Behaviour} behaviour, {Destination.Kind}";
    }

    public static async Task<Result> RunAsync(BenchSettings settings, RunnerBuild oldRunner, RunnerBuild newRunner, string work)
    {
        await using var github = await GitHubStandIn.StartAsync(new StandInOptions
        {
            Latency = TimeSpan.FromMilliseconds(settings.LatencyMs),
            BandwidthBytesPerSecond = settings.BandwidthMBps << 20,
        });
        var corpus = NightlyCorpus.Create(github, settings.NightsSmallRepos, settings.NightsLargeMb);
        using var moto = await MotoServer.StartAsync();
        await using var counter = await S3ReadCounter.StartAsync(moto.Endpoint);
        var environment = new Dictionary<string, string>(MotoServer.Credentials) { ["GITHUB_TOKEN"] = github.IssueUserToken() };
        var lanes = new List<Lane>();
        foreach (var (behaviour, runner) in new[] { ("old", oldRunner), ("new", newRunner) })
        {
            var invocation = new RunnerInvocation(runner, environment, Path.Combine(work, $"scratch-{behaviour}"), work);
            lanes.Add(new Lane(behaviour, invocation, new DirectoryDestination(Path.Combine(work, $"dest-{behaviour}"), Path.Combine(work, "traces"))));
            await moto.CreateBucketAsync($"nights-{behaviour}", versioned: true);
            lanes.Add(new Lane(behaviour, invocation, new BucketDestination(moto, $"nights-{behaviour}", counter)));
        }

        // Nights start tomorrow, so no faked time is in the real past (moto, for one, checks retention dates against its clock).
        var firstNight = new DateTimeOffset(DateTime.UtcNow.Date.AddDays(1).AddHours(3), TimeSpan.Zero);
        var largestAfterFirstNight = corpus.LargestMain;
        string[] backupOptions = ["--org", NightlyCorpus.Org, "--api-url", github.ServerRoot.ToString(), .. settings.Concurrency is { } concurrency ? new[] { "--concurrency", concurrency.ToString(System.Globalization.CultureInfo.InvariantCulture) } : []];
        for (var night = 1; night <= settings.Nights; night++)
        {
            if (night > 1 + settings.QuietNights)
            {
                corpus.ChangeNight(night, settings.ChangePercent);
            }

            var date = Date(firstNight, night);
            var clock = Stopwatch.StartNew();

            // Each night another lane goes first, so no behaviour always meets the stand-in's caches cold.
            foreach (var lane in lanes.Skip(night % lanes.Count).Concat(lanes.Take(night % lanes.Count)))
            {
                var served = github.Log.PackBytesServed;
                var run = await lane.Runner.BackupAsync($"night {night} ({date}), {lane.Name}", firstNight.AddDays(night - 1), [.. backupOptions, .. lane.Destination.BackupArguments]);
                lane.Walls.Add(run.Wall);
                lane.PackBytes.Add(github.Log.PackBytesServed - served);
                if (!await lane.Destination.HasSnapshotAsync(date))
                {
                    throw new BenchFailure($"night {night}, {lane.Name}: the run succeeded but wrote no snapshot dated {date} (is faketime installed and moving the runner's clock?).");
                }

                if (night == 1)
                {
                    lane.FirstNight = await lane.Destination.StoredBytesAsync();
                }
            }

            Console.WriteLine($"  night {night}/{settings.Nights} ({date}): {string.Join(", ", lanes.Select(l => $"{l.Behaviour} {l.Destination.Kind} {l.Walls[^1].TotalSeconds:0.0} s"))} ({clock.Elapsed.TotalSeconds:0} s)");
        }

        var results = new List<LaneResult>();
        foreach (var lane in lanes)
        {
            var oldest = await RestoreCheckedAsync(lane, Date(firstNight, 1), largestAfterFirstNight, corpus.Repositories, work);
            var newest = await RestoreCheckedAsync(lane, Date(firstNight, settings.Nights), corpus.LargestMain, corpus.Repositories, work);
            results.Add(new LaneResult(
                lane.Behaviour,
                lane.Destination.Kind,
                lane.FirstNight,
                await lane.Destination.StoredBytesAsync(),
                lane.Walls.Aggregate(TimeSpan.Zero, (sum, wall) => sum + wall),
                lane.Walls[0],
                Mean(lane.Walls.Skip(1).Take(settings.QuietNights)),
                Mean(lane.Walls.Skip(1 + settings.QuietNights)),
                (long)lane.PackBytes.Skip(1 + settings.QuietNights).Average(),
                oldest,
                newest));
        }

        return new Result(oldRunner.Description, newRunner.Description, Date(firstNight, 1), Date(firstNight, settings.Nights), corpus.ChangedPerNight(settings.ChangePercent), results);
    }

    private static TimeSpan Mean(IEnumerable<TimeSpan> walls) => TimeSpan.FromTicks((long)walls.Average(w => w.Ticks));

    private static string Date(DateTimeOffset firstNight, int night) => firstNight.AddDays(night - 1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A restore of every repository whose result is checked: all of them there, the largest at that night's commit.</summary>
    private static async Task<RestoreCost> RestoreCheckedAsync(Lane lane, string date, string largestMain, int repositories, string work)
    {
        var to = Path.Combine(work, $"restore-{Guid.NewGuid():N}");
        var cost = await lane.Destination.RestoreAsync(lane.Runner, date, to);
        var restored = Directory.EnumerateDirectories(to, "*.git").Count(d => !d.EndsWith(".wiki.git", StringComparison.Ordinal));
        var main = RestoredHead(Path.Combine(to, $"{NightlyCorpus.Largest}.git"));
        Directory.Delete(to, recursive: true);
        if (restored != repositories || main != largestMain)
        {
            throw new BenchFailure($"restore of {date}, {lane.Name}: {restored} of {repositories} repositories restored, {NightlyCorpus.Largest} at {main} where that night had {largestMain}.");
        }

        Console.WriteLine($"  restored {date}, {lane.Name}: {cost.Wall.TotalSeconds:0.0} s, {cost.BytesRead:N0} bytes read");
        return cost;
    }

    private static string RestoredHead(string repository)
    {
        using var git = Process.Start(new ProcessStartInfo("git", ["--git-dir", repository, "rev-parse", "--verify", "--quiet", "refs/heads/main"]) { RedirectStandardOutput = true })!;
        var head = git.StandardOutput.ReadToEnd().Trim();
        git.WaitForExit();
        return head;
    }
}
