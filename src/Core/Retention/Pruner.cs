using Amazon.Runtime;
using GitHubBackup.Core.Contracts;
using GitHubBackup.Core.Restore;
using GitHubBackup.Core.Storage;

namespace GitHubBackup.Core.Retention;

/// <summary>
/// Applies a retention policy to a destination. What goes is decided by reference, not by folder: an object under a
/// deleted snapshot's prefix, or under objects/ and named by a deleted snapshot, is deleted only when no kept
/// snapshot's manifest names it; nothing else is touched. A snapshot's manifest is deleted last, and only once everything else of it is gone,
/// so an interrupted or refused prune leaves a snapshot the next prune finds again.
/// </summary>
public sealed class Pruner(IBackupStore store)
{
    private readonly SnapshotCatalog _catalog = new(store);

    /// <summary>The plan for <paramref name="org"/>, or for every org of the destination; reads, never writes.</summary>
    public async Task<PrunePlan> PlanAsync(string? org, RetentionPolicy policy, CancellationToken cancellationToken)
    {
        var manifests = await ManifestsAsync(org, cancellationToken);
        if (manifests.Count == 0)
        {
            throw new ConfigurationException(
                $"There are no snapshots{(org is null ? "" : $" of '{org}'")} in {store.Describe(BackupLayout.Root)}; check --from{(org is null ? "" : " and --org")} (run 'github-backup list').");
        }

        var snapshots = new List<SnapshotPlan>();
        foreach (var byOrg in manifests.GroupBy(m => m.Manifest.Org, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var decisions = RetentionPlan.Decide(byOrg.Select(m => DateOnly.ParseExact(m.Date, BackupLayout.DateFormat)), policy)
                .ToDictionary(d => d.Date.ToString(BackupLayout.DateFormat, System.Globalization.CultureInfo.InvariantCulture));
            KeepEachRepositorysNewestBackup(byOrg.ToList(), decisions);
            var kept = byOrg.Where(m => decisions[m.Date].Keep).ToList();
            var needed = new Dictionary<string, RecordedObject>(StringComparer.Ordinal);
            foreach (var snapshot in kept)
            {
                foreach (var (key, recorded) in await SnapshotReferences.OfAsync(store, snapshot.Manifest, kept: true, cancellationToken))
                {
                    needed[key] = recorded;
                }
            }

            var keptContent = needed.Values.Select(r => r.Sha256).OfType<string>().ToHashSet(StringComparer.Ordinal);
            var shared = await SharedObjectsToDeleteAsync(byOrg.Where(m => !decisions[m.Date].Keep), needed, cancellationToken);
            foreach (var snapshot in byOrg.OrderByDescending(m => m.Date, StringComparer.Ordinal))
            {
                var plan = new SnapshotPlan(byOrg.Key, snapshot.Date, decisions[snapshot.Date], BackupLayout.ManifestKey(snapshot.Date, byOrg.Key), snapshot.ManifestBytes);
                snapshots.Add(plan.Decision.Keep ? plan : await DeletionAsync(plan, snapshot.Manifest, needed, keptContent, shared.GetValueOrDefault(snapshot.Date) ?? [], cancellationToken));
            }
        }

        return new PrunePlan(policy, snapshots);
    }

    /// <summary>Deletes what the plan deletes; a refused delete is recorded and the rest goes on.</summary>
    public async Task<PruneResult> ExecuteAsync(PrunePlan plan, CancellationToken cancellationToken)
    {
        var deleted = 0;
        var snapshotsDeleted = new List<string>();
        var refused = new List<RefusedDelete>();
        foreach (var snapshot in plan.Deleted)
        {
            var refusedBefore = refused.Count;
            foreach (var item in snapshot.Objects)
            {
                if (await TryDeleteAsync(item.Key, refused, cancellationToken))
                {
                    deleted++;
                }
            }

            if (refused.Count == refusedBefore && await TryDeleteAsync(snapshot.ManifestKey, refused, cancellationToken))
            {
                deleted++;
                snapshotsDeleted.Add($"{snapshot.Date}/{snapshot.Org}");
                if (store is LocalDirectoryStore local)
                {
                    EmptySnapshotFolders.Remove(local, snapshot.Date, snapshot.Org);
                }
            }
        }

        return new PruneResult(deleted, snapshotsDeleted, refused);
    }

    private async Task<bool> TryDeleteAsync(string key, List<RefusedDelete> refused, CancellationToken cancellationToken)
    {
        try
        {
            await store.DeleteAsync(key, cancellationToken);
            return true;
        }
        catch (Exception e) when (e is AmazonServiceException or IOException or UnauthorizedAccessException or HttpRequestException)
        {
            refused.Add(new RefusedDelete(key, store.Describe(key), e is AmazonServiceException s && s.ErrorCode is { Length: > 0 } code ? $"{code}: {FirstLine(e.Message)}" : FirstLine(e.Message)));
            return false;
        }
    }

    /// <summary>
    /// Objects under objects/ that deleted snapshots name and no kept one does, each given to the oldest deleted snapshot
    /// naming it: deletions run newest first, so every manifest still in the store names only objects still there.
    /// </summary>
    private async Task<Dictionary<string, List<string>>> SharedObjectsToDeleteAsync(
        IEnumerable<(string Date, BackupManifest Manifest, long ManifestBytes)> deleted, Dictionary<string, RecordedObject> needed, CancellationToken cancellationToken)
    {
        var assigned = new HashSet<string>(StringComparer.Ordinal);
        var byDate = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var snapshot in deleted.OrderBy(m => m.Date, StringComparer.Ordinal))
        {
            var references = await SnapshotReferences.OfAsync(store, snapshot.Manifest, kept: false, cancellationToken);
            byDate[snapshot.Date] = references.Keys.Where(key => BackupLayout.IsObjectKey(key) && !needed.ContainsKey(key) && assigned.Add(key)).ToList();
        }

        return byDate;
    }

    private async Task<SnapshotPlan> DeletionAsync(
        SnapshotPlan plan, BackupManifest manifest, Dictionary<string, RecordedObject> needed, HashSet<string> keptContent, IReadOnlyList<string> sharedObjects, CancellationToken cancellationToken)
    {
        var own = await SnapshotReferences.OfAsync(store, manifest, kept: false, cancellationToken);
        var objects = new List<PruneObject>();
        var stillNeeded = new List<string>();
        foreach (var key in (await ObjectsUnderAsync(BackupLayout.SnapshotPrefix(plan.Date, plan.Org), cancellationToken)).Concat(sharedObjects))
        {
            if (key == plan.ManifestKey)
            {
                continue;
            }

            if (needed.ContainsKey(key))
            {
                stillNeeded.Add(key);
                continue;
            }

            var recorded = own.GetValueOrDefault(key);
            objects.Add(new PruneObject(key, recorded?.SizeBytes, recorded?.Sha256 is { } sha && keptContent.Contains(sha)));
        }

        return plan with { Objects = objects, StillNeeded = stillNeeded };
    }

    /// <summary>Every object under a prefix, at any depth (release assets and verify reports sit one level down).</summary>
    private async Task<List<string>> ObjectsUnderAsync(string prefix, CancellationToken cancellationToken)
    {
        var objects = new List<string>();
        foreach (var name in await store.ListAsync(prefix, cancellationToken))
        {
            if (name.EndsWith('/'))
            {
                objects.AddRange(await ObjectsUnderAsync(prefix + name, cancellationToken));
            }
            else
            {
                objects.Add(prefix + name);
            }
        }

        return objects;
    }

    /// <summary>
    /// A snapshot holds only the repositories its runs reached: a <c>--repo</c> run, a run still going or killed, a
    /// repository that failed that night. So the snapshot with a repository's newest good entry is kept whatever the
    /// policy says, and no repository loses its last backup to a newer snapshot that does not have it.
    /// </summary>
    private static void KeepEachRepositorysNewestBackup(
        IReadOnlyList<(string Date, BackupManifest Manifest, long ManifestBytes)> snapshots, Dictionary<string, RetentionDecision> decisions)
    {
        var newest = snapshots
            .SelectMany(s => s.Manifest.Repos.Where(e => RepoStatus.IsGood(e.Status)).Select(e => (e.Name, s.Date)))
            .GroupBy(e => e.Name, StringComparer.OrdinalIgnoreCase)
            .Select(repository => repository.Select(e => e.Date).Max(StringComparer.Ordinal)!)
            .CountBy(date => date);
        foreach (var (date, repositories) in newest.Where(n => !decisions[n.Key].Keep))
        {
            decisions[date] = decisions[date] with { KeptBy = [$"newest backup of {repositories} {(repositories == 1 ? "repository" : "repositories")}"] };
        }
    }

    private async Task<List<(string Date, BackupManifest Manifest, long ManifestBytes)>> ManifestsAsync(string? org, CancellationToken cancellationToken)
    {
        var manifests = new List<(string, BackupManifest, long)>();
        foreach (var date in await _catalog.DatesAsync(cancellationToken))
        {
            foreach (var name in org is null ? await _catalog.OrgsAsync(date, cancellationToken) : [org])
            {
                var key = BackupLayout.ManifestKey(date, name);
                if (await store.ReadAsync(key, cancellationToken) is not { } content)
                {
                    continue;
                }

                BackupManifest manifest;
                try
                {
                    manifest = CoreJson.Deserialize<BackupManifest>(content.Content, store.Describe(key));
                }
                catch (InvalidDataException e)
                {
                    throw new RunFailedException($"{e.Message} Without it prune cannot tell what that snapshot needs; nothing was deleted.", e);
                }

                manifests.Add((date, manifest with { Org = name }, content.Content.LongLength));
            }
        }

        return manifests;
    }

    private static string FirstLine(string text) => text.Split('\n', 2)[0].Trim();
}
