using GitHubBackup.Core;
using GitHubBackup.Core.Contracts;
using GitHubBackup.Core.Runs;

namespace GitHubBackup.Lambdas;

/// <summary>
/// PlanBackup: <see cref="PlanRequest"/> in, <see cref="RunPlan"/> out. Errors surface to the state machine
/// by exception type: ConfigurationException (bad input, malformed JSON included; the execution fails with its
/// message as the cause) and RunFailedException (GitHub unavailable; retried).
/// </summary>
public static class PlanBackupFunction
{
    public static async Task<Stream> HandleAsync(Stream input, CancellationToken cancellationToken)
    {
        var request = await LambdaJson.ReadExecutionInputAsync<PlanRequest>(input, inputPath: "$.input");
        var settings = LambdaSettings.FromEnvironment();
        var secrets = new Secrets();
        var planner = new RunPlanner(settings.OpenStore(), settings.Limits);
        var plan = await planner.PlanAsync(
            request,
            settings.DefaultOrg,
            settings.Filter,
            (org, ct) => GitHubConnection.ConnectAsync(settings, org, secrets, ct),
            cancellationToken);
        return LambdaJson.Write(plan);
    }
}
