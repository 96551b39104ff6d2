using System.Diagnostics;

namespace GitHubBackup.Bench;

/// <summary>Samples a running process's resident memory (alone, and with its descendants) and a directory's size, keeping the peaks.</summary>
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
                PeakTreeResidentBytes = Math.Max(PeakTreeResidentBytes, TreeResidentBytes(process.Id));
                PeakScratchBytes = Math.Max(PeakScratchBytes, DirectoryBytes(scratchDirectory));
                await Task.Delay(50);
            }
        });
    }

    public long PeakResidentBytes { get; private set; }

    /// <summary>The process and every descendant (git clones, index-pack, bundle writers) at the same moment.</summary>
    public long PeakTreeResidentBytes { get; private set; }

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

    /// <summary>VmRSS of <paramref name="root"/> and of every process descending from it (parents from /proc/PID/stat).</summary>
    private static long TreeResidentBytes(int root)
    {
        var parents = new Dictionary<int, int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), out var pid) && ParentOf(pid) is { } parent)
            {
                parents[pid] = parent;
            }
        }

        bool Descends(int pid)
        {
            for (var hops = 0; hops < 64 && pid > 1; hops++)
            {
                if (pid == root)
                {
                    return true;
                }

                if (!parents.TryGetValue(pid, out pid))
                {
                    return false;
                }
            }

            return false;
        }

        return parents.Keys.Where(Descends).Sum(ResidentBytes);
    }

    /// <summary>The fourth field of /proc/PID/stat, after the command name in parentheses (which may hold spaces).</summary>
    private static int? ParentOf(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return int.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
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
