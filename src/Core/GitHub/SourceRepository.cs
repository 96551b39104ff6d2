namespace GitHubBackup.Core.GitHub;

/// <summary>A repository as the GitHub API lists it: what the backup needs to know before cloning.</summary>
public sealed record SourceRepository
{
    public required string Name { get; init; }
    public required string FullName { get; init; }
    public required string Owner { get; init; }
    public required Uri CloneUrl { get; init; }
    public string? DefaultBranch { get; init; }

    /// <summary>Size in KiB as GitHub reports it (roughly the packed size on the server).</summary>
    public long SizeKb { get; init; }

    public bool Archived { get; init; }
    public bool Fork { get; init; }
    public IReadOnlyList<string> Topics { get; init; } = [];
    public bool HasWiki { get; init; }

    /// <summary>
    /// Why this repository must not be backed up as listed (a name GitHub never gives, a clone URL on another server);
    /// null when it may. A refused repository is that repository's failure, never the run's.
    /// </summary>
    public string? Refusal { get; init; }
}
