using GitHubBackup.StandIn;

namespace GitHubBackup.Bench.Nights;

/// <summary>
/// The nightly scenario's org: small repositories and one largest (binary data in parts of at most 60 MiB), and the
/// night's changes: a small commit each to a share of the repositories, the largest always among them.
/// </summary>
internal sealed class NightlyCorpus
{
    public const string Org = "acme";
    public const string Largest = "largest";

    private readonly GitHubStandIn _github;
    private readonly IReadOnlyList<StandInRepo> _small;
    private readonly StandInRepo _largest;
    private int _nextSmall;

    private NightlyCorpus(GitHubStandIn github, IReadOnlyList<StandInRepo> small, StandInRepo largest)
    {
        _github = github;
        _small = small;
        _largest = largest;
    }

    public int Repositories => _small.Count + 1;

    public string LargestMain => _largest.Refs()["refs/heads/main"];

    public static NightlyCorpus Create(GitHubStandIn github, int smallRepos, int largestMb)
    {
        var small = github.CreateRepositories(Org, smallRepos, "small-");
        var largest = github.CreateRepository(Org, Largest, r =>
        {
            r.Commit("main", "README.md", "largest\n");
            for (var (part, left) = (0, largestMb); left > 0; part++, left -= 60)
            {
                r.CommitBinary("main", $"data/part-{part:D2}.bin", Math.Min(60, left) << 20, seed: 300 + part);
            }
        });
        github.PrepareRefAdvertisements();
        return new NightlyCorpus(github, small, largest);
    }

    /// <summary>How many repositories <paramref name="percent"/>% of the org is, at least one (the largest).</summary>
    public int ChangedPerNight(int percent) => Math.Max(1, (int)Math.Round(Repositories * percent / 100.0));

    /// <summary>One commit each to the largest and to the next small repositories in turn, so every night changes others.</summary>
    public void ChangeNight(int night, int percent)
    {
        IEnumerable<StandInRepo> changed = [_largest, .. Enumerable.Range(0, ChangedPerNight(percent) - 1).Select(_ => _small[_nextSmall++ % _small.Count])];
        foreach (var repo in changed)
        {
            repo.Mutate(r => r.Commit("main", "CHANGELOG.md", $"night {night}: {Guid.NewGuid()}\n"));
        }

        _github.PrepareRefAdvertisements();
    }
}
