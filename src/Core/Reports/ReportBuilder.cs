using GitHubBackup.Core.Contracts;
using GitHubBackup.Core.Restore;
using GitHubBackup.Core.Storage;

namespace GitHubBackup.Core.Reports;

/// <summary>Reads a destination's manifests and published verify reports into the figures the report shows.</summary>
public sealed class ReportBuilder(IBackupStore store, IClock clock)
{
    private readonly SnapshotCatalog _catalog = new(store);

    public async Task<DestinationReport> BuildAsync(string? org, CancellationToken cancellationToken)
    {
        var snapshots = new List<SnapshotFigures>();
        foreach (var date in (await _catalog.DatesAsync(cancellationToken)).Order(StringComparer.Ordinal))
        {
            foreach (var name in org is null ? await _catalog.OrgsAsync(date, cancellationToken) : [org])
            {
                if (await Readable(() => _catalog.ManifestAsync(date, name, cancellationToken)) is { } manifest)
                {
                    snapshots.Add(Figures(manifest with { Org = name, Date = date }, await DrillsAsync(date, name, cancellationToken)));
                }
            }
        }

        if (snapshots.Count == 0)
        {
            throw new ConfigurationException(
                $"There are no snapshots{(org is null ? "" : $" of '{org}'")} in {store.Describe(BackupLayout.Root)}; check --from{(org is null ? "" : " and --org")} (run 'github-backup list').");
        }

        return new DestinationReport { Destination = store.Describe(""), GeneratedAt = clock.UtcNow, Snapshots = snapshots };
    }

    public static SnapshotFigures Figures(BackupManifest manifest, IReadOnlyList<DrillFigures> drills)
    {
        var parts = manifest.Repos.SelectMany(Parts).ToList();
        return new SnapshotFigures
        {
            Org = manifest.Org,
            Date = manifest.Date,
            RunId = manifest.RunId,
            StartedAt = manifest.StartedAt,
            FinishedAt = manifest.FinishedAt,
            DurationMs = (long)(manifest.FinishedAt - manifest.StartedAt).TotalMilliseconds,
            Statuses = manifest.Repos.GroupBy(e => e.Status, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal),
            Repos = manifest.Repos.Count,
            PartsFailed = manifest.Repos.Count(e => e.Status != RepoStatus.Failed && e.NeedsRerun),
            StoredBytes = parts.Sum(p => p.Bytes),
            TransferredBytes = parts.Where(p => p.Written).Sum(p => p.Bytes),
            Failures = manifest.Repos.SelectMany(FailuresOf).ToList(),
            Drills = drills,
        };
    }

    /// <summary>Each stored object of an entry: its size, and whether this run wrote it (rather than carrying it over).</summary>
    private static IEnumerable<(long Bytes, bool Written)> Parts(RepoEntry entry)
    {
        // The newest layer of a bundle that succeeded was written by the run; the layers under it are carried.
        foreach (var bundle in new[] { entry.Main(), entry.Wiki }.OfType<BundlePart>())
        {
            var layers = bundle.RestoreLayers();
            for (var i = 0; i < layers.Count; i++)
            {
                yield return (layers[i].SizeBytes, i == layers.Count - 1 && bundle.Status == RepoStatus.Succeeded);
            }
        }

        if (entry.Lfs is { ArchiveKey: not null } lfs)
        {
            yield return (lfs.SizeBytes, lfs.Status == RepoStatus.Succeeded);
        }

        if (entry.Metadata is { ArchiveKey: not null } metadata)
        {
            yield return (metadata.SizeBytes, metadata.Status == RepoStatus.Succeeded);
        }
    }

    private static IEnumerable<FailureLine> FailuresOf(RepoEntry entry)
    {
        if (entry.Status == RepoStatus.Failed)
        {
            yield return new FailureLine(entry.Name, "repository", entry.Error ?? "");
        }

        if (entry.Wiki?.Status == RepoStatus.Failed)
        {
            yield return new FailureLine(entry.Name, "wiki", entry.Wiki.Error ?? "");
        }

        if (entry.Lfs?.Status == RepoStatus.Failed)
        {
            yield return new FailureLine(entry.Name, "lfs", entry.Lfs.Error ?? "");
        }

        if (entry.Metadata?.Status == RepoStatus.Failed)
        {
            yield return new FailureLine(entry.Name, "metadata", entry.Metadata.Error ?? "");
        }
    }

    private async Task<IReadOnlyList<DrillFigures>> DrillsAsync(string date, string org, CancellationToken cancellationToken)
    {
        var prefix = BackupLayout.SnapshotPrefix(date, org) + "verify/";
        var drills = new List<DrillFigures>();
        foreach (var name in (await store.ListAsync(prefix, cancellationToken)).Where(n => n.EndsWith(".json", StringComparison.Ordinal)))
        {
            if (await store.ReadAsync(prefix + name, cancellationToken) is not { } content)
            {
                continue;
            }

            var report = await Readable(() => Task.FromResult(CoreJson.Deserialize<VerifyReport>(content.Content, store.Describe(prefix + name))));
            drills.Add(new DrillFigures
            {
                Name = name[..^".json".Length],
                VerifiedAt = report.VerifiedAt,
                Restorable = report.Restorable,
                Checked = report.Checked,
                Passed = report.Passed,
                Failed = report.Failed,
                Failures = report.Results.Where(r => r.Status != VerifyResult.PassedStatus).Select(r => new FailureLine(r.Repo, "restore", r.Error ?? "")).ToList(),
            });
        }

        return drills.OrderBy(d => d.VerifiedAt).ToList();
    }

    /// <summary>A damaged document is one clear line (exit 1), not a stack trace; the page is not written.</summary>
    private static async Task<T> Readable<T>(Func<Task<T>> read)
    {
        try
        {
            return await read();
        }
        catch (InvalidDataException e)
        {
            throw new RunFailedException($"{e.Message} Repair or remove it, then run report again.", e);
        }
    }
}
