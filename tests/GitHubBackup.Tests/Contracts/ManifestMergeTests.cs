using GitHubBackup.Core.Contracts;

namespace GitHubBackup.Tests.Contracts;

public class ManifestMergeTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 22, 1, 0, 0, TimeSpan.Zero);

    private static ManifestRun Run(string runId, int minutes) =>
        new("acme", "2026-11-22", runId, "https://github.com", T0.AddMinutes(minutes), T0.AddMinutes(minutes + 10));

    private static RepoEntry Entry(string name, string status, int minute, long size = 10) => new()
    {
        Name = name,
        FullName = $"acme/{name}",
        Status = status,
        SizeBytes = status == RepoStatus.Succeeded ? size : 0,
        FinishedAt = T0.AddMinutes(minute),
        Error = status == RepoStatus.Failed ? "boom" : null,
    };

    [Fact]
    public void A_first_run_creates_the_manifest_with_derived_totals()
    {
        var manifest = ManifestMerge.Apply(null, Run("r1", 0), [
            Entry("b", RepoStatus.Succeeded, 1, 100), Entry("a", RepoStatus.Empty, 2), Entry("c", RepoStatus.Failed, 3), Entry("d", RepoStatus.Gone, 3),
        ]);

        Assert.Equal(["a", "b", "c", "d"], manifest.Repos.Select(r => r.Name));
        Assert.Equal(new ManifestTotals { Repos = 4, Succeeded = 1, Empty = 1, Failed = 1, Gone = 1, Bytes = 100 }, manifest.Totals);
        Assert.Equal(["c"], manifest.Rerun!.Repos);
        Assert.Equal("""{"org":"acme","repos":["c"]}""", manifest.Rerun.ExecutionInput);
        Assert.Equal("r1", manifest.RunId);
    }

    [Fact]
    public void A_second_run_updates_the_entries_it_covered_and_keeps_the_rest()
    {
        var first = ManifestMerge.Apply(null, Run("r1", 0), [Entry("a", RepoStatus.Succeeded, 1), Entry("b", RepoStatus.Failed, 2)]);

        var second = ManifestMerge.Apply(first, Run("r2", 30), [Entry("b", RepoStatus.Succeeded, 35, 20)]);

        Assert.Equal([RepoStatus.Succeeded, RepoStatus.Succeeded], second.Repos.Select(r => r.Status));
        Assert.Equal(30, second.Totals.Bytes);
        Assert.Null(second.Rerun);
        Assert.Equal(T0, second.StartedAt);
        Assert.Equal(T0.AddMinutes(40), second.FinishedAt);
    }

    [Fact]
    public void When_runs_overlap_the_entry_finished_last_wins_whatever_the_merge_order()
    {
        var early = Entry("a", RepoStatus.Failed, 5);
        var late = Entry("a", RepoStatus.Succeeded, 6);

        var lateFirst = ManifestMerge.Apply(ManifestMerge.Apply(null, Run("r2", 0), [late]), Run("r1", 0), [early]);
        var earlyFirst = ManifestMerge.Apply(ManifestMerge.Apply(null, Run("r1", 0), [early]), Run("r2", 0), [late]);

        Assert.Equal(RepoStatus.Succeeded, lateFirst.Repos.Single().Status);
        Assert.Equal(RepoStatus.Succeeded, earlyFirst.Repos.Single().Status);
    }

    [Fact]
    public void The_manifest_round_trips_through_its_json_contract_with_the_documented_names()
    {
        var manifest = ManifestMerge.Apply(null, Run("r1", 0), [Entry("a", RepoStatus.Succeeded, 1)]);

        var json = System.Text.Encoding.UTF8.GetString(CoreJson.Serialize(manifest));
        var back = CoreJson.Deserialize<BackupManifest>(CoreJson.Serialize(manifest), "manifest");

        foreach (var name in new[] { "schemaVersion", "org", "date", "runId", "source", "startedAt", "finishedAt", "totals", "repos", "fullName", "bundleKey", "sizeBytes", "sha256", "durationMs", "headSha", "defaultBranch" })
        {
            Assert.Contains($"\"{name}\"", json, StringComparison.Ordinal);
        }

        Assert.Equal(manifest.Repos, back.Repos);
        Assert.Equal(manifest.Totals, back.Totals);
    }
}
