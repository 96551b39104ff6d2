using System.Diagnostics;

namespace GitHubBackup.Bench;

/// <summary>Samples a running process's resident memory and a directory's size, keeping the peaks.</summary>
internal sealed class ProcessSampler : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _sampling;

    public ProcessSampler(Process process, string scratchDirectory)
    {
        _sampling = Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested)
            {
                PeakResidentBytes = Math.Max(PeakResidentBytes, ResidentBytes(process.Id));
                PeakScratchBytes = Math.Max(PeakScratchBytes, DirectoryBytes(scratchDirectory));
                await Task.Delay(50);
            }
        });
    }

    public long PeakResidentBytes { get; private set; }

    public long PeakScratchBytes { get; private set; }

    public static long DirectoryBytes(string directory)
    {
        try
        {
            return new DirectoryInfo(directory).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f =>
            {
                try
                {
                    return f.Length;
                }
                catch (FileNotFoundException)
                {
                    return 0;
                }
            });
        }
        catch (Exception e) when (e is DirectoryNotFoundException or FileNotFoundException or IOException)
        {
            return 0;
        }
    }

    /// <summary>
    /// Bytes of data under <paramref name="directory"/>, each file once however many hard links it has (du counts an
    /// inode once): what a run wrote, where an unchanged bundle linked into the new snapshot costs nothing.
    /// </summary>
    public static long DataBytes(string directory)
    {
        if (!Directory.Exists(directory))
        {
            return 0;
        }

        using var du = Process.Start(new ProcessStartInfo("du", ["-sb", directory]) { RedirectStandardOutput = true })!;
        var output = du.StandardOutput.ReadToEnd();
        du.WaitForExit();
        return long.Parse(output.Split('\t')[0], System.Globalization.CultureInfo.InvariantCulture);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _sampling;
        _stop.Dispose();
    }

    /// <summary>VmRSS of /proc/PID/status, in bytes; 0 once the process is gone.</summary>
    private static long ResidentBytes(int pid)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
            return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) * 1024;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return 0;
        }
    }
}
