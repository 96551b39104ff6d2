using System.Text;
using GitHubBackup.Core.Contracts;

namespace GitHubBackup.Core.GitHub;

/// <summary>
/// What the API lists is checked before it becomes a storage key, a scratch path or a place to send a credential.
/// GitHub's naming rule (docs.github.com, "Repository limits": at most 100 characters, ASCII letters, digits, '.',
/// '-' and '_'; the suffix ".wiki" is reserved for wikis) means a name outside it is not one GitHub made.
/// </summary>
internal static class ListedRepositoryCheck
{
    public static string? Refusal(string? name, string? cloneUrl, GitHubServer server)
    {
        if (name is null || !BackupLayout.IsRepoName(name) || name.EndsWith(".wiki", StringComparison.OrdinalIgnoreCase))
        {
            return $"GitHub listed a repository named '{Printable(name ?? "")}', which is not a GitHub repository name (at most 100 ASCII letters, digits, '.', '-', '_'; not '.', '..' or a '.wiki' suffix); it was not backed up. Report it to the GitHub server's administrator.";
        }

        if (!Uri.TryCreate(cloneUrl, UriKind.Absolute, out var url) || !server.Serves(url))
        {
            return $"GitHub listed the clone URL '{Printable(WithoutUserInfo(cloneUrl))}' for '{name}', which is not on the configured GitHub server {server} (same scheme, host and port required); it was not cloned and no credential was sent to it. Check --api-url.";
        }

        return null;
    }

    private static string WithoutUserInfo(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && !string.IsNullOrEmpty(uri.UserInfo) ? url!.Replace(uri.UserInfo + "@", "", StringComparison.Ordinal) : url ?? "";

    /// <summary>Control characters shown as escapes, so a crafted name cannot rewrite a terminal or split a log line.</summary>
    private static string Printable(string text)
    {
        var printable = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            printable.Append(char.IsControl(c) ? $"\\u{(int)c:x4}" : c);
        }

        return printable.ToString();
    }
}
