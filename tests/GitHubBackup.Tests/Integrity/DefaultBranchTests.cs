using GitHubBackup.Core.Contracts;

namespace GitHubBackup.Tests.Integrity;

/// <summary>
/// Issue 13, finding 7: only refs were compared for "unchanged", so a default-branch change alone was never
/// recorded and the restored HEAD named the old branch. HEAD's target is part of "unchanged": the ref check
/// reads it from the same one request (protocol v0 advertises <c>symref=HEAD:refs/heads/BRANCH</c>).
/// </summary>
public sealed class DefaultBranchTests : IntegrityTest
{
    [Fact]
    public async Task A_default_branch_change_alone_makes_a_new_entry_and_the_restored_head_follows_it()
    {
        var repo = GitHub.CreateRepository("acme", "moved", r => r.Commit("main", "a.txt", "1\n").Branch("dev", "main").Commit("dev", "b.txt", "2\n"));
        Assert.Equal(0, (await BackupAsync(LocalDest)).ExitCode);
        var before = Assert.Single((await ManifestAsync(LocalDest)).Repos);
        Assert.Equal("main", before.DefaultBranch);

        repo.Mutate(r => r.DefaultBranch("dev"));
        var next = await BackupAsync(LocalDest, days: 1);

        Assert.True(next.ExitCode == 0, next.ToString());
        var after = Assert.Single((await ManifestAsync(LocalDest)).Repos);
        Assert.Equal(RepoStatus.Succeeded, after.Status);
        Assert.Equal("dev", after.DefaultBranch);
        Assert.Equal(before.RefsSha256, after.RefsSha256);
        Assert.Equal(repo.Refs()["refs/heads/dev"], after.HeadSha);
        var restored = await RestoreAsync(LocalDest, "moved");
        Assert.Equal("ref: refs/heads/dev", HeadOf(restored));
        Assert.Equal(repo.Refs(), RefsOf(restored));
    }
}
