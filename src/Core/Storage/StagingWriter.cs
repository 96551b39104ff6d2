using System.Diagnostics;
using System.Globalization;

namespace GitHubBackup.Core.Storage;

/// <summary>
/// Names this process as a writer (its pid and start time), so a later process can tell whether what a writer left
/// behind is still being written: the pid alone is reused (every container's runner is pid 1), the pair is not.
/// </summary>
public static class StagingWriter
{
    private static readonly long StartedMs = StartOf(Process.GetCurrentProcess());

    /// <summary>This process: "&lt;pid&gt;-&lt;start time, Unix ms&gt;".</summary>
    public static string Current { get; } = $"{Environment.ProcessId}-{StartedMs}";

    /// <summary>Whether the process a writer name (see <see cref="Current"/>) describes is still running; false for names not of that form.</summary>
    public static bool IsAlive(string writer)
    {
        var parts = writer.Split('-');
        if (parts.Length < 2
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
            || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var startedMs))
        {
            return false;
        }

        try
        {
            using var process = Process.GetProcessById(pid);
            // Start times are read from the kernel's process table the same way each time; a second of slack covers rounding.
            return !process.HasExited && Math.Abs(StartOf(process) - startedMs) < 1000;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            return false;
        }
    }

    private static long StartOf(Process process) => new DateTimeOffset(process.StartTime.ToUniversalTime()).ToUnixTimeMilliseconds();
}
