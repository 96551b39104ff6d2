namespace GitHubBackup.Core.Contracts;

/// <summary>
/// The ready-to-paste state-machine input that re-runs exactly the given repositories. It names the org: a run
/// may have been one org's child run of a many-org execution, and the stack's default org is then another.
/// </summary>
public static class RerunInput
{
    /// <summary>
    /// Longest input <see cref="Bounded"/> spells out. Step Functions payloads (256 KiB), ECS overrides (8,192
    /// characters) and SNS messages (256 KiB) carry it; a few hundred failed names would not fit the overrides.
    /// </summary>
    public const int InlineLimit = 1024;

    public static string For(string org, IReadOnlyList<string> repos) =>
        System.Text.Encoding.UTF8.GetString(CoreJson.SerializeCompact(new ExecutionInput { Org = org, Repos = repos }));

    /// <summary>
    /// The same repositories in at most <see cref="InlineLimit"/> characters: the names when they fit, else the
    /// run's id, whose failed list PlanBackup reads back (retryFromRunId).
    /// </summary>
    public static string Bounded(string org, IReadOnlyList<string> repos, string runId) =>
        For(org, repos) is { Length: <= InlineLimit } named
            ? named
            : System.Text.Encoding.UTF8.GetString(CoreJson.SerializeCompact(new ExecutionInput { RetryFromRunId = runId }));
}
