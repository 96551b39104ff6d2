namespace GitHubBackup.Bench.Nights;

/// <summary>One behaviour's runner with what every run of it gets: the stand-in's token, S3 credentials, its own scratch.</summary>
internal sealed record RunnerInvocation(RunnerBuild Runner, IReadOnlyDictionary<string, string> Environment, string Scratch, string LogDirectory)
{
    public Task<RunnerProcess.Result> RunAsync(string what, IReadOnlyList<string> arguments, IReadOnlyList<string>? launcher = null) =>
        RunnerProcess.RunAsync($"{what} ({Runner.Label})", Runner.DllPath, arguments, Environment, Directory.CreateDirectory(Scratch).FullName, LogDirectory, launcher);

    /// <summary>
    /// A backup as the night of <paramref name="night"/> (03:00 UTC) would run it: libfaketime starts the runner's clock
    /// (and its git's) there, so it writes that night's dated snapshot and finds the previous nights' as the past.
    /// </summary>
    public Task<RunnerProcess.Result> BackupAsync(string what, DateTimeOffset night, IReadOnlyList<string> arguments) =>
        RunAsync(what, ["backup", .. arguments], ["env", "TZ=UTC", "faketime", "-f", $"@{night.UtcDateTime:yyyy-MM-dd HH:mm:ss}"]);
}
