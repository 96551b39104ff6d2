using GitHubBackup.Core;

namespace GitHubBackup.Runner.Cli;

/// <summary>
/// Every command's last line of defence: a known failure is one line on stderr and an exit code. The line is scrubbed
/// of every secret the process registered: an error may quote what a server answered, and a server may echo the
/// credential it was sent.
/// </summary>
public static class CommandErrors
{
    private static readonly Secrets Secrets = new();

    public static async Task<int> HandleAsync(Func<Task<int>> command, TextWriter error)
    {
        try
        {
            return await command();
        }
        catch (ConfigurationException e)
        {
            await error.WriteLineAsync(Secrets.Scrub($"error: {e.Message}"));
            return ExitCodes.Usage;
        }
        catch (RunFailedException e)
        {
            await error.WriteLineAsync(Secrets.Scrub($"error: {e.Message}"));
            return ExitCodes.Failures;
        }
        catch (OperationCanceledException)
        {
            await error.WriteLineAsync("interrupted");
            return ExitCodes.Interrupted;
        }
    }
}
