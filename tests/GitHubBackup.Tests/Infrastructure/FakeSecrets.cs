using System.Security.Cryptography;

namespace GitHubBackup.Tests.Infrastructure;

/// <summary>
/// Token-shaped strings and broken keys made when a test runs, so the repository never holds anything a secret
/// scanner would take for a credential.
/// </summary>
public static class FakeSecrets
{
    /// <summary>A string shaped like a GitHub token (<paramref name="prefix"/>_ and 36 characters), valid nowhere.</summary>
    public static string Token(string prefix) => $"{prefix}_{Convert.ToHexString(RandomNumberGenerator.GetBytes(18))}";

    /// <summary>A freshly generated RSA key's PEM armour around a body that is not the key: <paramref name="body"/>.</summary>
    public static string MalformedPem(string body)
    {
        using var key = RSA.Create(2048);
        var lines = key.ExportRSAPrivateKeyPem().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return $"{lines[0]}\n{body}\n{lines[^1]}\n";
    }
}
