namespace GitHubBackup.Core.Contracts;

/// <summary>
/// The ready-to-paste state-machine input that re-runs exactly the given repositories. It names the org: a run
/// may have been one org's child run of a many-org execution, and the stack's default org is then another.
/// </summary>
public static class RerunInput
{
    public static string For(string org, IReadOnlyList<string> repos) =>
        System.Text.Encoding.UTF8.GetString(CoreJson.SerializeCompact(new ExecutionInput { Org = org, Repos = repos }));
}
