// The benchmark (not a test): rows (a)-(f) and planning (RowsBenchmark). Prints the table and writes
// bench/out/results.md. A run that fails ends the benchmark with one line and exit 1, never with a table.
using GitHubBackup.Bench;

var settings = BenchSettings.Parse(args);
var work = Path.Combine(Path.GetTempPath(), $"github-backup-bench-{Guid.NewGuid():N}");
try
{
    Directory.CreateDirectory(work);
    Console.WriteLine($"benchmark: {settings}");
    Console.WriteLine($"work directory: {work}");
    var rows = await RowsBenchmark.RunAsync(settings, work);
    var report = Report.Render(settings, rows.Measurements, rows.Planning, rows.NewObjectBytes);
    Console.WriteLine();
    Console.WriteLine(report);
    var outDirectory = Path.Combine(FindRepositoryRoot(), "bench", "out");
    Directory.CreateDirectory(outDirectory);
    await File.WriteAllTextAsync(Path.Combine(outDirectory, "results.md"), report);
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
