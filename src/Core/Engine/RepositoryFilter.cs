using System.Text.RegularExpressions;
using GitHubBackup.Core.GitHub;

namespace GitHubBackup.Core.Engine;

/// <summary>
/// Which repositories a run backs up: the named ones (all when none), with a name matching any include pattern
/// (all when none) and no exclude pattern, optionally not archived, not forks, or carrying one of the given
/// topics. Names and patterns ignore case, as GitHub's names do.
/// </summary>
public sealed record RepositoryFilter
{
    private static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(1);

    public static readonly RepositoryFilter All = new();

    /// <summary>Exactly these repositories (--repo); each must be listed, or the run is refused.</summary>
    public IReadOnlyList<string> Names { get; init; } = [];

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
        var names = Names.ToHashSet(StringComparer.OrdinalIgnoreCase);
        var include = Include.Select(p => Parse(p, "include")).ToList();
        var exclude = Exclude.Select(p => Parse(p, "exclude")).ToList();
        var topics = Topics.ToHashSet(StringComparer.OrdinalIgnoreCase);
        return repository =>
            (names.Count == 0 || names.Contains(repository.Name))
            && (include.Count == 0 || include.Any(r => r.IsMatch(repository.Name)))
            && !exclude.Any(r => r.IsMatch(repository.Name))
            && !(SkipArchived && repository.Archived)
            && !(SkipForks && repository.Fork)
            && (topics.Count == 0 || repository.Topics.Any(topics.Contains));
    }

    /// <summary>
    /// Refuses a selection that cannot be what was meant: a named repository that was not listed, or filters that
    /// leave nothing of what was. An org with no repositories at all, and no filters, is not an error.
    /// </summary>
    /// <param name="where">The org(s) listed, for the message.</param>
    public void RequireMatches(IReadOnlyCollection<SourceRepository> listed, int selected, string where)
    {
        var missing = Names.Where(name => !listed.Any(r => r.Name.Equals(name, StringComparison.OrdinalIgnoreCase))).ToList();
        if (missing.Count > 0)
        {
            throw new ConfigurationException(
                $"--repo {string.Join(',', missing)}: no such repository in {where} ({listed.Count} listed); check the spelling, or run with --dry-run to see what is there.");
        }

        if (selected == 0 && Describe() is { Length: > 0 } filters)
        {
            throw new ConfigurationException(
                $"The filters {filters} match none of the {listed.Count} repositories listed in {where}; nothing was backed up. Correct or loosen them (--dry-run previews a selection).");
        }
    }

    /// <summary>The filters as they were given, e.g. <c>--include '^lecture-' --skip-archived</c>; empty when none.</summary>
    public string Describe() => string.Join(' ', new[]
    {
        Names.Count == 0 ? null : $"--repo {string.Join(',', Names)}",
        Include.Count == 0 ? null : string.Join(' ', Include.Select(p => $"--include '{p}'")),
        Exclude.Count == 0 ? null : string.Join(' ', Exclude.Select(p => $"--exclude '{p}'")),
        SkipArchived ? "--skip-archived" : null,
        SkipForks ? "--skip-forks" : null,
        Topics.Count == 0 ? null : string.Join(' ', Topics.Select(t => $"--topic {t}")),
    }.OfType<string>());

    private static Regex Parse(string pattern, string option)
    {
        try
        {
            return new Regex(pattern, RegexOptions.CultureInvariant | RegexOptions.IgnoreCase, MatchTimeout);
        }
        catch (ArgumentException e)
        {
            throw new ConfigurationException($"{option} pattern '{pattern}' is not a valid regular expression: {e.Message}", e);
        }
    }
}
