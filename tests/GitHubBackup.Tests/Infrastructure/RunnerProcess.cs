using System.Diagnostics;
using System.Text;

namespace GitHubBackup.Tests.Infrastructure;

/// <summary>The real github-backup executable, run as a separate process the way a user or a container runs it.</summary>
public static class RunnerProcess
{
    public static string DllPath { get; } = Path.Combine(AppContext.BaseDirectory, "github-backup.dll");

    // Variables a developer's shell may carry that would change what the runner does.
    private static readonly string[] Inherited = ["GITHUB_TOKEN", "GITHUB_APP_ID", "GITHUB_APP_PRIVATE_KEY", "GITHUB_APP_PRIVATE_KEY_FILE", "GITHUB_APP_INSTALLATION_ID", "GITHUB_API_URL"];

    /// <param name="onStdoutLine">Sees each line as it is printed, with the process (e.g. to kill it at a chosen moment).</param>
    /// <param name="launcher">A command the runner runs under, e.g. ["faketime", "-f", "+1d"] to move its clock.</param>
    /// <param name="workingDirectory">Where relative paths (and ./github-backup.yml) are resolved; the test's own by default.</param>
    public static async Task<RunnerResult> RunAsync(
        IEnumerable<string> arguments,
        IReadOnlyDictionary<string, string?>? environment = null,
        Action<string, Process>? onStdoutLine = null,
        TimeSpan? timeout = null,
        IReadOnlyList<string>? launcher = null,
        string? workingDirectory = null)
    {
        var info = new ProcessStartInfo(launcher is [var program, ..] ? program : "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? "",
        };
        foreach (var argument in launcher?.Skip(1).Append("dotnet") ?? [])
        {
            info.ArgumentList.Add(argument);
        }

        info.ArgumentList.Add(DllPath);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var name in Inherited.Concat(info.Environment.Keys.Where(k => k.StartsWith("GITHUB_BACKUP_", StringComparison.Ordinal)).ToList()))
        {
            info.Environment.Remove(name);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            info.Environment[name] = value;
        }

        using var process = new Process { StartInfo = info };
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            lock (stdout)
            {
                stdout.AppendLine(e.Data);
            }

            onStdoutLine?.Invoke(e.Data, process);
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (stderr)
                {
                    stderr.AppendLine(e.Data);
                }
            }
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(5));
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"github-backup {string.Join(' ', arguments)} did not finish in time.\n{stderr}");
        }

        process.WaitForExit();
        return new RunnerResult(process.ExitCode, stdout.ToString(), stderr.ToString());
    }
}

public sealed record RunnerResult(int ExitCode, string Stdout, string Stderr)
{
    /// <summary>SIGKILL'd by a test: 128 + 9.</summary>
    public bool WasKilled => ExitCode == 137;

    public override string ToString() => $"exit {ExitCode}\n--- stdout ---\n{Stdout}\n--- stderr ---\n{Stderr}";
}
