using GitHubBackup.Core;
using GitHubBackup.Core.Contracts;
using GitHubBackup.Core.Engine;
using GitHubBackup.Core.GitHub;
using GitHubBackup.Core.Restore;
using GitHubBackup.Core.Storage;
using GitHubBackup.StandIn;
using GitHubBackup.Tests.Infrastructure;

namespace GitHubBackup.Tests.EndToEnd;

/// <summary>Runs cost what changed: unchanged repositories are not cloned, and every snapshot still restores them.</summary>
public sealed class IncrementalBackupTests : StandInTest
{
    private static readonly DateTimeOffset Day1 = new(2026, 11, 20, 3, 0, 0, TimeSpan.Zero);

    private string Dest => Work.Combine("dest");

    private Task<OrgBackupResult> BackUpOnAsync(DateTimeOffset day, bool full = false) =>
        InProcessBackup.RunAsync(GitHub, new LocalDirectoryStore(Dest), Work.Path, day, options => options with { Full = full });

    [Fact]
    public async Task The_next_day_unchanged_repositories_are_referenced_not_cloned_or_copied_and_changed_ones_are_backed_up()
    {
        StandardCorpus.Create(GitHub, "acme");
        var first = await BackUpOnAsync(Day1);
        var clonesAfterDay1 = GitHub.Log.TotalClones;
        GitHub.Repository("acme", StandardCorpus.Dotted).Mutate(r => r.Commit("main", "b.txt", "changed\n"));

        var second = await BackUpOnAsync(Day1.AddDays(1));

        Assert.Equal(1, GitHub.Log.TotalClones - clonesAfterDay1);
        var entries = second.Manifest.Repos.ToDictionary(e => e.Name);
        Assert.Equal(RepoStatus.Succeeded, entries[StandardCorpus.Dotted].Status);
        Assert.Equal(RepoStatus.Empty, entries[StandardCorpus.Empty].Status);
        foreach (var name in new[] { StandardCorpus.ManyRefs, StandardCorpus.Binary, StandardCorpus.Trunk, StandardCorpus.DotGithub })
        {
            var before = first.Manifest.Repos.Single(e => e.Name == name);
            var after = entries[name];
            Assert.Equal(RepoStatus.Unchanged, after.Status);
            // Issue 15: the very object of the day before, not a copy of it.
            Assert.Equal(BackupLayout.BundleKey("acme", name, before.Sha256!), after.BundleKey);
            Assert.Equal(before.BundleKey, after.BundleKey);
            Assert.Null(after.CopiedFrom);
            Assert.Equal(before.Sha256, Sha256Of(Path.Combine(Dest, after.BundleKey!)));
            Assert.Single(Directory.GetFiles(Path.Combine(Dest, BackupLayout.ObjectsPrefix("acme", name))));
        }

        Assert.Equal(4, second.Manifest.Totals.Unchanged);
    }

    [Fact]
    public async Task An_unchanged_repository_restores_from_the_new_snapshot_alone()
    {
        var repo = GitHub.CreateRepository("acme", "steady", r => r.Commit("main", "a", "1").AnnotatedTag("v1", "main", "one"));
        await BackUpOnAsync(Day1);
        await BackUpOnAsync(Day1.AddDays(1));
        Directory.Delete(Path.Combine(Dest, "github-backup", "2026-11-20"), recursive: true);

        var entry = await new SnapshotCatalog(new LocalDirectoryStore(Dest)).FindAsync("acme", "steady", null, CancellationToken.None);
        using var target = new TempDirectory("restore");
        using var askPass = new Core.Git.GitAskPass(target.Path);
        using var git = new Core.Git.GitCli(askPass, new Secrets());
        var restored = await new RepositoryRestore(new CheckedRestore(new LocalDirectoryStore(Dest), git)).RestoreAsync(entry, target.Path, CancellationToken.None);

        Assert.Equal(RepoStatus.Unchanged, entry.Status);
        Assert.Equal(repo.Refs(), BackupRoundTripTests.GitRefsOf(restored));
    }

    [Fact]
    public async Task A_full_run_clones_everything_even_when_nothing_changed()
    {
        GitHub.CreateRepositories("acme", 3, "r");
        await BackUpOnAsync(Day1);
        var clones = GitHub.Log.TotalClones;

        var full = await BackUpOnAsync(Day1.AddDays(1), full: true);

        Assert.Equal(3, GitHub.Log.TotalClones - clones);
        Assert.All(full.Manifest.Repos, e => Assert.Equal(RepoStatus.Succeeded, e.Status));
    }

    [Fact]
    public async Task When_the_earlier_bundle_is_gone_the_repository_is_backed_up_again()
    {
        GitHub.CreateRepository("acme", "a", r => r.Commit("main", "a", "1"));
        var first = await BackUpOnAsync(Day1);
        File.Delete(Path.Combine(Dest, first.Manifest.Repos[0].BundleKey!));
        var clones = GitHub.Log.TotalClones;

        var second = await BackUpOnAsync(Day1.AddDays(1));

        Assert.Equal(1, GitHub.Log.TotalClones - clones);
        Assert.Equal(RepoStatus.Succeeded, second.Manifest.Repos[0].Status);
    }

    [Fact]
    public async Task Running_again_the_same_day_clones_nothing_and_keeps_every_entry()
    {
        StandardCorpus.Create(GitHub, "acme");
        var environment = new Dictionary<string, string?> { ["GITHUB_TOKEN"] = GitHub.IssueUserToken() };
        string[] backup = ["backup", "--org", "acme", "--dest", Dest, "--api-url", GitHub.ServerRoot.ToString()];
        Assert.Equal(0, (await RunnerProcess.RunAsync(backup, environment)).ExitCode);
        var first = BackupRoundTripTests.ReadManifest(Dest);
        var clones = GitHub.Log.TotalClones;

        var again = await RunnerProcess.RunAsync(backup, environment);

        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Equal(clones, GitHub.Log.TotalClones);
        var second = BackupRoundTripTests.ReadManifest(Dest);
        // Compared as written (records compare lists by reference): every entry exactly as the first run wrote it.
        static IEnumerable<string> AsWritten(BackupManifest m) => m.Repos.Where(e => e.Status != RepoStatus.Empty).Select(e => System.Text.Encoding.UTF8.GetString(CoreJson.Serialize(e)));
        Assert.Equal(AsWritten(first), AsWritten(second));
        Assert.Equal(first.Totals, second.Totals);
    }

    [Fact]
    public async Task A_changed_repository_starts_from_its_last_bundle_and_fetches_only_the_new_objects_from_github()
    {
        // Incompressible content, so a full clone (about 3 MiB) cannot pass for a fetch of the difference.
        var repo = GitHub.CreateRepository("acme", "large", r => r
            .Commit("main", "README.md", "large\n").CommitBinary("main", "data/blob.bin", 3 << 20, seed: 11)
            .Branch("topic", "main").AnnotatedTag("v1", "main", "one").PullRef(1, "topic"));
        var day1 = await BackUpOnAsync(Day1);
        string first() => day1.Manifest.Repos.Single(e => e.Name == "large").BundleKey!;
        var before = repo.Refs()["refs/heads/main"];
        // One commit, a branch deleted (a fresh clone would not have it: neither may the fetch) and the default branch moved.
        repo.Mutate(r => r.Commit("main", "CHANGELOG.md", "one line\n").DeleteRef("refs/heads/topic").Branch("next", "main").DefaultBranch("next"));
        var newObjects = repo.PackBytes("refs/heads/main", $"^{before}");
        var served = GitHub.Log.GitBytesServed;

        var second = await BackUpOnAsync(Day1.AddDays(1));

        var fetched = GitHub.Log.GitBytesServed - served;
        var entry = second.Manifest.Repos.Single(e => e.Name == "large");
        Assert.Equal(RepoStatus.Succeeded, entry.Status);
        // The issue's bound: twice the new objects plus the ref advertisement (a handful of refs: well under 4 KiB).
        Assert.True(fetched <= 2 * newObjects + 4096, $"{fetched} bytes served for {newObjects} bytes of new objects");
        Assert.Equal("next", entry.DefaultBranch);
        // Stored, too, is only what is new: an incremental layer on the day before's bundle, which stays where it was.
        Assert.Equal(2, entry.Layers!.Count);
        Assert.Equal(first(), entry.Layers[0].Key);
        Assert.True(entry.Layers[1].Incremental);
        Assert.True(entry.SizeBytes <= 2 * newObjects + 4096, $"a {entry.SizeBytes}-byte layer for {newObjects} bytes of new objects");
        Directory.Delete(Path.Combine(Dest, "github-backup", "2026-11-20"), recursive: true);
        var (refs, head) = await RestoreNewestAsync("large");
        Assert.Equal(repo.Refs(), refs);
        Assert.Equal("ref: refs/heads/next", head);

        // The same change cloned in full moves the whole repository: what the bound above is measured against.
        served = GitHub.Log.GitBytesServed;
        await BackUpOnAsync(Day1.AddDays(2), full: true);
        Assert.True(GitHub.Log.GitBytesServed - served > 3 << 20, $"a full clone served {GitHub.Log.GitBytesServed - served} bytes");
    }

    [Fact]
    public async Task A_fetch_onto_the_seed_that_fails_once_is_tried_again_and_succeeds()
    {
        var repo = GitHub.CreateRepository("acme", "flaky", r => r.Commit("main", "README.md", "flaky\n"));
        await BackUpOnAsync(Day1);
        repo.Mutate(r => r.Commit("main", "b.txt", "changed\n"));
        var fault = GitHub.Faults.FailClone("acme", "flaky", status: 502, times: 1);

        var second = await BackUpOnAsync(Day1.AddDays(1));

        Assert.Equal(1, fault.Fired);
        var entry = Assert.Single(second.Manifest.Repos);
        Assert.True(entry.Status == RepoStatus.Succeeded, entry.Error);
        Assert.Equal(repo.Refs(), (await RestoreNewestAsync("flaky")).Refs);
    }

    [Fact]
    public async Task A_last_bundle_that_rotted_is_not_a_seed_the_repository_is_cloned_in_full_and_restores()
    {
        var repo = GitHub.CreateRepository("acme", "large", r => r.Commit("main", "README.md", "large\n").CommitBinary("main", "data/blob.bin", 1 << 20, seed: 5));
        var first = await BackUpOnAsync(Day1);
        var stored = Path.Combine(Dest, first.Manifest.Repos[0].BundleKey!);
        var bytes = await File.ReadAllBytesAsync(stored);
        bytes[bytes.Length / 2] ^= 0x01;
        await File.WriteAllBytesAsync(stored, bytes);
        repo.Mutate(r => r.Commit("main", "b.txt", "changed\n"));
        var served = GitHub.Log.GitBytesServed;

        var second = await BackUpOnAsync(Day1.AddDays(1));

        Assert.Equal(RepoStatus.Succeeded, second.Manifest.Repos[0].Status);
        Assert.True(GitHub.Log.GitBytesServed - served > 1 << 20, "the rotten seed was used instead of a full clone");
        Assert.Equal(repo.Refs(), (await RestoreNewestAsync("large")).Refs);
    }

    [Fact]
    public async Task Layers_are_consolidated_into_a_full_bundle_at_the_limit_and_every_night_restores_as_it_was()
    {
        var repo = GitHub.CreateRepository("acme", "busy", r => r.Commit("main", "README.md", "busy\n").CommitBinary("main", "data.bin", 64 << 10, seed: 3));
        var nights = new List<(string Date, IReadOnlyDictionary<string, string> Refs, RepoEntry Entry)>();
        for (var night = 0; night < 4; night++)
        {
            if (night > 0)
            {
                repo.Mutate(r => r.Commit("main", $"night-{night}.txt", $"{night}\n").Branch($"b{night}", "main"));
            }

            var result = await InProcessBackup.RunAsync(GitHub, new LocalDirectoryStore(Dest), Work.Path, Day1.AddDays(night), options => options with { MaxBundleLayers = 3 });
            nights.Add((result.Manifest.Date, repo.Refs(), result.Manifest.Repos.Single()));
        }

        // Full, then two incremental layers on it; the fourth night would make four: a full bundle again.
        Assert.Equal([1, 2, 3, 1], nights.Select(n => n.Entry.Layers!.Count));
        Assert.Equal([false, true, true, false], nights.Select(n => n.Entry.Layers![^1].Incremental));
        Assert.Equal(nights[0].Entry.BundleKey, nights[2].Entry.Layers![0].Key);
        foreach (var (date, refs, _) in nights)
        {
            Assert.Equal(refs, (await RestoreAsync("busy", date)).Refs);
        }
    }

    [Fact]
    public async Task An_incremental_layer_is_a_bundle_git_itself_verifies_and_fetches_on_top_of_the_one_before()
    {
        var repo = GitHub.CreateRepository("acme", "plain", r => r.Commit("main", "a.txt", "1\n").AnnotatedTag("v1", "main", "one").Branch("gone", "main"));
        await BackUpOnAsync(Day1);
        repo.Mutate(r => r.Commit("main", "b.txt", "2\n").DeleteRef("refs/heads/gone"));
        var entry = (await BackUpOnAsync(Day1.AddDays(1))).Manifest.Repos.Single();
        var (full, incremental) = (Path.Combine(Dest, entry.Layers![0].Key), Path.Combine(Dest, entry.Layers[1].Key));
        using var clone = new TempDirectory("git-fetch");

        Assert.True(entry.Layers[1].Incremental);
        Assert.Equal(0, Git(clone.Path, "clone", "--quiet", "--mirror", full, "restored.git").ExitCode);
        var restored = Path.Combine(clone.Path, "restored.git");
        var verified = Git(restored, "bundle", "verify", incremental);
        Assert.True(verified.ExitCode == 0, verified.Output);
        Assert.Equal(0, Git(restored, "fetch", "--quiet", "--prune", incremental, "+refs/*:refs/*").ExitCode);
        Assert.Equal(repo.Refs(), BackupRoundTripTests.GitRefsOf(restored));
    }

    private static (int ExitCode, string Output) Git(string directory, params string[] arguments)
    {
        var info = new System.Diagnostics.ProcessStartInfo("git") { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var git = System.Diagnostics.Process.Start(info)!;
        var output = git.StandardOutput.ReadToEndAsync();
        var error = git.StandardError.ReadToEnd();
        git.WaitForExit();
        return (git.ExitCode, output.Result + error);
    }

    /// <summary>The refs and HEAD of the newest snapshot's bundle of <paramref name="name"/>, restored by the product.</summary>
    private Task<(IReadOnlyDictionary<string, string> Refs, string Head)> RestoreNewestAsync(string name) => RestoreAsync(name, null);

    /// <summary>The refs and HEAD of <paramref name="name"/> in the snapshot of <paramref name="date"/> (null: the newest), restored by the product.</summary>
    private async Task<(IReadOnlyDictionary<string, string> Refs, string Head)> RestoreAsync(string name, string? date)
    {
        var store = new LocalDirectoryStore(Dest);
        var entry = await new SnapshotCatalog(store).FindAsync("acme", name, date, CancellationToken.None);
        using var target = new TempDirectory("restore");
        using var askPass = new Core.Git.GitAskPass(target.Path);
        using var git = new Core.Git.GitCli(askPass, new Secrets());
        var restored = await new RepositoryRestore(new CheckedRestore(store, git)).RestoreAsync(entry, target.Path, CancellationToken.None);
        return (BackupRoundTripTests.GitRefsOf(restored), (await File.ReadAllTextAsync(Path.Combine(restored, "HEAD"))).Trim());
    }

    private static string Sha256Of(string path) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(path)));
}
