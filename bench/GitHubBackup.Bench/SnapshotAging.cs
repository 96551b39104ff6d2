using GitHubBackup.Core.Contracts;

namespace GitHubBackup.Bench;

/// <summary>
/// Makes today's snapshot yesterday's: the next run then finds "the last backup" a day old, as a nightly
/// schedule would, without waiting a day. Renames the date folder and rewrites the manifest's date and keys.
/// </summary>
internal static class SnapshotAging
{
    public static void AgeByOneDay(string dest, string org)
    {
        var root = Path.Combine(dest, BackupLayout.Root);
        var today = BackupLayout.Date(DateTimeOffset.UtcNow);
        var yesterday = BackupLayout.Date(DateTimeOffset.UtcNow.AddDays(-1));
        var yesterdayDir = Path.Combine(root, yesterday);
        if (Directory.Exists(yesterdayDir))
        {
            Directory.Delete(yesterdayDir, recursive: true);
        }

        Directory.Move(Path.Combine(root, today), yesterdayDir);
        var manifestPath = Path.Combine(yesterdayDir, org, "manifest.json");
        var manifest = CoreJson.Deserialize<BackupManifest>(File.ReadAllBytes(manifestPath), manifestPath);
        string? Moved(string? key) => key?.Replace($"/{today}/", $"/{yesterday}/", StringComparison.Ordinal);
        var aged = manifest with
        {
            Date = yesterday,
            Repos = manifest.Repos.Select(e => e with { BundleKey = Moved(e.BundleKey), CopiedFrom = Moved(e.CopiedFrom) }).ToList(),
        };
        File.WriteAllBytes(manifestPath, CoreJson.Serialize(aged));
    }
}
