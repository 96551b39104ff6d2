namespace GitHubBackup.Core.Git;

/// <summary>A git command failed. The message carries git's own words (secrets already scrubbed).</summary>
public sealed class GitCommandException(string command, int exitCode, string stderr)
    : Exception($"{command} failed (exit {exitCode}): {Summarize(stderr)}")
{
    public string Command { get; } = command;
    public int ExitCode { get; } = exitCode;
    public string StandardError { get; } = stderr;

    /// <summary>The lines that say what went wrong, joined into one: git's "fatal:"/"error:" lines when there are any.</summary>
    private static string Summarize(string stderr)
    {
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var telling = lines.Where(l => l.StartsWith("fatal:", StringComparison.Ordinal) || l.StartsWith("error:", StringComparison.Ordinal)).ToList();
        var chosen = telling.Count > 0 ? telling : lines.TakeLast(3).ToList();
        return chosen.Count == 0 ? "(git printed nothing)" : string.Join(" / ", chosen);
    }
}
