namespace GitHubBackup.Core.GitHub;

/// <summary>
/// A GitHub server: github.com, or GitHub Enterprise Server (and compatible APIs) whose REST API lives
/// under <c>/api/v3/</c> of the server root.
/// </summary>
public sealed record GitHubServer
{
    public static readonly GitHubServer GitHubDotCom = new(new Uri("https://github.com/"));

    private GitHubServer(Uri root) => Root = root;

    /// <summary>The server root a person types, e.g. https://ghe.example.com/ .</summary>
    public Uri Root { get; }

    public Uri ApiBase => IsGitHubDotCom ? new Uri("https://api.github.com/") : new Uri(Root, "api/v3/");

    private bool IsGitHubDotCom => Root.Host is "github.com" or "api.github.com";

    /// <summary>
    /// Whether git may fetch <paramref name="url"/> with this server's credential: the same scheme, host and port as
    /// the server's web root (github.com for api.github.com), under its path, with no user info. A clone URL the API
    /// lists is data, not configuration: anything else (another host or port, http for https, file://) is refused.
    /// </summary>
    public bool Serves(Uri url) =>
        url.IsAbsoluteUri
        && string.Equals(url.Scheme, Root.Scheme, StringComparison.OrdinalIgnoreCase)
        && string.Equals(url.IdnHost, Root.IdnHost, StringComparison.OrdinalIgnoreCase)
        && url.Port == Root.Port
        && string.IsNullOrEmpty(url.UserInfo)
        && url.AbsolutePath.StartsWith(Root.AbsolutePath, StringComparison.Ordinal);

    /// <summary>Parses --api-url. Accepts the server root, or an address already ending in /api/v3.</summary>
    public static GitHubServer Parse(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return GitHubDotCom;
        }

        if (!Uri.TryCreate(value.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http"))
        {
            throw new ConfigurationException($"--api-url '{value}' is not an http(s) address; give the server root, e.g. https://ghe.example.com.");
        }

        if (!string.IsNullOrEmpty(uri.UserInfo) || !string.IsNullOrEmpty(uri.Query))
        {
            throw new ConfigurationException("--api-url must not contain credentials or a query; pass the token with --token or GITHUB_TOKEN.");
        }

        var path = uri.AbsolutePath.TrimEnd('/');
        if (path.EndsWith("/api/v3", StringComparison.OrdinalIgnoreCase))
        {
            path = path[..^"/api/v3".Length];
        }

        if (uri.Host is "api.github.com")
        {
            return GitHubDotCom;
        }

        return new GitHubServer(new UriBuilder(uri.Scheme, uri.Host, uri.Port, path + "/").Uri);
    }

    public override string ToString() => Root.ToString().TrimEnd('/');
}
