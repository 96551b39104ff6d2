using GitHubBackup.Core;
using GitHubBackup.Core.GitHub;

namespace GitHubBackup.Lambdas;

/// <summary>Connects to GitHub as the App the stack is configured with.</summary>
public static class GitHubConnection
{
    public static async Task<GitHubSession> ConnectAsync(LambdaSettings settings, string org, Secrets secrets, CancellationToken cancellationToken) =>
        await GitHubSession.ConnectAsync(settings.Server, await AppAsync(settings, cancellationToken), org, new GitHubApiOptions(), secrets, SystemClock.Instance, TimeProvider.System, cancellationToken);

    /// <summary>Every org the App is installed on.</summary>
    public static async Task<IReadOnlyList<string>> InstalledOrgsAsync(LambdaSettings settings, Secrets secrets, CancellationToken cancellationToken) =>
        await GitHubSession.InstalledOrgsAsync(settings.Server, await AppAsync(settings, cancellationToken), new GitHubApiOptions(), secrets, SystemClock.Instance, TimeProvider.System, cancellationToken);

    private static async Task<GitHubAuth.App> AppAsync(LambdaSettings settings, CancellationToken cancellationToken)
    {
        var appId = settings.AppId ?? throw new ConfigurationException("GITHUB_APP_ID is not set; the template sets it from the GitHubAppId parameter.");
        var secretName = settings.PrivateKeySecret
            ?? throw new ConfigurationException("GITHUB_APP_PRIVATE_KEY_SECRET is not set; the template sets it to the App key's secret name.");
        return new GitHubAuth.App(appId, await AppKeySecret.ReadAsync(secretName, cancellationToken), settings.InstallationId);
    }
}
