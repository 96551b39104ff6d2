using System.Text.RegularExpressions;
using GitHubBackup.Core.GitHub;

namespace GitHubBackup.Core.Engine;

/// <summary>
/// Which repositories a run backs up: names matching any include pattern (all when none) and no exclude
/// pattern, optionally not archived, not forks, or carrying one of the given topics.
/// </summary>
public sealed record RepositoryFilter
{
    private static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(1);

    public static readonly RepositoryFilter All = new();

    /// <summary>Regular expressions on the repository name (unanchored: write ^ and $ to anchor).</summary>
    public IReadOnlyList<string> Include { get; init; } = [];

    public IReadOnlyList<string> Exclude { get; init; } = [];

    public bool SkipArchived { get; init; }

    public bool SkipForks { get; init; }

    /// <summary>Back up only repositories with at least one of these topics (none: any).</summary>
    public IReadOnlyList<string> Topics { get; init; } = [];

    /// <summary>The filter as a predicate; a pattern that is not a valid regular expression is a configuration error.</summary>
    public Func<SourceRepository, bool> Compile()
    {
        var include = Include.Select(p => Parse(p, "include")).ToList();
        var exclude = Exclude.Select(p => Parse(p, "exclude")).ToList();
        var topics = Topics.ToHashSet(StringComparer.OrdinalIgnoreCase);
        return repository =>
            (include.Count == 0 || include.Any(r => r.IsMatch(repository.Name)))
            && !exclude.Any(r => r.IsMatch(repository.Name))
            && !(SkipArchived && repository.Archived)
            && !(SkipForks && repository.Fork)
            && (topics.Count == 0 || repository.Topics.Any(topics.Contains));
    }

    private static Regex Parse(string pattern, string option)
    {
        try
        {
            return new Regex(pattern, RegexOptions.CultureInvariant, MatchTimeout);
        }
        catch (ArgumentException e)
        {
            throw new ConfigurationException($"{option} pattern '{pattern}' is not a valid regular expression: {e.Message}", e);
        }
    }
}
