namespace GitHubBackup.Core.Contracts;

/// <summary>
/// How to re-run exactly the given repositories: the ready-to-paste state-machine input (AWS), or the command line
/// (a local run). It names the org: a run
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

    /// <summary>The local command; the run's other options (--dest, parts) go with it, as they went with the run.</summary>
    public static string Command(string org, IReadOnlyList<string> repos) =>
        $"github-backup backup --org {org} --repo {string.Join(',', repos)}";

    /// <summary>
    /// The same repositories in at most <see cref="InlineLimit"/> characters: the names when they fit, else the
    /// run's id, whose failed list PlanBackup reads back (retryFromRunId).
    /// </summary>
    public static string Bounded(string org, IReadOnlyList<string> repos, string runId) =>
        For(org, repos) is { Length: <= InlineLimit } named
            ? named
            : System.Text.Encoding.UTF8.GetString(CoreJson.SerializeCompact(new ExecutionInput { RetryFromRunId = runId }));
}
