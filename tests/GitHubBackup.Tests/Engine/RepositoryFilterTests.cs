using GitHubBackup.Core;
using GitHubBackup.Core.Engine;
using GitHubBackup.Core.GitHub;

namespace GitHubBackup.Tests.Engine;

public class RepositoryFilterTests
{
    private static readonly SourceRepository[] Repos =
    [
        Repo("lecture-01", topics: ["course"]),
        Repo("lecture-02-archive", archived: true),
        Repo("lecture-fork", fork: true),
        Repo("api", topics: ["service", "backup"]),
        Repo("web"),
    ];

    private static SourceRepository Repo(string name, bool archived = false, bool fork = false, string[]? topics = null) => new()
    {
        Name = name,
        FullName = $"acme/{name}",
        Owner = "acme",
        CloneUrl = new Uri($"https://github.com/acme/{name}.git"),
        Archived = archived,
        Fork = fork,
        Topics = topics ?? [],
    };

    private static string[] Apply(RepositoryFilter filter) => Repos.Where(filter.Compile()).Select(r => r.Name).ToArray();

    [Fact]
    public void No_filter_keeps_everything() => Assert.Equal(Repos.Select(r => r.Name), Apply(RepositoryFilter.All));

    [Fact]
    public void Include_patterns_keep_matching_names_only() =>
        Assert.Equal(["lecture-01", "lecture-02-archive", "lecture-fork"], Apply(new RepositoryFilter { Include = ["^lecture-"] }));

    [Fact]
    public void Exclude_patterns_win_over_include_patterns() =>
        Assert.Equal(["lecture-01", "lecture-fork"], Apply(new RepositoryFilter { Include = ["^lecture-"], Exclude = ["-archive$"] }));

    [Fact]
    public void Archived_and_forks_can_be_skipped() =>
        Assert.Equal(["lecture-01", "api", "web"], Apply(new RepositoryFilter { SkipArchived = true, SkipForks = true }));

    [Fact]
    public void Topics_keep_repositories_with_any_of_them() =>
        Assert.Equal(["lecture-01", "api"], Apply(new RepositoryFilter { Topics = ["backup", "COURSE"] }));

    [Fact]
    public void Filters_combine()
    {
        var filter = new RepositoryFilter { Include = ["^lecture-", "^api$"], SkipArchived = true, SkipForks = true, Topics = ["course", "service"] };

        Assert.Equal(["lecture-01", "api"], Apply(filter));
    }

    [Fact]
    public void A_pattern_that_is_not_a_regular_expression_is_a_clear_configuration_error()
    {
        var error = Assert.Throws<ConfigurationException>(() => new RepositoryFilter { Exclude = ["lecture-(["] }.Compile());

        Assert.StartsWith("exclude pattern 'lecture-([' is not a valid regular expression", error.Message, StringComparison.Ordinal);
    }
}
