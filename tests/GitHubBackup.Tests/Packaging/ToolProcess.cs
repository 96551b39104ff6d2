using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using GitHubBackup.Tests.Infrastructure;

namespace GitHubBackup.Tests.Packaging;

/// <summary>A program the packaging and nightly tests run (dotnet, the publish script, systemd-analyze, sh), output captured.</summary>
internal static class ToolProcess
{
    /// <param name="installHint">One line saying how to get the program, for a machine that lacks it.</param>
    public static async Task<RunnerResult> RunAsync(
        string program,
        IEnumerable<string> arguments,
        string installHint,
        IReadOnlyDictionary<string, string?>? environment = null,
        string? workingDirectory = null,
        TimeSpan? timeout = null)
    {
        var info = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? RepositoryRoot.Path,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                info.Environment.Remove(name);
            }
            else
            {
                info.Environment[name] = value;
            }
        }

        using var process = new Process { StartInfo = info };
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        process.OutputDataReceived += (_, e) => Append(stdout, e.Data);
        process.ErrorDataReceived += (_, e) => Append(stderr, e.Data);
        try
        {
            process.Start();
        }
        catch (Win32Exception)
        {
            throw new InvalidOperationException($"{program} not found: {installHint}");
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(10));
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', info.ArgumentList)} did not finish in time.\n{stderr}");
        }

        process.WaitForExit();
        return new RunnerResult(process.ExitCode, stdout.ToString(), stderr.ToString());
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }
}
