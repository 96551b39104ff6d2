using System.Text.RegularExpressions;
using GitHubBackup.Core.GitHub;

namespace GitHubBackup.Core.Engine;

/// <summary>
/// Where each repository's backup goes, for deployments that keep orgs (or groups of repositories) apart: the
/// first rule whose org (and repository pattern, when given) matches decides; otherwise the default destination.
/// </summary>
public sealed record Destinations(string Default, IReadOnlyList<DestinationRule> Rules)
{
    public string For(string org, SourceRepository repository) =>
        Rules.FirstOrDefault(rule => rule.Matches(org, repository))?.Dest ?? Default;

    /// <summary>Every destination a run of <paramref name="org"/> could write to.</summary>
    public IEnumerable<string> Candidates(string org) =>
        Rules.Where(r => r.Org is null || string.Equals(r.Org, org, StringComparison.OrdinalIgnoreCase)).Select(r => r.Dest).Append(Default).Distinct();
}

/// <summary>One mapping: repositories of <see cref="Org"/> (any org when null) whose name matches <see cref="RepoPattern"/> (any when null).</summary>
public sealed record DestinationRule(string? Org, string? RepoPattern, string Dest)
{
    private readonly Regex? _pattern = RepoPattern is null ? null : Compile(RepoPattern);

    public bool Matches(string org, SourceRepository repository) =>
        (Org is null || string.Equals(Org, org, StringComparison.OrdinalIgnoreCase))
        && (_pattern is null || _pattern.IsMatch(repository.Name));

    private static Regex Compile(string pattern)
    {
        try
        {
            return new Regex(pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        }
        catch (ArgumentException e)
        {
            throw new ConfigurationException($"destinations: repo pattern '{pattern}' is not a valid regular expression: {e.Message}", e);
        }
    }
}
