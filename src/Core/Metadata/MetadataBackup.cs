using System.IO.Compression;
using System.Text.Json;
using GitHubBackup.Core.Contracts;
using GitHubBackup.Core.Engine;
using GitHubBackup.Core.GitHub;
using GitHubBackup.Core.Storage;

namespace GitHubBackup.Core.Metadata;

/// <summary>
/// A repository's issues, pull requests, releases, labels and milestones into one archive per snapshot. After a
/// complete archive, a run asks only for what changed since it (issues and comments with <c>since</c>, pull requests
/// newest-updated first until older ones come) and merges that into the previous archive, so each snapshot's archive
/// is complete on its own. When the API budget runs low, repositories not yet fetched keep their last archive
/// ("deferred") and come first next run, instead of the run failing or waiting an hour.
/// </summary>
public sealed class MetadataBackup(IGitHubRest github, IBackupStore store, IClock clock, MetadataOptions options)
{
    public async Task<MetadataPart> RunAsync(SourceRepository repository, SnapshotTarget target, MetadataPart? previous, CancellationToken cancellationToken)
    {
        var key = BackupLayout.MetadataArchiveKey(target.Date, target.Org, repository.Name);
        var requestsBefore = github.Requests;
        try
        {
            var earlier = previous is { ArchiveKey: not null, FetchedAt: not null } && previous.Status != RepoStatus.Failed
                ? await ReadAsync(previous, cancellationToken)
                : null;
            var fetchedAt = clock.UtcNow;
            var notAvailable = new List<string>();
            var archive = await FetchAsync(repository, target, earlier, fetchedAt, notAvailable, cancellationToken);
            var (stored, sha256) = await WriteAsync(key, archive, cancellationToken);
            return new MetadataPart
            {
                Status = RepoStatus.Succeeded,
                ArchiveKey = key,
                ArchiveVersionId = stored.VersionId,
                SizeBytes = stored.Size,
                Sha256 = sha256,
                FetchedAt = fetchedAt,
                ChangesSince = earlier?.FetchedAt,
                Issues = archive.Issues.Count,
                Pulls = archive.Pulls.Count,
                Releases = archive.Releases.Count,
                Assets = archive.Releases.Sum(r => r.Assets.Count(a => a.Key is not null)),
                AssetsSkipped = archive.Releases.Sum(r => r.Assets.Count(a => a.Skipped is not null)),
                Requests = github.Requests - requestsBefore,
                NotAvailable = notAvailable.Count == 0 ? null : notAvailable,
            };
        }
        catch (BudgetLowException)
        {
            return await DeferAsync(previous, key, cancellationToken);
        }
        catch (Exception e) when (e is RunFailedException or HttpRequestException or JsonException or IOException or Amazon.Runtime.AmazonServiceException)
        {
            return new MetadataPart { Status = RepoStatus.Failed, Error = e.Message, Requests = github.Requests - requestsBefore };
        }
    }

    /// <summary>Reads a stored archive (also what verify does), checking it against the manifest's size and SHA-256.</summary>
    public static async Task<MetadataArchive> ReadArchiveAsync(IBackupStore store, MetadataPart part, CancellationToken cancellationToken)
    {
        await using var stored = await store.OpenReadAsync(part.ArchiveKey!, part.ArchiveVersionId, cancellationToken)
            ?? throw new InvalidDataException($"{store.Describe(part.ArchiveKey!)} is missing, though the manifest lists it.");
        await using var hashing = new HashingReadStream(stored);
        using var json = new MemoryStream();
        await using (var gzip = new GZipStream(hashing, CompressionMode.Decompress, leaveOpen: true))
        {
            await gzip.CopyToAsync(json, cancellationToken);
        }

        await hashing.DrainAsync(cancellationToken);
        if (hashing.BytesRead != part.SizeBytes || hashing.Sha256 != part.Sha256)
        {
            throw new InvalidDataException(
                $"{store.Describe(part.ArchiveKey!)} is {hashing.BytesRead} bytes with SHA-256 {hashing.Sha256}; the manifest recorded {part.SizeBytes} bytes with {part.Sha256}.");
        }

        return CoreJson.Deserialize<MetadataArchive>(json.ToArray(), store.Describe(part.ArchiveKey!));
    }

    private async Task<MetadataArchive?> ReadAsync(MetadataPart previous, CancellationToken cancellationToken)
    {
        try
        {
            return await ReadArchiveAsync(store, previous, cancellationToken);
        }
        catch (Exception e) when (e is InvalidDataException || StorageFailures.IsMissing(e))
        {
            // Gone or damaged: this run fetches everything again.
            return null;
        }
    }

    private async Task<MetadataPart> DeferAsync(MetadataPart? previous, string key, CancellationToken cancellationToken)
    {
        if (previous?.ArchiveKey is null)
        {
            return new MetadataPart { Status = MetadataStatus.Deferred, Error = "Not fetched yet: the API budget ran low; the next run fetches it first." };
        }

        var copied = previous.ArchiveKey == key
            ? new StoredObject(previous.SizeBytes, previous.ArchiveVersionId)
            : await store.CopyAsync(previous.ArchiveKey, previous.ArchiveVersionId, key, cancellationToken);
        return previous with { Status = MetadataStatus.Deferred, ArchiveKey = key, ArchiveVersionId = copied.VersionId, Requests = 0, Error = null };
    }

    /// <param name="notAvailable">Gets the name of each list GitHub answered 404 or 410 for; what an earlier archive held of it is kept.</param>
    private async Task<MetadataArchive> FetchAsync(
        SourceRepository repository, SnapshotTarget target, MetadataArchive? earlier, DateTimeOffset fetchedAt, List<string> notAvailable, CancellationToken cancellationToken)
    {
        async Task<T> PartAsync<T>(string part, T fallback, Func<Task<T>> fetch)
        {
            try
            {
                return await fetch();
            }
            catch (GitHubNotAvailableException)
            {
                notAvailable.Add(part);
                return fallback;
            }
        }

        var repo = $"repos/{repository.Owner}/{repository.Name}";
        var since = earlier?.FetchedAt;
        var sinceQuery = since is { } s ? $"&since={Uri.EscapeDataString(s.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture))}" : "";

        var issues = (earlier?.Issues ?? []).ToDictionary(i => Number(i.Issue));
        var comments = await PartAsync("issues", new List<JsonElement>(), async () =>
        {
            await foreach (var issue in ListAsync($"{repo}/issues?state=all&sort=updated&direction=asc{sinceQuery}", null, cancellationToken))
            {
                issues[Number(issue)] = new IssueRecord { Issue = issue, Comments = issues.TryGetValue(Number(issue), out var known) ? known.Comments : [] };
            }

            var fetched = new List<JsonElement>();
            await foreach (var comment in ListAsync($"{repo}/issues/comments?sort=updated&direction=asc{sinceQuery}", null, cancellationToken))
            {
                fetched.Add(comment);
            }

            return fetched;
        });

        foreach (var group in comments.GroupBy(c => IssueNumberOf(c)))
        {
            if (issues.TryGetValue(group.Key, out var record))
            {
                var byId = record.Comments.ToDictionary(Id);
                foreach (var comment in group)
                {
                    byId[Id(comment)] = comment;
                }

                issues[group.Key] = record with { Comments = byId.Values.OrderBy(Id).ToList() };
            }
        }

        var pulls = (earlier?.Pulls ?? []).ToDictionary(p => Number(p.Pull));
        await PartAsync("pulls", true, async () =>
        {
            await foreach (var pull in ListAsync($"{repo}/pulls?state=all&sort=updated&direction=desc", p => since is null || UpdatedAt(p) >= since, cancellationToken))
            {
                var number = Number(pull);
                pulls[number] = new PullRecord
                {
                    Pull = pull,
                    Reviews = await AllOrNoneAsync($"{repo}/pulls/{number}/reviews", cancellationToken),
                    ReviewComments = await AllOrNoneAsync($"{repo}/pulls/{number}/comments", cancellationToken),
                    Commits = await AllOrNoneAsync($"{repo}/pulls/{number}/commits", cancellationToken),
                };
            }

            return true;
        });

        var earlierAssets = (earlier?.Releases ?? []).SelectMany(r => r.Assets).ToDictionary(a => a.Id);
        var releases = new List<ReleaseRecord>();
        foreach (var release in await PartAsync("releases", (IReadOnlyList<JsonElement>)[], () => AllAsync($"{repo}/releases", cancellationToken)))
        {
            var assets = new List<AssetRecord>();
            foreach (var asset in release.TryGetProperty("assets", out var list) ? list.EnumerateArray() : default)
            {
                assets.Add(await AssetAsync(repository, target, asset, earlierAssets, cancellationToken));
            }

            releases.Add(new ReleaseRecord { Release = release, Assets = assets });
        }

        return new MetadataArchive
        {
            Repo = repository.FullName,
            FetchedAt = fetchedAt,
            Issues = issues.Values.OrderBy(i => Number(i.Issue)).ToList(),
            Pulls = pulls.Values.OrderBy(p => Number(p.Pull)).ToList(),
            Releases = releases,
            Labels = await PartAsync("labels", earlier?.Labels ?? [], () => AllAsync($"{repo}/labels", cancellationToken)),
            Milestones = await PartAsync("milestones", earlier?.Milestones ?? [], () => AllAsync($"{repo}/milestones?state=all", cancellationToken)),
        };
    }

    /// <summary>An asset under the size limit is stored (copied from the last snapshot when it has not changed); a larger one is recorded as skipped.</summary>
    private async Task<AssetRecord> AssetAsync(
        SourceRepository repository, SnapshotTarget target, JsonElement asset, Dictionary<long, AssetRecord> earlier, CancellationToken cancellationToken)
    {
        var id = asset.GetProperty("id").GetInt64();
        var record = new AssetRecord
        {
            Id = id,
            Name = asset.GetProperty("name").GetString() ?? "asset",
            Size = asset.GetProperty("size").GetInt64(),
            UpdatedAt = asset.TryGetProperty("updated_at", out var updated) ? updated.GetString() : null,
        };
        if (record.Size > options.MaxAssetBytes)
        {
            return record with { Skipped = $"larger than the {options.MaxAssetBytes / 1048576} MiB limit" };
        }

        var key = BackupLayout.ReleaseAssetKey(target.Date, target.Org, repository.Name, id, record.Name);
        if (earlier.TryGetValue(id, out var known) && known.Key is not null && known.UpdatedAt == record.UpdatedAt)
        {
            if (known.Key != key)
            {
                await store.CopyAsync(known.Key, null, key, cancellationToken);
            }

            return record with { Key = key, Sha256 = known.Sha256 };
        }

        await using var download = new HashingReadStream(await github.DownloadAssetAsync(repository.Owner, repository.Name, id, cancellationToken));
        var stored = await store.PutAsync(key, download, cancellationToken);
        return stored.Size == record.Size
            ? record with { Key = key, Sha256 = download.Sha256 }
            : throw new IOException($"Release asset {record.Name} of {repository.FullName}: {stored.Size} bytes arrived, GitHub lists {record.Size}.");
    }

    private async Task<IReadOnlyList<JsonElement>> AllAsync(string pathAndQuery, CancellationToken cancellationToken)
    {
        var items = new List<JsonElement>();
        await foreach (var item in ListAsync(pathAndQuery, null, cancellationToken))
        {
            items.Add(item);
        }

        return items;
    }

    /// <summary>A pull request's reviews, comments or commits: one the API no longer shows has none to keep.</summary>
    private async Task<IReadOnlyList<JsonElement>> AllOrNoneAsync(string pathAndQuery, CancellationToken cancellationToken)
    {
        try
        {
            return await AllAsync(pathAndQuery, cancellationToken);
        }
        catch (GitHubNotAvailableException)
        {
            return [];
        }
    }

    /// <summary>
    /// Every list starts only while the budget is above the reserve, so concurrent repositories stop together when it
    /// runs low; a repository stopped part-way keeps its last archive rather than storing a partial one.
    /// </summary>
    private IAsyncEnumerable<JsonElement> ListAsync(string pathAndQuery, Func<JsonElement, bool>? takeWhile, CancellationToken cancellationToken) =>
        github.RateLimit.Remaining < options.ReserveRequests
            ? throw new BudgetLowException()
            : github.ListAsync(pathAndQuery, takeWhile, cancellationToken);

    private sealed class BudgetLowException : Exception;

    private async Task<(StoredObject Stored, string Sha256)> WriteAsync(string key, MetadataArchive archive, CancellationToken cancellationToken)
    {
        using var compressed = new MemoryStream();
        await using (var gzip = new GZipStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            await gzip.WriteAsync(CoreJson.Serialize(archive), cancellationToken);
        }

        compressed.Position = 0;
        await using var hashing = new HashingReadStream(compressed);
        var stored = await store.PutAsync(key, hashing, cancellationToken);
        return (stored, hashing.Sha256);
    }

    private static long Number(JsonElement item) => item.GetProperty("number").GetInt64();

    private static long Id(JsonElement item) => item.GetProperty("id").GetInt64();

    private static DateTimeOffset UpdatedAt(JsonElement item) => item.GetProperty("updated_at").GetDateTimeOffset();

    /// <summary>An issue comment names its issue by URL (…/issues/NUMBER).</summary>
    private static long IssueNumberOf(JsonElement comment) =>
        long.Parse(comment.GetProperty("issue_url").GetString()!.Split('/')[^1], System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>What metadata a run fetches, and how much of the API budget it leaves alone.</summary>
public sealed record MetadataOptions
{
    /// <summary>Release assets larger than this are recorded but not stored.</summary>
    public long MaxAssetBytes { get; init; } = 100L << 20;

    /// <summary>Below this many remaining API requests, no new repository's metadata is fetched this run.</summary>
    public long ReserveRequests { get; init; } = 500;
}

public static class MetadataStatus
{
    public const string Deferred = "deferred";
}
