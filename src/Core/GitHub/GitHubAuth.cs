namespace GitHubBackup.Core.GitHub;

/// <summary>How to authenticate to GitHub. Deliberately not records: a record's ToString would print the secret.</summary>
public abstract class GitHubAuth
{
    private GitHubAuth()
    {
    }

    /// <summary>A classic or fine-grained personal access token (or any token GitHub accepts as Bearer).</summary>
    public sealed class Token(string value) : GitHubAuth
    {
        public string Value { get; } = value;

        public override string ToString() => "token";
    }

    /// <summary>A GitHub App: installation tokens are minted from a JWT signed with the App's private key.</summary>
    public sealed class App(long appId, string privateKeyPem, long? installationId) : GitHubAuth
    {
        public long AppId { get; } = appId;
        public string PrivateKeyPem { get; } = privateKeyPem;

        /// <summary>Null: found by the org it is installed on.</summary>
        public long? InstallationId { get; } = installationId;

        public override string ToString() => $"GitHub App {AppId}";
    }
}
