using GitHubBackup.Core;

namespace GitHubBackup.Runner.Cli;

/// <summary>Every command's last line of defence: a known failure is one line on stderr and an exit code.</summary>
public static class CommandErrors
{
    public static async Task<int> HandleAsync(Func<Task<int>> command, TextWriter error)
    {
        try
        {
            return await command();
        }
        catch (ConfigurationException e)
        {
            await error.WriteLineAsync($"error: {e.Message}");
            return ExitCodes.Usage;
        }
        catch (RunFailedException e)
        {
            await error.WriteLineAsync($"error: {e.Message}");
            return ExitCodes.Failures;
        }
        catch (OperationCanceledException)
        {
            await error.WriteLineAsync("interrupted");
            return ExitCodes.Interrupted;
        }
    }
}
