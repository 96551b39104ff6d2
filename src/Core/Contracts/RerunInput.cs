namespace GitHubBackup.Core.Contracts;

/// <summary>
/// How to re-run exactly the given repositories: the ready-to-paste state-machine input (AWS), or the command line
/// (a local run). It names the org: a run
/// may have been one org's child run of a many-org execution, and the stack's default org is then another.
/// </summary>
public static class RerunInput
{
    public static string For(string org, IReadOnlyList<string> repos) =>
        System.Text.Encoding.UTF8.GetString(CoreJson.SerializeCompact(new ExecutionInput { Org = org, Repos = repos }));

    /// <summary>The local command; the run's other options (--dest, parts) go with it, as they went with the run.</summary>
    public static string Command(string org, IReadOnlyList<string> repos) =>
        $"github-backup backup --org {org} --repo {string.Join(',', repos)}";
}
