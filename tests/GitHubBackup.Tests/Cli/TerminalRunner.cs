using System.Diagnostics;
using GitHubBackup.Tests.Infrastructure;

namespace GitHubBackup.Tests.Cli;

/// <summary>
/// The runner at a terminal of a given width: util-linux's <c>script</c> gives it a pseudo-terminal (so stdout is
/// not redirected and Spectre.Console draws tables), sized with <c>stty cols</c> before the runner starts.
/// </summary>
public static class TerminalRunner
{
    // Spectre.Console turns interactivity off when it sees a CI system's variables.
    private static readonly string[] Removed = ["CI", "GITHUB_ACTIONS", "TF_BUILD", "JENKINS_URL", "GITLAB_CI", "BUILDKITE", "TEAMCITY_VERSION", "NO_COLOR"];

    public static async Task<RunnerResult> RunAsync(IEnumerable<string> arguments, IReadOnlyDictionary<string, string?>? environment = null, int columns = 80)
    {
        var command = $"stty cols {columns} rows 60; exec dotnet {Quote(RunnerProcess.DllPath)} {string.Join(' ', arguments.Select(Quote))}";
        var info = new ProcessStartInfo("script") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "--quiet", "--return", "--command", command, "/dev/null" })
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var name in Removed.Concat(info.Environment.Keys.Where(k => k.StartsWith("GITHUB_", StringComparison.Ordinal)).ToList()))
        {
            info.Environment.Remove(name);
        }

        info.Environment["TERM"] = "xterm-256color";
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            info.Environment[name] = value;
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(cancel.Token);
        return new RunnerResult(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Every line as it would show, escape sequences removed.</summary>
    public static IReadOnlyList<string> VisibleLines(string output) =>
        System.Text.RegularExpressions.Regex.Replace(output, @"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07|\r", "")
            .Split('\n', StringSplitOptions.RemoveEmptyEntries);

    private static string Quote(string value) => "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
