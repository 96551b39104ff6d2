using GitHubBackup.Core.Contracts;

namespace GitHubBackup.Tests.Integrity;

/// <summary>Snapshots written before bundles were named by their content (<c>&lt;repo&gt;.bundle</c>) restore, verify and are carried on.</summary>
public sealed class OlderSnapshotTests : IntegrityTest
{
    [Fact]
    public async Task A_snapshot_in_the_older_layout_verifies_restores_and_is_carried_into_the_new_one()
    {
        var repo = GitHub.CreateRepository("acme", "old", r => r.Commit("main", "a.txt", "1\n").AnnotatedTag("v1", "main", "one"));
        Assert.Equal(0, (await BackupAsync(LocalDest)).ExitCode);
        var manifest = await ManifestAsync(LocalDest);
        var entry = Assert.Single(manifest.Repos);
        var olderKey = BackupLayout.SnapshotPrefix(manifest.Date, "acme") + "old.bundle";
        File.Move(Path.Combine(LocalDest, entry.BundleKey!), Path.Combine(LocalDest, olderKey));
        var older = manifest with { Repos = [entry with { BundleKey = olderKey }] };
        await File.WriteAllBytesAsync(Path.Combine(LocalDest, BackupLayout.ManifestKey(manifest.Date, "acme")), CoreJson.Serialize(older));

        await AssertVerifiesAsync(LocalDest);
        Assert.Equal(repo.Refs(), RefsOf(await RestoreAsync(LocalDest, "old")));

        Assert.Equal(0, (await BackupAsync(LocalDest, days: 1)).ExitCode);
        var carried = Assert.Single((await ManifestAsync(LocalDest)).Repos);
        Assert.Equal(RepoStatus.Unchanged, carried.Status);
        Assert.Equal(olderKey, carried.CopiedFrom);
        Assert.EndsWith($"/old.{entry.Sha256}.bundle", carried.BundleKey, StringComparison.Ordinal);
        await AssertVerifiesAsync(LocalDest);
    }
}
