using System.Globalization;

namespace GitHubBackup.Core.Contracts;

/// <summary>Run identifiers: the execution name on AWS; a timestamp and a random suffix locally.</summary>
public static class RunIds
{
    private const string LocalPrefix = "local-";

    /// <summary>A run of the backup command on a machine (not a state-machine execution).</summary>
    public static bool IsLocal(string runId) => runId.StartsWith(LocalPrefix, StringComparison.Ordinal);

    public static string NewLocal(DateTimeOffset now) =>
        $"{LocalPrefix}{now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture)}-{Guid.NewGuid().ToString("N")[..6]}";
}
