namespace GitHubBackup.Bench;

/// <summary>
/// The benchmark cannot report honest numbers (a run failed, a snapshot is missing, bad options): Program prints
/// the message as one line and exits non-zero instead of writing a table.
/// </summary>
internal sealed class BenchFailure(string message) : Exception(message);
