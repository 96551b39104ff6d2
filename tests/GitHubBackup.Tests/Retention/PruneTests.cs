using Amazon.S3.Model;
using GitHubBackup.Core;
using GitHubBackup.Core.Contracts;
using GitHubBackup.Core.Engine;
using GitHubBackup.Core.GitHub;
using GitHubBackup.Core.Storage;
using GitHubBackup.StandIn;
using GitHubBackup.Tests.EndToEnd;
using GitHubBackup.Tests.Infrastructure;

namespace GitHubBackup.Tests.Retention;

/// <summary>
/// prune through the real command, on a directory and on S3 (moto): dry run by default, and after --yes every kept
/// snapshot still restores and verifies, whatever the deleted ones shared with it (hard links, copies, references).
/// </summary>
public sealed class PruneTests : StandInTest
{
    // Wed 10-28 and Sat 10-31 are in ISO week 44 (October); Mon 11-02, Wed 11-04 and Thu 11-05 in week 45 (November).
    private static readonly string[] Days = ["2026-10-28", "2026-10-31", "2026-11-02", "2026-11-04", "2026-11-05"];
    private static readonly string[] Kept = ["2026-11-05", "2026-11-04", "2026-10-31"];
    private static readonly string[] Deleted = ["2026-11-02", "2026-10-28"];
    private static readonly string[] Policy = ["--keep-daily", "2", "--keep-weekly", "2", "--keep-monthly", "2"];

    private string Dest => Work.Combine("dest");

    /// <summary>
    /// Five nights of the standard corpus plus a repository with a wiki, LFS objects and a release asset; one repository
    /// changes on 11-02 and another on 11-05, so snapshots hold both fresh bundles and unchanged ones carried over.
    /// </summary>
    private async Task BackUpFiveNightsAsync(IBackupStore store)
    {
        StandardCorpus.Create(GitHub, "acme");
        var docs = GitHub.CreateRepository("acme", "docs", r => r.Commit("main", "a", "a").CommitLfs("main", "big.bin", new byte[3000]));
        GitHub.CreateWiki("acme", "docs", w => w.Commit("master", "Home.md", "# Home\n"));
        docs.Metadata.AddRelease("v1.0", ("app.zip", new byte[5000]));
        foreach (var day in Days)
        {
            if (day == "2026-11-02")
            {
                GitHub.Repository("acme", StandardCorpus.Dotted).Mutate(r => r.Commit("main", "b.txt", "changed\n"));
            }

            if (day == "2026-11-05")
            {
                GitHub.Repository("acme", StandardCorpus.Trunk).Mutate(r => r.Commit("trunk", "c.txt", "changed\n"));
            }

            var result = await BackUpOnAsync(store, DateTimeOffset.Parse(day + "T03:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(0, result.Manifest.Totals.Failed);
        }
    }

    private Task<OrgBackupResult> BackUpOnAsync(IBackupStore store, DateTimeOffset day) =>
        InProcessBackup.RunAsync(GitHub, store, Work.Path, day, options => options with { Metadata = true });

    private static Task<RunnerResult> PruneAsync(string from, string? endpoint, params string[] extra) =>
        RunnerProcess.RunAsync(["prune", "--from", from, .. Endpoint(endpoint), .. extra]);

    private static string[] Endpoint(string? endpoint) => endpoint is null ? [] : ["--s3-endpoint", endpoint];

    /// <summary>Every kept snapshot restores in full (wiki, LFS, metadata and assets checked) and verifies.</summary>
    private async Task AssertEveryKeptSnapshotRestoresAsync(string from, string? endpoint)
    {
        foreach (var date in Kept)
        {
            var restore = await RunnerProcess.RunAsync(["restore", "--from", from, .. Endpoint(endpoint), "--org", "acme", "--all", "--date", date, "--to", Work.Combine($"restored-{date}")]);
            Assert.True(restore.ExitCode == 0, $"{date}: {restore}");
            Assert.Equal(StandardCorpus.Names.Count + 1, restore.Stdout.Split('\n').Count(l => l.StartsWith("restored ", StringComparison.Ordinal)));
            Assert.Equal(GitHub.Repository("acme", "docs").Refs(), BackupRoundTripTests.GitRefsOf(Work.Combine($"restored-{date}", "docs.git")));

            var verify = await RunnerProcess.RunAsync(["verify", "--from", from, .. Endpoint(endpoint), "--org", "acme", "--date", date]);
            Assert.True(verify.ExitCode == 0, $"{date}: {verify}");
        }
    }

    private static string[] LocalTree(string dest) =>
        Directory.GetFiles(dest, "*", SearchOption.AllDirectories)
            .Select(f => $"{Path.GetRelativePath(dest, f)} {new FileInfo(f).Length} {File.GetLastWriteTimeUtc(f):O}")
            .Order(StringComparer.Ordinal)
            .ToArray();

    /// <summary>The key from the manifest, whatever the layout names bundles by.</summary>
    private static async Task<string> BundleKeyAsync(IBackupStore store, string date, string repo) =>
        (await new Core.Restore.SnapshotCatalog(store).ManifestAsync(date, "acme", CancellationToken.None))!.Repos.Single(e => e.Name == repo).BundleKey!;

    private static async Task<bool> ExistsAsync(string bucket, string key)
    {
        using var s3 = MotoServer.Client();
        var listed = await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket, Prefix = key });
        return listed.S3Objects?.Any(o => o.Key == key) == true;
    }

    private static async Task<string[]> BucketVersionsAsync(string bucket)
    {
        using var s3 = MotoServer.Client();
        var versions = await s3.ListVersionsAsync(new ListVersionsRequest { BucketName = bucket });
        return (versions.Versions ?? []).Select(v => $"{v.Key} {v.VersionId} {v.IsDeleteMarker}").Order(StringComparer.Ordinal).ToArray();
    }

    [Fact]
    public async Task A_dry_run_shows_what_goes_and_what_stays_and_writes_nothing()
    {
        await BackUpFiveNightsAsync(new LocalDirectoryStore(Dest));
        var before = LocalTree(Dest);

        var dryRun = await PruneAsync(Dest, null, Policy);

        Assert.True(dryRun.ExitCode == 0, dryRun.ToString());
        Assert.Equal(before, LocalTree(Dest));
        Assert.Contains("keep   2026-11-05 acme (daily, weekly, monthly)", dryRun.Stdout, StringComparison.Ordinal);
        Assert.Contains("keep   2026-11-04 acme (daily)", dryRun.Stdout, StringComparison.Ordinal);
        Assert.Contains("keep   2026-10-31 acme (weekly, monthly)", dryRun.Stdout, StringComparison.Ordinal);
        Assert.All(Deleted, date => Assert.Contains($"delete {date} acme (", dryRun.Stdout, StringComparison.Ordinal));
        Assert.Contains("Would delete 2 snapshot(s)", dryRun.Stdout, StringComparison.Ordinal);
        Assert.Contains("Nothing was deleted: run again with --yes", dryRun.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task On_a_directory_prune_deletes_the_snapshots_outside_the_policy_and_every_kept_one_still_restores()
    {
        await BackUpFiveNightsAsync(new LocalDirectoryStore(Dest));

        var prune = await PruneAsync(Dest, null, [.. Policy, "--yes"]);

        Assert.True(prune.ExitCode == 0, prune.ToString());
        Assert.Contains("Deleted 2 snapshot(s)", prune.Stdout, StringComparison.Ordinal);
        // Snapshot folders are the dated ones; the staging folder beside them (.staging) is no snapshot.
        var dates = Directory.GetDirectories(Path.Combine(Dest, BackupLayout.Root)).Select(Path.GetFileName).Where(name => BackupLayout.IsDate(name!)).Order(StringComparer.Ordinal);
        Assert.Equal(Kept.Order(StringComparer.Ordinal), dates);
        await AssertEveryKeptSnapshotRestoresAsync(Dest, null);

        var again = await PruneAsync(Dest, null, [.. Policy, "--yes"]);
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Contains("Deleted 0 snapshot(s)", again.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_shared_object_a_kept_snapshot_names_stays_and_one_only_deleted_snapshots_name_goes()
    {
        await BackUpFiveNightsAsync(new LocalDirectoryStore(Dest));
        // Every night names the same object for an unchanged repository (issue 15): the one 10-31 (kept) names is 10-28's.
        var sharedKey = await BundleKeyAsync(new LocalDirectoryStore(Dest), "2026-10-28", StandardCorpus.Binary);
        Assert.Equal(sharedKey, await BundleKeyAsync(new LocalDirectoryStore(Dest), "2026-10-31", StandardCorpus.Binary));
        // And an object under objects/ that only the deleted 10-28 names (as a bundle replaced by consolidation would be).
        var manifestPath = Path.Combine(Dest, BackupLayout.ManifestKey("2026-10-28", "acme"));
        var manifest = CoreJson.Deserialize<BackupManifest>(File.ReadAllBytes(manifestPath), manifestPath);
        var entry = manifest.Repos.Single(e => e.Name == StandardCorpus.ManyRefs);
        var goneKey = BackupLayout.BundleKey("acme", StandardCorpus.ManyRefs, new string('e', 64));
        File.Copy(Path.Combine(Dest, entry.BundleKey!), Path.Combine(Dest, goneKey));
        var replaced = entry with { BundleKey = goneKey, Layers = [entry.Layers!.Single() with { Key = goneKey }] };
        await File.WriteAllBytesAsync(manifestPath, CoreJson.Serialize(manifest with { Repos = manifest.Repos.Select(e => e.Name == entry.Name ? replaced : e).ToList() }));

        var prune = await PruneAsync(Dest, null, [.. Policy, "--yes"]);

        Assert.True(prune.ExitCode == 0, prune.ToString());
        Assert.True(File.Exists(Path.Combine(Dest, sharedKey)));
        Assert.True(File.Exists(Path.Combine(Dest, entry.BundleKey!)));
        Assert.False(File.Exists(Path.Combine(Dest, BackupLayout.ManifestKey("2026-10-28", "acme"))));
        Assert.False(File.Exists(Path.Combine(Dest, goneKey)));
        await AssertEveryKeptSnapshotRestoresAsync(Dest, null);
    }

    [Fact]
    public async Task On_s3_a_dry_run_writes_nothing_and_prune_deletes_by_reference_and_kept_snapshots_restore()
    {
        var bucket = await MotoServer.CreateBucketAsync(versioned: false);
        using var s3 = MotoServer.Client();
        await BackUpFiveNightsAsync(new S3Store(s3, bucket, "nightly"));
        var from = $"s3://{bucket}/nightly";
        var before = await BucketVersionsAsync(bucket);

        var dryRun = await PruneAsync(from, MotoServer.Endpoint, Policy);

        Assert.True(dryRun.ExitCode == 0, dryRun.ToString());
        Assert.Equal(before, await BucketVersionsAsync(bucket));

        var prune = await PruneAsync(from, MotoServer.Endpoint, [.. Policy, "--yes"]);

        Assert.True(prune.ExitCode == 0, prune.ToString());
        var left = await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket, Prefix = "nightly/" });
        var store = new S3Store(s3, bucket, "nightly");
        var keptReferences = new HashSet<string>(StringComparer.Ordinal);
        foreach (var date in Kept)
        {
            var kept = await new Core.Restore.SnapshotCatalog(store).ManifestAsync(date, "acme", CancellationToken.None);
            keptReferences.UnionWith((await Core.Retention.SnapshotReferences.OfAsync(store, kept!, kept: true, CancellationToken.None)).Keys.Select(k => "nightly/" + k));
        }

        // What is left is a kept snapshot's folder or an object a kept snapshot names: nothing else.
        Assert.All(left.S3Objects, o => Assert.True(
            Kept.Any(date => o.Key.StartsWith($"nightly/github-backup/{date}/", StringComparison.Ordinal)) || keptReferences.Contains(o.Key), o.Key));
        await AssertEveryKeptSnapshotRestoresAsync(from, MotoServer.Endpoint);
    }

    [Fact]
    public async Task A_delete_the_store_refuses_is_reported_by_object_exits_1_and_loses_nothing_else()
    {
        // S3 answers 403 AccessDenied to a DeleteObject that Object Lock (a version under retention or legal hold) or a
        // bucket policy denies (docs.aws.amazon.com/AmazonS3/latest/userguide/object-lock-managing.html); the proxy answers so.
        var bucket = await MotoServer.CreateBucketAsync(versioned: false);
        using var s3 = MotoServer.Client();
        await BackUpFiveNightsAsync(new S3Store(s3, bucket, ""));
        await using var proxy = await S3FaultProxy.StartAsync();
        // An object of the 10-28 snapshot alone: its metadata archive (bundles are shared with kept snapshots).
        var locked = (await new Core.Restore.SnapshotCatalog(new S3Store(s3, bucket, "")).ManifestAsync("2026-10-28", "acme", CancellationToken.None))!
            .Repos.Single(e => e.Name == "docs").Metadata!.ArchiveKey!;
        proxy.Fail("DELETE", $"^/{bucket}/{System.Text.RegularExpressions.Regex.Escape(locked)}$", 403, times: 100);

        var prune = await PruneAsync($"s3://{bucket}", proxy.Endpoint, [.. Policy, "--yes"]);

        Assert.True(prune.ExitCode == 1, prune.ToString());
        Assert.Contains($"refused: s3://{bucket}/{locked}: AccessDenied", prune.Stderr, StringComparison.Ordinal);
        Assert.Single(prune.Stderr.Split('\n'), l => l.StartsWith("refused: ", StringComparison.Ordinal));
        Task<bool> Exists(string key) => ExistsAsync(bucket, key);
        Assert.True(await Exists(locked));
        Assert.True(await Exists(BackupLayout.ManifestKey("2026-10-28", "acme")));
        Assert.False(await Exists(BackupLayout.ManifestKey("2026-11-02", "acme")));
        await AssertEveryKeptSnapshotRestoresAsync($"s3://{bucket}", MotoServer.Endpoint);

        var afterUnlock = await PruneAsync($"s3://{bucket}", MotoServer.Endpoint, [.. Policy, "--yes"]);

        Assert.True(afterUnlock.ExitCode == 0, afterUnlock.ToString());
        Assert.False(await Exists(locked));
        Assert.False(await Exists(BackupLayout.ManifestKey("2026-10-28", "acme")));
    }

    [Theory]
    [InlineData(new string[0], "Give at least one of --keep-daily")]
    [InlineData(new[] { "--keep-daily", "0" }, "never deletes every snapshot")]
    [InlineData(new[] { "--keep-daily", "seven" }, "--keep-daily 'seven' is not a whole number")]
    public async Task A_policy_that_keeps_nothing_or_is_not_a_number_is_refused_and_nothing_is_touched(string[] policy, string message)
    {
        GitHub.CreateRepository("acme", "a", r => r.Commit("main", "a", "1"));
        await BackUpOnAsync(new LocalDirectoryStore(Dest), DateTimeOffset.Parse("2026-11-01T03:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var before = LocalTree(Dest);

        var prune = await PruneAsync(Dest, null, [.. policy, "--yes"]);

        Assert.True(prune.ExitCode == 2, prune.ToString());
        Assert.Contains(message, prune.Stderr, StringComparison.Ordinal);
        Assert.Single(prune.Stderr.Trim().Split('\n'));
        Assert.Equal(before, LocalTree(Dest));
    }

    [Fact]
    public async Task A_snapshot_the_policy_drops_stays_while_it_holds_a_repositorys_newest_backup()
    {
        var store = new LocalDirectoryStore(Dest);
        GitHub.CreateRepository("acme", "steady", r => r.Commit("main", "a", "1"));
        var flaky = GitHub.CreateRepository("acme", "flaky", r => r.Commit("main", "a", "1"));
        await BackUpOnAsync(store, DateTimeOffset.Parse("2026-11-04T03:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        // The next night the repository changes and cannot be cloned: the newer snapshot has no backup of it.
        flaky.Mutate(r => r.Commit("main", "b", "2"));
        GitHub.Faults.FailClone("acme", "flaky", times: null);
        var night = await BackUpOnAsync(store, DateTimeOffset.Parse("2026-11-05T03:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(RepoStatus.Failed, night.Manifest.Repos.Single(e => e.Name == "flaky").Status);

        var prune = await PruneAsync(Dest, null, "--keep-daily", "1", "--yes");

        Assert.True(prune.ExitCode == 0, prune.ToString());
        Assert.Contains("keep   2026-11-04 acme (newest backup of 1 repository)", prune.Stdout, StringComparison.Ordinal);
        var restore = await RunnerProcess.RunAsync(["restore", "--from", Dest, "--org", "acme", "--repo", "flaky", "--date", "2026-11-04", "--to", Work.Combine("restored")]);
        Assert.True(restore.ExitCode == 0, restore.ToString());
    }

    [Fact]
    public async Task A_destination_without_snapshots_is_an_error_not_nothing_to_do()
    {
        var empty = Directory.CreateDirectory(Work.Combine("empty")).FullName;

        var prune = await PruneAsync(empty, null, "--keep-daily", "7");
        var typo = await PruneAsync(Work.Combine("typo"), null, "--keep-daily", "7");

        Assert.True(prune.ExitCode == 2, prune.ToString());
        Assert.Contains("There are no snapshots in", prune.Stderr, StringComparison.Ordinal);
        Assert.True(typo.ExitCode == 2, typo.ToString());
        Assert.Contains("does not exist", typo.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Work.Combine("typo")));
    }
}
