using System.Security.Cryptography;
using System.Text;

namespace GitHubBackup.Core.Git;

/// <summary>A ref and the object it points at.</summary>
public sealed record GitRef(string Name, string Sha);

public static class GitRefs
{
    /// <summary>
    /// SHA-256 over the refs as sorted "sha name" lines: the same digest means the same refs, which is
    /// how a later run can tell a repository did not change without cloning it.
    /// </summary>
    public static string Digest(IEnumerable<GitRef> refs)
    {
        var lines = refs.OrderBy(r => r.Name, StringComparer.Ordinal).Select(r => $"{r.Sha} {r.Name}\n");
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Concat(lines))));
    }

    /// <summary>Names whose targets differ between two sets of refs, for a message a person can read.</summary>
    public static IReadOnlyList<string> Differences(IReadOnlyCollection<GitRef> expected, IReadOnlyCollection<GitRef> actual)
    {
        var wanted = expected.ToDictionary(r => r.Name, r => r.Sha, StringComparer.Ordinal);
        var found = actual.ToDictionary(r => r.Name, r => r.Sha, StringComparer.Ordinal);
        return wanted.Keys.Union(found.Keys)
            .Where(name => !wanted.TryGetValue(name, out var a) || !found.TryGetValue(name, out var b) || a != b)
            .Order(StringComparer.Ordinal)
            .ToList();
    }
}
