// The benchmark (not a test). --scenario rows: rows (a)-(f) and planning (RowsBenchmark); --scenario nights: a month
// of nightly snapshots, today's behaviour (--old-commit) against the new one (the working tree, or --new-commit), on a
// directory and on S3 (NightlyScenario); --scenario all (the default): both. Prints the tables and writes
// bench/out/results.md. A run that fails ends the benchmark with one line and exit 1, never with a table.
using GitHubBackup.Bench;
using GitHubBackup.Bench.Nights;

var work = Path.Combine(Path.GetTempPath(), $"github-backup-bench-{Guid.NewGuid():N}");
try
{
    var settings = BenchSettings.Parse(args);
    Directory.CreateDirectory(work);
    Console.WriteLine($"benchmark: {settings.Scenario}");
    Console.WriteLine($"work directory: {work}");
    var root = FindRepositoryRoot();
    var report = new List<string>();
    if (settings.RunsRows)
    {
        Console.WriteLine($"rows: {settings}");
        var rows = await RowsBenchmark.RunAsync(settings, Directory.CreateDirectory(Path.Combine(work, "rows")).FullName);
        report.Add(Report.Render(settings, rows.Measurements, rows.Planning, rows.NewObjectBytes));
    }

    if (settings.RunsNights)
    {
        Console.WriteLine($"nights: {settings.NightsDescription()}");
        var oldRunner = await RunnerBuild.FromCommitAsync(root, settings.OldCommit);
        var newRunner = settings.NewCommit is { } commit ? await RunnerBuild.FromCommitAsync(root, commit) : await RunnerBuild.FromWorkingTreeAsync(root);
        Console.WriteLine($"old behaviour: {oldRunner.Description}; new behaviour: {newRunner.Description}");
        var nights = await NightlyScenario.RunAsync(settings, oldRunner, newRunner, Directory.CreateDirectory(Path.Combine(work, "nights")).FullName);
        report.Add(Report.RenderNights(settings, nights));
    }

    var text = string.Join(Environment.NewLine, report);
    Console.WriteLine();
    Console.WriteLine(text);
    var outDirectory = Path.Combine(root, "bench", "out");
    Directory.CreateDirectory(outDirectory);
    await File.WriteAllTextAsync(Path.Combine(outDirectory, "results.md"), text);
    Directory.Delete(work, recursive: true);
    return 0;
}
catch (BenchFailure e)
{
    // The work directory is kept: it holds the failed run's whole output and its destinations.
    Console.Error.WriteLine($"benchmark failed: {e.Message} (work directory kept: {work})");
    return 1;
}

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
