using System.Diagnostics;

namespace GitHubBackup.Tests.Infrastructure;

/// <summary>The real github-backup executable, run as a separate process the way a user or a container runs it.</summary>
public static class RunnerProcess
{
    public static string DllPath { get; } = Path.Combine(AppContext.BaseDirectory, "github-backup.dll");

    // Variables a developer's shell may carry that would change what the runner does.
    private static readonly string[] Inherited = ["GITHUB_TOKEN", "GITHUB_APP_ID", "GITHUB_APP_PRIVATE_KEY", "GITHUB_APP_PRIVATE_KEY_FILE", "GITHUB_APP_INSTALLATION_ID", "GITHUB_API_URL"];

    public static async Task<RunnerResult> RunAsync(IEnumerable<string> arguments, IReadOnlyDictionary<string, string?>? environment = null, Action<Process>? whileRunning = null, TimeSpan? timeout = null)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
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

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        whileRunning?.Invoke(process);
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(5));
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"github-backup {string.Join(' ', arguments)} did not finish in time.\n{await stderr}");
        }

        return new RunnerResult(process.ExitCode, await stdout, await stderr);
    }
}

public sealed record RunnerResult(int ExitCode, string Stdout, string Stderr)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout ---\n{Stdout}\n--- stderr ---\n{Stderr}";
}
