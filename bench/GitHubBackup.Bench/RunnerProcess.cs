using System.Diagnostics;

namespace GitHubBackup.Bench;

/// <summary>One github-backup command run as its own process, timed, with its peak memory and scratch sampled.</summary>
internal static class RunnerProcess
{
    public sealed record Result(TimeSpan Wall, long PeakResidentBytes, long PeakTreeResidentBytes, long PeakScratchBytes);

    /// <param name="what">Names the run in the failure line, e.g. "night 3, old behaviour, S3 backup".</param>
    /// <param name="launcher">A command the runner runs under (faketime to set its clock, strace to count its reads), or none.</param>
    /// <param name="logDirectory">Where a failed run's whole output is kept; the failure line points at it.</param>
    public static async Task<Result> RunAsync(
        string what, string dll, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string> environment, string scratch, string logDirectory, IReadOnlyList<string>? launcher = null)
    {
        IReadOnlyList<string> command = [.. launcher ?? [], "dotnet", dll, .. arguments];
        var info = new ProcessStartInfo(command[0], command.Skip(1)) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        info.Environment["GITHUB_BACKUP_SCRATCH"] = scratch;
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(info)!;
        var sampler = new ProcessSampler(process, scratch);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var wall = clock.Elapsed;
        await sampler.DisposeAsync();
        if (process.ExitCode != 0)
        {
            var log = Path.Combine(logDirectory, $"failed-{DateTime.UtcNow:HHmmssfff}.log");
            await File.WriteAllTextAsync(log, $"{string.Join(' ', command)}\n--- stderr\n{await stderr}\n--- stdout\n{await stdout}");
            var said = (await stderr).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "nothing on stderr";
            throw new BenchFailure($"{what}: github-backup exited {process.ExitCode} ({said}); whole output in {log}");
        }

        return new Result(wall, sampler.PeakResidentBytes, sampler.PeakTreeResidentBytes, sampler.PeakScratchBytes);
    }
}
