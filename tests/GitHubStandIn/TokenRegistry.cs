using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace GitHubBackup.StandIn;

/// <summary>Tokens the stand-in issued. Formats vary on purpose: real token formats change, clients must not care.</summary>
internal sealed class TokenRegistry
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private readonly ConcurrentDictionary<string, IssuedToken> _tokens = new(StringComparer.Ordinal);
    private int _issued;

    public IssuedToken Issue(TokenKind kind, string? org, DateTimeOffset? expiresAt, int budget)
    {
        var prefix = kind == TokenKind.User ? "ghp_" : "ghs_";
        var length = Interlocked.Increment(ref _issued) % 2 == 0 ? 36 : 90;
        var token = new IssuedToken(prefix + RandomNumberGenerator.GetString(Alphabet, length), kind, org, expiresAt, budget);
        _tokens[token.Value] = token;
        return token;
    }

    public IssuedToken? Find(string value) => _tokens.TryGetValue(value, out var token) ? token : null;

    public IReadOnlyList<string> All => _tokens.Keys.ToList();
}
