using GitHubBackup.Core.Contracts;
using GitHubBackup.Core.Storage;

namespace GitHubBackup.Core.Restore;

/// <summary>Reads what a destination holds: the snapshot dates, and each snapshot's manifest.</summary>
public sealed class SnapshotCatalog(IBackupStore store)
{
    /// <summary>Snapshot dates, newest first.</summary>
    public async Task<IReadOnlyList<string>> DatesAsync(CancellationToken cancellationToken) =>
        (await store.ListAsync(BackupLayout.Root + "/", cancellationToken))
            .Where(name => name.EndsWith('/'))
            .Select(name => name.TrimEnd('/'))
            .Where(BackupLayout.IsDate)
            .OrderDescending(StringComparer.Ordinal)
            .ToList();

    /// <summary>The orgs with a snapshot on <paramref name="date"/>.</summary>
    public async Task<IReadOnlyList<string>> OrgsAsync(string date, CancellationToken cancellationToken) =>
        (await store.ListAsync($"{BackupLayout.Root}/{date}/", cancellationToken))
            .Where(name => name.EndsWith('/'))
            .Select(name => name.TrimEnd('/'))
            .Where(BackupLayout.IsOrgName)
            .ToList();

    /// <summary>The newest date that has a snapshot of <paramref name="org"/>, or null.</summary>
    public async Task<string?> NewestDateAsync(string org, CancellationToken cancellationToken)
    {
        foreach (var date in await DatesAsync(cancellationToken))
        {
            if (await ManifestAsync(date, org, cancellationToken) is not null)
            {
                return date;
            }
        }

        return null;
    }

    /// <summary>The manifest of <paramref name="org"/> on <paramref name="date"/> (default: its newest), or a clear error.</summary>
    public async Task<BackupManifest> RequireManifestAsync(string org, string? date, CancellationToken cancellationToken)
    {
        var chosen = date ?? await NewestDateAsync(org, cancellationToken)
            ?? throw new ConfigurationException($"There is no snapshot of '{org}' in {store.Describe(BackupLayout.Root)}; check --from and --org (run 'github-backup list').");
        return await ManifestAsync(chosen, org, cancellationToken)
            ?? throw new ConfigurationException($"There is no snapshot of '{org}' on {chosen} in {store.Describe(BackupLayout.Root)}; run 'github-backup list --from ... --org {org}' for its dates.");
    }

    public async Task<BackupManifest?> ManifestAsync(string date, string org, CancellationToken cancellationToken)
    {
        var key = BackupLayout.ManifestKey(date, org);
        var content = await store.ReadAsync(key, cancellationToken);
        return content is null ? null : CoreJson.Deserialize<BackupManifest>(content.Content, store.Describe(key));
    }

    /// <summary>
    /// The latest restorable entry of each repository as of <paramref name="date"/>: that day's snapshot where it
    /// has one, else the newest earlier snapshot's. What an incremental run compares against.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, RepoEntry>> LatestGoodEntriesAsync(string org, string date, CancellationToken cancellationToken)
    {
        var latest = new Dictionary<string, RepoEntry>(StringComparer.OrdinalIgnoreCase);
        var earlier = (await DatesAsync(cancellationToken)).FirstOrDefault(d => string.CompareOrdinal(d, date) < 0);
        foreach (var snapshot in new[] { earlier, date })
        {
            var manifest = snapshot is null ? null : await ManifestAsync(snapshot, org, cancellationToken);
            foreach (var entry in manifest?.Repos.Where(e => RepoStatus.IsGood(e.Status)) ?? [])
            {
                latest[entry.Name] = entry;
            }
        }

        return latest;
    }

    /// <summary>
    /// The entry to restore a repository from: on <paramref name="date"/> if given, else from the newest
    /// snapshot where it is restorable.
    /// </summary>
    public async Task<RepoEntry> FindAsync(string org, string repository, string? date, CancellationToken cancellationToken)
    {
        var dates = date is not null ? [date] : await DatesAsync(cancellationToken);
        var seenInFailed = (string?)null;
        foreach (var candidate in dates)
        {
            var manifest = await ManifestAsync(candidate, org, cancellationToken);
            var entry = manifest?.Repos.FirstOrDefault(e => string.Equals(e.Name, repository, StringComparison.OrdinalIgnoreCase));
            if (entry is not null && RepoStatus.IsGood(entry.Status))
            {
                return entry;
            }

            seenInFailed ??= entry is null ? null : candidate;
        }

        var where = date is null ? $"any snapshot of '{org}' in {store.Describe(BackupLayout.Root)}" : $"the snapshot of '{org}' on {date} in {store.Describe(BackupLayout.Root)}";
        throw new ConfigurationException(seenInFailed is null
            ? $"Repository '{repository}' is not in {where}; check --org, --repo and --date (run 'github-backup list' to see what is there)."
            : $"Repository '{repository}' has no restorable backup in {where} (its backup on {seenInFailed} failed); try another --date.");
    }
}
