using Amazon.SimpleSystemsManagement;
using Amazon.SimpleSystemsManagement.Model;
using GitHubBackup.Core;

namespace GitHubBackup.Lambdas;

/// <summary>
/// The GitHub App's private key from Secrets Manager, read through SSM Parameter Store's
/// <c>/aws/reference/secretsmanager/</c> path (the Secrets Manager SDK is not available to this build).
/// </summary>
public static class AppKeySecret
{
    public static async Task<string> ReadAsync(string secretName, CancellationToken cancellationToken)
    {
        using var ssm = new AmazonSimpleSystemsManagementClient();
        try
        {
            var response = await ssm.GetParameterAsync(
                new GetParameterRequest { Name = $"/aws/reference/secretsmanager/{secretName}", WithDecryption = true },
                cancellationToken);
            return response.Parameter.Value;
        }
        catch (ParameterNotFoundException e)
        {
            throw new ConfigurationException($"Secret '{secretName}' (GITHUB_APP_PRIVATE_KEY_SECRET) was not found in Secrets Manager; store the App's PEM key under that name.", e);
        }
    }
}
