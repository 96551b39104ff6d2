using GitHubBackup.Core.Contracts;

namespace GitHubBackup.Tests.Integrity;

/// <summary>
/// Issue 13, finding 6: the cleanup of a killed writer's partial files matched by name prefix, so a repository
/// named <c>.NAME.bundle.partial-x</c> (a valid GitHub name) lost its bundle whenever NAME was written again that
/// day. Now temporary objects live where no repository name can reach (the store's own folder, the staging
/// folder outside every snapshot; names cannot contain '/'). Issue 14, trap 8: every snapshot held an empty
/// <c>manifest.json.lock</c>; lock files now live in the store's own folder too.
/// </summary>
public sealed class SnapshotNamesTests : IntegrityTest
{
    [Fact]
    public async Task Repositories_named_like_temporary_files_keep_their_bundles_when_their_namesakes_are_written_again()
    {
        var victim = GitHub.CreateRepository("acme", "victim", r => r.Commit("main", "a.txt", "1\n"));
        string[] crafted = [".victim.bundle.partial-x", ".manifest.json.partial-1", ".victim.bundle.partial-1-2"];
        var craftedRepos = crafted.Select(name => GitHub.CreateRepository("acme", name, r => r.Commit("main", "c.txt", name))).ToList();
        Assert.Equal(0, (await BackupAsync(LocalDest)).ExitCode);

        victim.Mutate(r => r.Commit("main", "a.txt", "2\n"));
        var again = await BackupAsync(LocalDest);

        Assert.True(again.ExitCode == 0, again.ToString());
        await AssertVerifiesAsync(LocalDest);
        foreach (var repo in craftedRepos)
        {
            Assert.Equal(repo.Refs(), RefsOf(await RestoreAsync(LocalDest, repo.Name)));
        }
    }

    [Fact]
    public async Task A_snapshot_folder_holds_its_manifest_and_objects_holds_the_bundles_it_names_and_nothing_else()
    {
        GitHub.CreateRepository("acme", "one", r => r.Commit("main", "a.txt", "1\n"));
        GitHub.CreateRepository("acme", "two", r => r.Commit("main", "a.txt", "2\n"));
        Assert.Equal(0, (await BackupAsync(LocalDest)).ExitCode);
        Assert.Equal(0, (await BackupAsync(LocalDest)).ExitCode);

        var manifest = await ManifestAsync(LocalDest);
        var snapshot = Path.Combine(LocalDest, BackupLayout.SnapshotPrefix(manifest.Date, "acme"));
        Assert.Equal(["manifest.json"], Directory.GetFileSystemEntries(snapshot).Select(Path.GetFileName));
        var objects = Path.Combine(LocalDest, BackupLayout.Root, BackupLayout.ObjectsFolder);
        var expected = manifest.Repos.SelectMany(e => e.Main().RestoreLayers()).Select(l => l.Key).Order(StringComparer.Ordinal);
        Assert.Equal(expected, Directory.GetFiles(objects, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(LocalDest, f)).Order(StringComparer.Ordinal));
    }
}
