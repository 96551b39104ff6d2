using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace GitHubBackup.StandIn;

/// <summary>Checks a GitHub App JWT the way GitHub does: RS256 by the App's key, iss = App id, exp not past and at most 10 minutes out.</summary>
internal static class JwtVerifier
{
    private static readonly TimeSpan MaxLifetime = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(60);

    public static bool LooksLikeJwt(string token) => token.Count(c => c == '.') == 2 && token.StartsWith("eyJ", StringComparison.Ordinal);

    /// <summary>Null when valid; otherwise GitHub's kind of reason.</summary>
    public static string? Problem(string jwt, StandInApp app, DateTimeOffset now)
    {
        var parts = jwt.Split('.');
        try
        {
            using var header = JsonDocument.Parse(FromBase64Url(parts[0]));
            if (header.RootElement.GetProperty("alg").GetString() != "RS256")
            {
                return "'alg' must be RS256";
            }

            var signed = Encoding.ASCII.GetBytes($"{parts[0]}.{parts[1]}");
            if (!app.PublicKey.VerifyData(signed, FromBase64Url(parts[2]), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1))
            {
                return "A JSON web token could not be decoded";
            }

            using var payload = JsonDocument.Parse(FromBase64Url(parts[1]));
            var claims = payload.RootElement;
            var issuer = claims.GetProperty("iss");
            var iss = issuer.ValueKind == JsonValueKind.Number ? issuer.GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture) : issuer.GetString();
            if (iss != app.AppId.ToString(System.Globalization.CultureInfo.InvariantCulture))
            {
                return "'Issuer' claim ('iss') must be an Integer";
            }

            var issuedAt = DateTimeOffset.FromUnixTimeSeconds(claims.GetProperty("iat").GetInt64());
            var expires = DateTimeOffset.FromUnixTimeSeconds(claims.GetProperty("exp").GetInt64());
            if (issuedAt > now + ClockSkew)
            {
                return "'Issued at' claim ('iat') must be an Integer representing a time in the past";
            }

            if (expires <= now)
            {
                return "'Expiration time' claim ('exp') must be a numeric value representing the future time at which the assertion expires";
            }

            return expires - now > MaxLifetime || expires - issuedAt > MaxLifetime
                ? "'Expiration time' claim ('exp') is too far in the future"
                : null;
        }
        catch (Exception e) when (e is JsonException or FormatException or KeyNotFoundException or InvalidOperationException or IndexOutOfRangeException)
        {
            return "A JSON web token could not be decoded";
        }
    }

    private static byte[] FromBase64Url(string value)
    {
        var padded = value.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(padded.PadRight(padded.Length + ((4 - (padded.Length % 4)) % 4), '='));
    }
}
