using GitHubBackup.Core;
using GitHubBackup.Core.GitHub;

namespace GitHubBackup.Lambdas;

/// <summary>Connects to GitHub as the App the stack is configured with.</summary>
public static class GitHubConnection
{
    public static async Task<GitHubSession> ConnectAsync(LambdaSettings settings, string org, Secrets secrets, CancellationToken cancellationToken)
    {
        var appId = settings.AppId ?? throw new ConfigurationException("GITHUB_APP_ID is not set; the template sets it from the GitHubAppId parameter.");
        var secretName = settings.PrivateKeySecret
            ?? throw new ConfigurationException("GITHUB_APP_PRIVATE_KEY_SECRET is not set; the template sets it to the App key's secret name.");
        var pem = await AppKeySecret.ReadAsync(secretName, cancellationToken);
        return await GitHubSession.ConnectAsync(
            settings.Server,
            new GitHubAuth.App(appId, pem, settings.InstallationId),
            org,
            new GitHubApiOptions(),
            secrets,
            SystemClock.Instance,
            TimeProvider.System,
            cancellationToken);
    }
}
