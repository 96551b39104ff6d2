using System.Diagnostics;
using System.Text;

namespace GitHubBackup.StandIn;

/// <summary>Runs git for the fixtures, with a fixed identity and clock so repositories are reproducible.</summary>
internal static class Git
{
    public static string Run(string? directory, string? stdin, params string[] arguments) =>
        RunBytes(directory, stdin is null ? null : Encoding.UTF8.GetBytes(stdin), null, arguments).Trim();

    /// <summary>Null when git fails (e.g. rev-parse of a ref that does not exist yet).</summary>
    public static string? TryRun(string directory, params string[] arguments)
    {
        try
        {
            return RunBytes(directory, null, null, arguments).Trim();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    public static string RunBytes(string? directory, byte[]? stdin, IReadOnlyDictionary<string, string>? environment, params string[] arguments)
    {
        var info = new ProcessStartInfo("git")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = directory ?? Environment.CurrentDirectory,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["GIT_CONFIG_NOSYSTEM"] = "1";
        info.Environment["GIT_CONFIG_GLOBAL"] = "/dev/null";
        info.Environment["GIT_AUTHOR_NAME"] = "Stand In";
        info.Environment["GIT_AUTHOR_EMAIL"] = "stand-in@example.com";
        info.Environment["GIT_COMMITTER_NAME"] = "Stand In";
        info.Environment["GIT_COMMITTER_EMAIL"] = "stand-in@example.com";
        info.Environment["GIT_AUTHOR_DATE"] = "2026-01-01T00:00:00Z";
        info.Environment["GIT_COMMITTER_DATE"] = "2026-01-01T00:00:00Z";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        using var git = Process.Start(info)!;
        var output = git.StandardOutput.ReadToEndAsync();
        var error = git.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            git.StandardInput.BaseStream.Write(stdin);
        }

        git.StandardInput.Close();
        git.WaitForExit();
        if (git.ExitCode != 0)
        {
            throw new InvalidOperationException($"git {string.Join(' ', arguments)} failed: {error.Result}");
        }

        return output.Result;
    }
}
