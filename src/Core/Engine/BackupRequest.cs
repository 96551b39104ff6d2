using GitHubBackup.Core.GitHub;

namespace GitHubBackup.Core.Engine;

/// <summary>What the backup command asks for: which orgs (or every org the App is installed on), which repositories, where to.</summary>
public sealed record BackupRequest
{
    public required IReadOnlyList<string> Orgs { get; init; }

    /// <summary>Every org the GitHub App is installed on (<see cref="Orgs"/> is then empty).</summary>
    public bool AllInstallations { get; init; }

    public required GitHubServer Server { get; init; }
    public required GitHubAuth Auth { get; init; }
    public RepositoryFilter Filter { get; init; } = RepositoryFilter.All;
    public required Destinations Destinations { get; init; }
    public required BackupOptions Options { get; init; }
}

/// <summary>One org's outcome: a result per destination it was written to, or why it could not be backed up.</summary>
public sealed record OrgOutcome(string Org, IReadOnlyList<OrgBackupResult> Results, string? Error)
{
    public bool Failed => Error is not null || Results.Any(r => r.AnyFailed);
}
