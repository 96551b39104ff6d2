using System.Diagnostics;
using System.Text;

namespace GitHubBackup.Core.Git;

/// <summary>
/// One running git command. Arguments go through ArgumentList (never a shell); the environment is
/// predictable: the user's global and system git config are ignored (no credential helper may store our
/// token, no insteadOf may rewrite a URL), prompts are off, messages are in English, and a transfer that
/// stalls is aborted. Standard error is kept (its tail) for the error message, scrubbed of secrets.
/// </summary>
internal sealed class GitProcess : IDisposable
{
    private const int StderrTailChars = 16 * 1024;

    // Variables that would point git at some other repository than the one we name.
    private static readonly string[] InheritedVariablesToDrop =
    [
        "GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY", "GIT_ALTERNATE_OBJECT_DIRECTORIES",
        "GIT_COMMON_DIR", "GIT_NAMESPACE", "GIT_CONFIG", "GIT_CONFIG_PARAMETERS", "GIT_CONFIG_COUNT", "GIT_ASKPASS", "SSH_ASKPASS",
    ];

    private readonly Process _process;
    private readonly Task _stderrPump;
    private readonly StringBuilder _stderr = new();
    private readonly Secrets _secrets;

    private GitProcess(Process process, string description, Secrets secrets)
    {
        _process = process;
        _secrets = secrets;
        Description = description;
        _stderrPump = PumpStderrAsync();
    }

    /// <summary>"git clone --mirror" and the like: the command without its arguments' values.</summary>
    public string Description { get; }

    public Stream StandardOutput => _process.StandardOutput.BaseStream;

    public Stream StandardInput => _process.StandardInput.BaseStream;

    public static GitProcess Start(
        string description,
        IEnumerable<string> arguments,
        string? workingDirectory,
        IEnumerable<KeyValuePair<string, string>> environment,
        Secrets secrets,
        bool writesStdin = false)
    {
        var info = new ProcessStartInfo
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = writesStdin,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var variable in InheritedVariablesToDrop)
        {
            info.Environment.Remove(variable);
        }

        info.Environment["GIT_CONFIG_NOSYSTEM"] = "1";
        info.Environment["GIT_CONFIG_GLOBAL"] = "/dev/null";
        info.Environment["GIT_TERMINAL_PROMPT"] = "0";
        info.Environment["GCM_INTERACTIVE"] = "never";
        info.Environment["LC_ALL"] = "C";
        info.Environment["GIT_HTTP_LOW_SPEED_LIMIT"] = "1000";
        info.Environment["GIT_HTTP_LOW_SPEED_TIME"] = "120";
        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        // A killed run must not leave git running (an orphan clone filling the disk): git dies with this process.
        return new GitProcess(ChildProcesses.Start("git", info), description, secrets);
    }

    /// <summary>Runs a command to completion and returns its standard output.</summary>
    public static async Task<string> RunAsync(
        string description,
        IEnumerable<string> arguments,
        string? workingDirectory,
        IEnumerable<KeyValuePair<string, string>> environment,
        Secrets secrets,
        CancellationToken cancellationToken)
    {
        using var git = Start(description, arguments, workingDirectory, environment, secrets);
        var output = await new StreamReader(git.StandardOutput, Encoding.UTF8).ReadToEndAsync(cancellationToken);
        await git.WaitForSuccessAsync(cancellationToken);
        return output;
    }

    /// <summary>Waits for the exit; a non-zero exit becomes a <see cref="GitCommandException"/> with git's words.</summary>
    public async Task WaitForSuccessAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            Kill();
            throw;
        }

        await _stderrPump;
        if (_process.ExitCode != 0)
        {
            throw new GitCommandException(Description, _process.ExitCode, _secrets.Scrub(StderrTail()));
        }
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }

    private void Kill()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    private string StderrTail()
    {
        lock (_stderr)
        {
            return _stderr.ToString();
        }
    }

    private async Task PumpStderrAsync()
    {
        var buffer = new char[4096];
        int read;
        while ((read = await _process.StandardError.ReadAsync(buffer)) > 0)
        {
            lock (_stderr)
            {
                _stderr.Append(buffer, 0, read);
                if (_stderr.Length > StderrTailChars)
                {
                    _stderr.Remove(0, _stderr.Length - StderrTailChars);
                }
            }
        }
    }
}
