using System.Text.Json.Nodes;
using GitHubBackup.Core.Contracts;
using GitHubBackup.StandIn;
using GitHubBackup.Tests.Infrastructure;

namespace GitHubBackup.Tests.EndToEnd;

/// <summary>restore (one, all, to a new remote), list and verify, through the real command.</summary>
public sealed class RestoreAndVerifyTests : StandInTest
{
    private string Dest => Work.Combine("dest");

    private async Task<IReadOnlyList<StandInRepo>> BackUpCorpusAsync()
    {
        var repos = StandardCorpus.Create(GitHub, "acme");
        var backup = await RunnerProcess.RunAsync(
            ["backup", "--org", "acme", "--dest", Dest, "--api-url", GitHub.ServerRoot.ToString()],
            new Dictionary<string, string?> { ["GITHUB_TOKEN"] = GitHub.IssueUserToken() });
        Assert.True(backup.ExitCode == 0, backup.ToString());
        return repos;
    }

    private Task<RunnerResult> VerifyAsync(params string[] extra) =>
        RunnerProcess.RunAsync(["verify", "--from", Dest, "--org", "acme", "--report", Work.Combine("report.json"), .. extra]);

    private JsonObject Report() => JsonNode.Parse(File.ReadAllText(Work.Combine("report.json")))!.AsObject();

    private string BundlePath(string repo) => Path.Combine(Dest, BackupRoundTripTests.ReadManifest(Dest).Repos.Single(e => e.Name == repo).BundleKey!);

    [Fact]
    public async Task Restore_all_brings_back_every_repository_with_every_ref()
    {
        var repos = await BackUpCorpusAsync();
        var target = Work.Combine("restored");

        var restore = await RunnerProcess.RunAsync(["restore", "--from", Dest, "--org", "acme", "--all", "--to", target]);

        Assert.True(restore.ExitCode == 0, restore.ToString());
        foreach (var repo in repos)
        {
            var restored = Path.Combine(target, repo.Name + ".git");
            Assert.Equal(repo.Refs(), BackupRoundTripTests.GitRefsOf(restored));
        }
    }

    [Fact]
    public async Task Restore_pushes_heads_tags_and_notes_to_a_new_remote_and_keeps_pull_refs_in_the_archive()
    {
        await BackUpCorpusAsync();
        var source = GitHub.Repository("acme", StandardCorpus.ManyRefs);
        var fresh = GitHub.CreateRepository("acme", "restored-here", settings: new RepoSettings { AllowPush = true });

        var restore = await RunnerProcess.RunAsync(
            ["restore", "--from", Dest, "--org", "acme", "--repo", StandardCorpus.ManyRefs, "--to", Work.Combine("restored"), "--push-to", fresh.CloneUrl.ToString(), "--api-url", GitHub.ServerRoot.ToString()],
            new Dictionary<string, string?> { ["GITHUB_TOKEN"] = GitHub.IssueUserToken() });

        Assert.True(restore.ExitCode == 0, restore.ToString());
        var expected = source.Refs().Where(r => !r.Key.StartsWith("refs/pull/", StringComparison.Ordinal)).ToDictionary();
        Assert.Equal(expected, fresh.Refs());
        Assert.Contains("10 refs/pull/* refs stay in the archive", restore.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_passes_a_good_snapshot_and_reports_every_repository()
    {
        await BackUpCorpusAsync();

        var verify = await VerifyAsync("--all");

        Assert.True(verify.ExitCode == 0, verify.ToString());
        var report = Report();
        Assert.Equal(StandardCorpus.Names.Count, report["checked"]!.GetValue<int>());
        Assert.Equal(0, report["failed"]!.GetValue<int>());
    }

    [Fact]
    public async Task Verify_checks_only_the_sample_it_is_asked_for()
    {
        await BackUpCorpusAsync();

        var verify = await VerifyAsync("--sample", "2");

        Assert.True(verify.ExitCode == 0, verify.ToString());
        Assert.Equal(2, Report()["checked"]!.GetValue<int>());
        Assert.Equal(StandardCorpus.Names.Count, Report()["restorable"]!.GetValue<int>());
    }

    [Fact]
    public async Task Verify_catches_a_bundle_with_one_flipped_byte()
    {
        await BackUpCorpusAsync();
        var bundle = BundlePath(StandardCorpus.Binary);
        var bytes = await File.ReadAllBytesAsync(bundle);
        bytes[bytes.Length / 2] ^= 0x40;
        await File.WriteAllBytesAsync(bundle, bytes);

        var verify = await VerifyAsync();

        Assert.Equal(1, verify.ExitCode);
        var failure = Assert.Single(Report()["results"]!.AsArray(), r => r!["status"]!.GetValue<string>() == "failed")!;
        Assert.Equal(StandardCorpus.Binary, failure["repo"]!.GetValue<string>());
        Assert.Contains("(altered)", failure["error"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("Restoring it failed", failure["error"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_catches_a_truncated_bundle()
    {
        await BackUpCorpusAsync();
        var bundle = BundlePath(StandardCorpus.ManyRefs);
        var bytes = await File.ReadAllBytesAsync(bundle);
        await File.WriteAllBytesAsync(bundle, bytes[..(bytes.Length - 100)]);

        var verify = await VerifyAsync();

        Assert.Equal(1, verify.ExitCode);
        Assert.Contains("(truncated)", Assert.Single(Report()["results"]!.AsArray(), r => r!["status"]!.GetValue<string>() == "failed")!["error"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_catches_a_manifest_whose_hash_does_not_match_and_a_missing_bundle()
    {
        await BackUpCorpusAsync();
        var manifestPath = Directory.GetFiles(Dest, "manifest.json", SearchOption.AllDirectories).Single();
        var manifest = BackupRoundTripTests.ReadManifest(Dest);
        var edited = manifest with
        {
            // The bundle's hash as the manifest records it: the entry's and its (only) layer's.
            Repos = manifest.Repos.Select(e => e.Name == StandardCorpus.Trunk ? e with { Sha256 = new string('0', 64), Layers = [e.Layers!.Single() with { Sha256 = new string('0', 64) }] } : e).ToList(),
        };
        await File.WriteAllBytesAsync(manifestPath, CoreJson.Serialize(edited));
        File.Delete(BundlePath(StandardCorpus.Dotted));

        var verify = await VerifyAsync();

        Assert.Equal(1, verify.ExitCode);
        var failures = Report()["results"]!.AsArray().Where(r => r!["status"]!.GetValue<string>() == "failed").ToDictionary(r => r!["repo"]!.GetValue<string>(), r => r!["error"]!.GetValue<string>());
        Assert.Equal(2, failures.Count);
        Assert.Contains($"the manifest recorded {manifest.Repos.Single(e => e.Name == StandardCorpus.Trunk).SizeBytes} bytes with 0000", failures[StandardCorpus.Trunk], StringComparison.Ordinal);
        Assert.Contains("is missing, though the manifest lists it", failures[StandardCorpus.Dotted], StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_shows_snapshots_then_one_snapshots_repositories()
    {
        await BackUpCorpusAsync();
        var date = BackupRoundTripTests.ReadManifest(Dest).Date;

        var snapshots = await RunnerProcess.RunAsync(["list", "--from", Dest]);
        var repositories = await RunnerProcess.RunAsync(["list", "--from", Dest, "--org", "acme", "--date", date]);

        Assert.True(snapshots.ExitCode == 0, snapshots.ToString());
        Assert.Contains(date, snapshots.Stdout, StringComparison.Ordinal);
        Assert.Contains("acme", snapshots.Stdout, StringComparison.Ordinal);
        Assert.True(repositories.ExitCode == 0, repositories.ToString());
        Assert.All(StandardCorpus.Names, name => Assert.Contains(name, repositories.Stdout, StringComparison.Ordinal));
        Assert.Contains("empty", repositories.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Restoring_from_a_destination_without_the_org_says_what_to_check()
    {
        await BackUpCorpusAsync();

        var restore = await RunnerProcess.RunAsync(["restore", "--from", Dest, "--org", "other", "--all", "--to", Work.Combine("x")]);

        Assert.Equal(2, restore.ExitCode);
        Assert.Contains("There is no snapshot of 'other'", restore.Stderr, StringComparison.Ordinal);
    }
}
