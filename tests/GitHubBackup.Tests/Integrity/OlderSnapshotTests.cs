using GitHubBackup.Core.Contracts;

namespace GitHubBackup.Tests.Integrity;

/// <summary>
/// Schema 1 snapshots, written before bundles moved to objects/ (issue 15): a bundle per repository in the snapshot's
/// folder, named <c>&lt;repo&gt;.bundle</c> (before issue 13) or <c>&lt;repo&gt;.&lt;sha256&gt;.bundle</c>, and no
/// "layers". They restore and verify as they did, and the next night copies the bundle once into objects/.
/// </summary>
public sealed class OlderSnapshotTests : IntegrityTest
{
    [Theory]
    [InlineData("old.bundle")]
    [InlineData("old.{sha256}.bundle")]
    public async Task A_schema_1_snapshot_verifies_restores_and_is_carried_into_objects(string olderName)
    {
        var repo = GitHub.CreateRepository("acme", "old", r => r.Commit("main", "a.txt", "1\n").AnnotatedTag("v1", "main", "one"));
        Assert.Equal(0, (await BackupAsync(LocalDest)).ExitCode);
        var manifest = await ManifestAsync(LocalDest);
        var entry = Assert.Single(manifest.Repos);
        var olderKey = BackupLayout.SnapshotPrefix(manifest.Date, "acme") + olderName.Replace("{sha256}", entry.Sha256, StringComparison.Ordinal);
        File.Move(Path.Combine(LocalDest, entry.BundleKey!), Path.Combine(LocalDest, olderKey));
        var older = manifest with { SchemaVersion = 1, Repos = [entry with { BundleKey = olderKey, Layers = null }] };
        await File.WriteAllBytesAsync(Path.Combine(LocalDest, BackupLayout.ManifestKey(manifest.Date, "acme")), CoreJson.Serialize(older));

        await AssertVerifiesAsync(LocalDest);
        Assert.Equal(repo.Refs(), RefsOf(await RestoreAsync(LocalDest, "old")));

        Assert.Equal(0, (await BackupAsync(LocalDest, days: 1)).ExitCode);
        var carried = Assert.Single((await ManifestAsync(LocalDest)).Repos);
        Assert.Equal(RepoStatus.Unchanged, carried.Status);
        Assert.Equal(olderKey, carried.CopiedFrom);
        Assert.Equal(BackupLayout.BundleKey("acme", "old", entry.Sha256!), carried.BundleKey);
        Assert.Equal(carried.BundleKey, Assert.Single(carried.Layers!).Key);
        await AssertVerifiesAsync(LocalDest);
        Assert.Equal(repo.Refs(), RefsOf(await RestoreAsync(LocalDest, "old")));
    }
}
