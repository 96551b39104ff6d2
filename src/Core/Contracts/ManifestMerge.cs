namespace GitHubBackup.Core.Contracts;

/// <summary>
/// Pure manifest logic: a run's entries replace the ones it covered; every other entry is kept;
/// totals are always derived from the entries, never carried.
/// </summary>
public static class ManifestMerge
{
    public static BackupManifest Apply(BackupManifest? existing, ManifestRun run, IEnumerable<RepoEntry> entries)
    {
        var byName = new Dictionary<string, RepoEntry>(StringComparer.OrdinalIgnoreCase);
        foreach (var entry in existing?.Repos ?? [])
        {
            byName[entry.Name] = entry;
        }

        foreach (var entry in entries)
        {
            // When two runs overlap, the entry produced last describes what storage holds now.
            if (!byName.TryGetValue(entry.Name, out var current) || entry.FinishedAt >= current.FinishedAt)
            {
                byName[entry.Name] = entry;
            }
        }

        var repos = byName.Values.OrderBy(e => e.Name, StringComparer.OrdinalIgnoreCase).ToList();
        var failed = repos.Where(e => e.NeedsRerun).Select(e => e.Name).ToList();
        return new BackupManifest
        {
            Org = run.Org,
            Date = run.Date,
            RunId = run.RunId,
            Source = run.Source,
            StartedAt = existing is null || run.StartedAt < existing.StartedAt ? run.StartedAt : existing.StartedAt,
            FinishedAt = existing is null || run.FinishedAt > existing.FinishedAt ? run.FinishedAt : existing.FinishedAt,
            Totals = Totals(repos),
            Repos = repos,
            Rerun = failed.Count == 0 ? null : new RerunHint
            {
                Repos = failed,
                ExecutionInput = RerunInput.For(run.Org, failed),
                Command = RunIds.IsLocal(run.RunId) ? RerunInput.Command(run.Org, failed) : null,
            },
        };
    }

    public static ManifestTotals Totals(IReadOnlyCollection<RepoEntry> repos) => new()
    {
        Repos = repos.Count,
        Succeeded = repos.Count(e => e.Status == RepoStatus.Succeeded),
        Unchanged = repos.Count(e => e.Status == RepoStatus.Unchanged),
        Failed = repos.Count(e => e.Status == RepoStatus.Failed),
        Empty = repos.Count(e => e.Status == RepoStatus.Empty),
        Gone = repos.Count(e => e.Status == RepoStatus.Gone),
        PartsFailed = repos.Count(e => e.Status != RepoStatus.Failed && e.NeedsRerun),
        Bytes = repos.Sum(e => e.SizeBytes),
        Repaired = repos.Count(e => e.Repaired is not null || e.Wiki?.Repaired is not null),
    };
}

/// <summary>Identity of the run writing a manifest.</summary>
public sealed record ManifestRun(string Org, string Date, string RunId, string Source, DateTimeOffset StartedAt, DateTimeOffset FinishedAt);
