using System.Diagnostics;
using GitHubBackup.Core.Contracts;
using GitHubBackup.StandIn;
using GitHubBackup.Tests.Infrastructure;

namespace GitHubBackup.Tests.EndToEnd;

/// <summary>What a bundle cannot hold: the wiki and the Git LFS objects, backed up beside it and restored with it.</summary>
public sealed class WikiAndLfsTests : StandInTest
{
    private string Dest => Work.Combine("dest");

    private Task<RunnerResult> BackupAsync(params string[] extra) =>
        RunnerProcess.RunAsync(
            ["backup", "--org", "acme", "--dest", Dest, "--api-url", GitHub.ServerRoot.ToString(), .. extra],
            new Dictionary<string, string?> { ["GITHUB_TOKEN"] = GitHub.IssueUserToken() });

    private Task<RunnerResult> RestoreAsync(string repo) =>
        RunnerProcess.RunAsync(["restore", "--from", Dest, "--org", "acme", "--repo", repo, "--to", Work.Combine("restored")]);

    private static byte[] Random(int size, int seed)
    {
        var bytes = new byte[size];
        new System.Random(seed).NextBytes(bytes);
        return bytes;
    }

    [Fact]
    public async Task A_wiki_is_backed_up_beside_its_repository_and_restores_with_every_ref()
    {
        GitHub.CreateRepository("acme", "docs", r => r.Commit("main", "README.md", "docs\n"));
        var wiki = GitHub.CreateWiki("acme", "docs", w => w.Commit("master", "Home.md", "# Home\n").Commit("master", "Setup.md", "# Setup\n"));
        GitHub.CreateRepository("acme", "no-pages", r => r.Commit("main", "a", "a"));
        GitHub.CreateRepository("acme", "wiki-off", r => r.Commit("main", "a", "a"), new RepoSettings { HasWiki = false });

        var backup = await BackupAsync();

        Assert.True(backup.ExitCode == 0, backup.ToString());
        var entries = BackupRoundTripTests.ReadManifest(Dest).Repos.ToDictionary(e => e.Name);
        Assert.Equal(RepoStatus.Succeeded, entries["docs"].Wiki!.Status);
        Assert.Matches(@"^github-backup/objects/acme/docs/wiki\.[0-9a-f]{64}\.bundle$", entries["docs"].Wiki!.BundleKey);
        Assert.Equal(RepoStatus.None, entries["no-pages"].Wiki!.Status);
        Assert.Null(entries["wiki-off"].Wiki);

        var restore = await RestoreAsync("docs");
        Assert.True(restore.ExitCode == 0, restore.ToString());
        Assert.Equal(wiki.Refs(), BackupRoundTripTests.GitRefsOf(Work.Combine("restored", "docs.wiki.git")));
    }

    [Fact]
    public async Task Lfs_objects_are_archived_and_restore_so_that_git_lfs_fsck_passes()
    {
        var assets = GitHub.CreateRepository("acme", "assets", r => r
            .Commit("main", "README.md", "assets\n")
            .CommitLfs("main", "images/logo.bin", Random(300_000, 1))
            .CommitLfs("main", "images/banner.bin", Random(200_000, 2))
            .Branch("old", "main")
            .CommitLfs("old", "images/old.bin", Random(50_000, 3)));
        GitHub.CreateRepository("acme", "plain", r => r.Commit("main", "a", "a"));

        var backup = await BackupAsync();

        Assert.True(backup.ExitCode == 0, backup.ToString());
        var entries = BackupRoundTripTests.ReadManifest(Dest).Repos.ToDictionary(e => e.Name);
        var lfs = entries["assets"].Lfs!;
        Assert.Equal(RepoStatus.Succeeded, lfs.Status);
        Assert.Equal(3, lfs.Objects);
        Assert.Equal(550_000, lfs.Bytes);
        Assert.Equal(RepoStatus.None, entries["plain"].Lfs!.Status);

        var restore = await RestoreAsync("assets");
        Assert.True(restore.ExitCode == 0, restore.ToString());
        var restored = Work.Combine("restored", "assets.git");
        Assert.Equal(assets.Refs(), BackupRoundTripTests.GitRefsOf(restored));
        Assert.Equal(3, Directory.GetFiles(Path.Combine(restored, "lfs", "objects"), "*", SearchOption.AllDirectories).Length);
        var (exitCode, output) = Git(restored, "lfs", "fsck", "--objects", "refs/heads/old", "refs/heads/main");
        Assert.True(exitCode == 0, output);
    }

    [Fact]
    public async Task The_next_day_an_unchanged_repository_carries_its_lfs_archive_and_wiki_over()
    {
        GitHub.CreateRepository("acme", "assets", r => r.Commit("main", "README.md", "a\n").CommitLfs("main", "x.bin", Random(10_000, 4)));
        GitHub.CreateWiki("acme", "assets", w => w.Commit("master", "Home.md", "home\n"));
        Assert.Equal(0, (await BackupAsync()).ExitCode);
        var clones = GitHub.Log.TotalClones;

        var again = await BackupAsync();

        Assert.Equal(0, again.ExitCode);
        Assert.Equal(clones, GitHub.Log.TotalClones);
        var entry = BackupRoundTripTests.ReadManifest(Dest).Repos.Single();
        Assert.True(entry.Lfs!.Status is RepoStatus.Succeeded or RepoStatus.Unchanged);
        Assert.Equal(1, entry.Lfs.Objects);
        Assert.True(entry.Wiki!.Status is RepoStatus.Succeeded or RepoStatus.Unchanged);
    }

    [Fact]
    public async Task Verify_catches_a_corrupted_lfs_object()
    {
        GitHub.CreateRepository("acme", "assets", r => r.Commit("main", "README.md", "a\n").CommitLfs("main", "x.bin", Random(100_000, 5)));
        Assert.Equal(0, (await BackupAsync()).ExitCode);
        var archive = Path.Combine(Dest, BackupRoundTripTests.ReadManifest(Dest).Repos.Single().Lfs!.ArchiveKey!);
        var bytes = await File.ReadAllBytesAsync(archive);
        bytes[bytes.Length / 2] ^= 0x20;
        await File.WriteAllBytesAsync(archive, bytes);

        var verify = await RunnerProcess.RunAsync(["verify", "--from", Dest, "--org", "acme"]);

        Assert.Equal(1, verify.ExitCode);
        Assert.Contains("LFS: LFS object", verify.Stdout, StringComparison.Ordinal);
        Assert.Contains("is corrupted", verify.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wikis_and_lfs_can_be_left_out()
    {
        GitHub.CreateRepository("acme", "assets", r => r.Commit("main", "README.md", "a\n").CommitLfs("main", "x.bin", Random(1_000, 6)));
        GitHub.CreateWiki("acme", "assets", w => w.Commit("master", "Home.md", "home\n"));

        var backup = await BackupAsync("--no-wiki", "--no-lfs");

        Assert.True(backup.ExitCode == 0, backup.ToString());
        var entry = BackupRoundTripTests.ReadManifest(Dest).Repos.Single();
        Assert.Null(entry.Wiki);
        Assert.Null(entry.Lfs);
    }

    private static (int ExitCode, string Output) Git(string directory, params string[] arguments)
    {
        using var git = Process.Start(new ProcessStartInfo("git", ["-C", directory, .. arguments]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = git.StandardOutput.ReadToEnd() + git.StandardError.ReadToEnd();
        git.WaitForExit();
        return (git.ExitCode, output);
    }
}
