using System.Globalization;

namespace GitHubBackup.Core.Contracts;

/// <summary>Run identifiers: the execution name on AWS; a timestamp and a random suffix locally.</summary>
public static class RunIds
{
    public static string NewLocal(DateTimeOffset now) =>
        $"local-{now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture)}-{Guid.NewGuid().ToString("N")[..6]}";
}
