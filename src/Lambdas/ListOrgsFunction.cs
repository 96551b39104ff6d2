using GitHubBackup.Core;
using GitHubBackup.Core.Contracts;

namespace GitHubBackup.Lambdas;

/// <summary>ListOrgs: the orgs the GitHub App is installed on, for an execution with {"allOrgs": true}.</summary>
public sealed class ListOrgsFunction
{
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1822", Justification = "The Lambda runtime calls handlers on an instance it creates.")]
    public async Task<Stream> HandleAsync(Stream input)
    {
        await LambdaJson.ReadAsync<ExecutionInput>(input, "The ListOrgs input");
        var orgs = await GitHubConnection.InstalledOrgsAsync(LambdaSettings.FromEnvironment(), new Secrets(), CancellationToken.None);
        return LambdaJson.Write(new ExecutionInput { Orgs = orgs });
    }
}
