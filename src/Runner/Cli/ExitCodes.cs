namespace GitHubBackup.Runner.Cli;

public static class ExitCodes
{
    /// <summary>Every repository succeeded or is empty (or gone).</summary>
    public const int Success = 0;

    /// <summary>Some repositories failed (the manifest is still written), or the run could not proceed.</summary>
    public const int Failures = 1;

    /// <summary>Usage or configuration error; nothing was written.</summary>
    public const int Usage = 2;

    public const int Interrupted = 130;
}
