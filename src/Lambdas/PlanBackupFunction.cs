using GitHubBackup.Core;
using GitHubBackup.Core.Contracts;
using GitHubBackup.Core.Runs;

namespace GitHubBackup.Lambdas;

/// <summary>
/// PlanBackup: <see cref="PlanRequest"/> in, <see cref="RunPlan"/> out. Errors surface to the state machine
/// by exception type: ConfigurationException (bad input; the execution fails with its message as the
/// cause) and RunFailedException (GitHub unavailable; retried).
/// </summary>
public sealed class PlanBackupFunction
{
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1822", Justification = "The Lambda runtime calls handlers on an instance it creates.")]
    public async Task<Stream> HandleAsync(Stream input)
    {
        var request = await LambdaJson.ReadAsync<PlanRequest>(input, "The PlanBackup input");
        var settings = LambdaSettings.FromEnvironment();
        var secrets = new Secrets();
        var planner = new RunPlanner(settings.OpenStore(), settings.Limits);
        var plan = await planner.PlanAsync(
            request,
            settings.DefaultOrg,
            settings.Filter,
            (org, ct) => GitHubConnection.ConnectAsync(settings, org, secrets, ct),
            CancellationToken.None);
        return LambdaJson.Write(plan);
    }
}
