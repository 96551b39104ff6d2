using GitHubBackup.Core.Git;

namespace GitHubBackup.Core.Engine;

/// <summary>Reads git's words to tell a repository that is gone from a hiccup worth retrying.</summary>
public static class GitFailures
{
    private static readonly string[] TransientSigns =
    [
        "returned error: 500", "returned error: 502", "returned error: 503", "returned error: 504", "returned error: 429",
        "returned error: 401", "Authentication failed",
        "RPC failed", "early EOF", "unexpected disconnect", "the remote end hung up", "Connection reset", "Connection refused",
        "Could not resolve host", "Failed to connect", "timed out", "Operation too slow", "transfer closed",
        "Empty reply from server", "SSL_read", "GnuTLS", "gnutls", "HTTP/2 stream", "index-pack failed", "fetch-pack: invalid index-pack output",
    ];

    // git says "repository 'URL' not found" for a 404 on info/refs, and passes the server's text through.
    private static readonly string[] GoneSigns = ["returned error: 404", "Repository not found", "' not found"];

    public static bool IsGone(Exception error) =>
        error is GitCommandException git && GoneSigns.Any(sign => git.StandardError.Contains(sign, StringComparison.Ordinal));

    public static bool IsTransient(Exception error) =>
        error is GitCommandException git && !IsGone(error) && !IsDiskFull(git)
        && TransientSigns.Any(sign => git.StandardError.Contains(sign, StringComparison.Ordinal));

    private static bool IsDiskFull(GitCommandException git) =>
        git.StandardError.Contains("No space left on device", StringComparison.Ordinal);
}
