namespace GitHubBackup.Tests.Integrity;

/// <summary>What the kernel says about running processes (/proc): to find a run's processes and watch them end.</summary>
internal static class Processes
{
    /// <summary>Live processes whose arguments satisfy <paramref name="matches"/>.</summary>
    public static IReadOnlyList<int> Matching(Func<string[], bool> matches) =>
        Directory.EnumerateDirectories("/proc")
            .Select(Path.GetFileName)
            .Select(name => int.TryParse(name, out var pid) ? pid : 0)
            .Where(pid => pid > 0 && IsRunning(pid) && Arguments(pid) is { Length: > 0 } arguments && matches(arguments))
            .ToList();

    public static int ParentOf(int pid) =>
        int.Parse(File.ReadAllLines($"/proc/{pid}/status").Single(l => l.StartsWith("PPid:", StringComparison.Ordinal))["PPid:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Running or sleeping; a zombie has ended (only its exit status waits to be collected).</summary>
    public static bool IsRunning(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..][0] is not ('Z' or 'X');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Waits for the process to end (an event the kernel delivers, not a guess about timing), up to a generous bound.</summary>
    public static async Task<bool> EndsAsync(int pid, TimeSpan bound)
    {
        var deadline = DateTime.UtcNow + bound;
        while (IsRunning(pid))
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }

            await Task.Delay(100);
        }

        return true;
    }

    private static string[] Arguments(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Split('\0', StringSplitOptions.RemoveEmptyEntries);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }
}
