using GitHubBackup.Core;
using GitHubBackup.Core.Contracts;

namespace GitHubBackup.Lambdas;

/// <summary>ListOrgs: the orgs the GitHub App is installed on, for an execution with {"allOrgs": true}.</summary>
public static class ListOrgsFunction
{
    public static async Task<Stream> HandleAsync(Stream input, CancellationToken cancellationToken)
    {
        await LambdaJson.ReadExecutionInputAsync<ExecutionInput>(input, inputPath: "$");
        var orgs = await GitHubConnection.InstalledOrgsAsync(LambdaSettings.FromEnvironment(), new Secrets(), cancellationToken);
        return LambdaJson.Write(new ExecutionInput { Orgs = orgs });
    }
}
