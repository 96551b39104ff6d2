namespace GitHubBackup.Lambdas;

/// <summary>The functions this program serves, by the Handler string template.yaml gives each.</summary>
public static class LambdaHandlers
{
    public static IReadOnlyDictionary<string, Func<Stream, CancellationToken, Task<Stream>>> ByName { get; } =
        new Dictionary<string, Func<Stream, CancellationToken, Task<Stream>>>(StringComparer.Ordinal)
        {
            ["PlanBackup"] = PlanBackupFunction.HandleAsync,
            ["Summarize"] = SummarizeFunction.HandleAsync,
            ["ListOrgs"] = ListOrgsFunction.HandleAsync,
            ["Prune"] = PruneFunction.HandleAsync,
        };
}
