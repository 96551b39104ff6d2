namespace GitHubBackup.Core.Git;

/// <summary>HTTP Basic credentials for git. ToString never shows the password.</summary>
public sealed class GitCredential(string username, string password)
{
    /// <summary>The username GitHub expects with an App installation token (any name works with a PAT).</summary>
    public const string TokenUsername = "x-access-token";

    public string Username { get; } = username;
    public string Password { get; } = password;

    public override string ToString() => $"{Username}:***";
}
