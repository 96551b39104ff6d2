using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using GitHubBackup.Core;
using GitHubBackup.Core.GitHub;
using GitHubBackup.Tests.Infrastructure;

namespace GitHubBackup.Tests.GitHub;

public class GitHubAppJwtTests
{
    [Fact]
    public void The_jwt_is_rs256_signed_by_the_app_key_backdated_60s_and_expires_within_10_minutes()
    {
        using var key = RSA.Create(2048);
        var now = new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);
        using var jwt = new GitHubAppJwt(4242, key.ExportPkcs8PrivateKeyPem());

        var parts = jwt.Create(now).Split('.');

        Assert.True(key.VerifyData(Encoding.ASCII.GetBytes($"{parts[0]}.{parts[1]}"), FromBase64Url(parts[2]), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
        using var header = JsonDocument.Parse(FromBase64Url(parts[0]));
        Assert.Equal("RS256", header.RootElement.GetProperty("alg").GetString());
        using var payload = JsonDocument.Parse(FromBase64Url(parts[1]));
        var iat = payload.RootElement.GetProperty("iat").GetInt64();
        var exp = payload.RootElement.GetProperty("exp").GetInt64();
        Assert.Equal(now.ToUnixTimeSeconds() - 60, iat);
        Assert.True(exp - now.ToUnixTimeSeconds() < 600, "GitHub rejects an expiry 10 minutes or more ahead; drift needs margin");
        Assert.True(exp - now.ToUnixTimeSeconds() >= 300, "the JWT must outlive a slow token request");
        Assert.Equal("4242", payload.RootElement.GetProperty("iss").GetString());
    }

    [Fact]
    public void A_pkcs1_key_as_github_downloads_it_is_accepted()
    {
        using var key = RSA.Create(2048);
        using var jwt = new GitHubAppJwt(1, key.ExportRSAPrivateKeyPem());

        Assert.Equal(3, jwt.Create(DateTimeOffset.UtcNow).Split('.').Length);
    }

    public static TheoryData<string> MalformedKeys => ["not a pem at all", FakeSecrets.MalformedPem("AAAA")];

    [Theory]
    [MemberData(nameof(MalformedKeys))]
    public void A_malformed_key_is_one_clear_configuration_error(string pem)
    {
        var error = Assert.Throws<ConfigurationException>(() => new GitHubAppJwt(1, pem));

        Assert.Contains("private key", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("\n", error.Message, StringComparison.Ordinal);
    }

    private static byte[] FromBase64Url(string value)
    {
        var padded = value.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(padded.PadRight(padded.Length + ((4 - (padded.Length % 4)) % 4), '='));
    }
}
