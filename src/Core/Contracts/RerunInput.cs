namespace GitHubBackup.Core.Contracts;

/// <summary>The ready-to-paste state-machine input that re-runs exactly the given repositories.</summary>
public static class RerunInput
{
    public static string ForRepos(IReadOnlyList<string> repos) =>
        System.Text.Encoding.UTF8.GetString(CoreJson.SerializeCompact(new ExecutionInput { Repos = repos }));
}
