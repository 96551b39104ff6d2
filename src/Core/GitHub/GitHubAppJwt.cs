using System.Security.Cryptography;
using System.Text;

namespace GitHubBackup.Core.GitHub;

/// <summary>
/// The RS256 JWT a GitHub App presents to mint installation tokens. Issued 60 s in the past and valid
/// 9 minutes ahead: GitHub rejects an expiry more than 10 minutes out, and clocks drift.
/// </summary>
public sealed class GitHubAppJwt : IDisposable
{
    public static readonly TimeSpan Backdate = TimeSpan.FromSeconds(60);
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(9);

    private readonly long _appId;
    private readonly RSA _key;

    public GitHubAppJwt(long appId, string privateKeyPem)
    {
        _appId = appId;
        _key = RSA.Create();
        try
        {
            _key.ImportFromPem(privateKeyPem);
        }
        catch (ArgumentException e)
        {
            _key.Dispose();
            throw new ConfigurationException(
                "The GitHub App private key is not a PEM-encoded RSA private key; download a new key (.pem) from the App's settings page.", e);
        }
        catch (CryptographicException e)
        {
            _key.Dispose();
            throw new ConfigurationException(
                "The GitHub App private key could not be read as an RSA private key; download a new key (.pem) from the App's settings page.", e);
        }

        if (_key.KeySize < 2048)
        {
            _key.Dispose();
            throw new ConfigurationException($"The GitHub App private key has {_key.KeySize} bits; GitHub App keys are 2048-bit RSA. Download the App's key again.");
        }
    }

    public string Create(DateTimeOffset now)
    {
        var header = Base64Url("""{"alg":"RS256","typ":"JWT"}"""u8);
        var issuedAt = (now - Backdate).ToUnixTimeSeconds();
        var expires = (now + Lifetime).ToUnixTimeSeconds();
        var payload = Base64Url(Encoding.UTF8.GetBytes($$"""{"iat":{{issuedAt}},"exp":{{expires}},"iss":"{{_appId}}"}"""));
        var signingInput = $"{header}.{payload}";
        var signature = _key.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return $"{signingInput}.{Base64Url(signature)}";
    }

    public void Dispose() => _key.Dispose();

    private static string Base64Url(ReadOnlySpan<byte> bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
