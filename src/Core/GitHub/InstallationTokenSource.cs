namespace GitHubBackup.Core.GitHub;

/// <summary>
/// A GitHub App installation token, re-minted before it expires so that a run of any length never
/// presents a dead token. Installation tokens live one hour; this refreshes with minutes to spare
/// (or half the lifetime, for short-lived tokens).
/// </summary>
public sealed class InstallationTokenSource(
    Func<CancellationToken, Task<MintedToken>> mint,
    IClock clock,
    Secrets secrets) : ITokenSource, IDisposable
{
    private static readonly TimeSpan MaxMargin = TimeSpan.FromMinutes(5);

    private readonly SemaphoreSlim _minting = new(1, 1);
    private Current? _current;

    public async ValueTask<string> GetTokenAsync(CancellationToken cancellationToken)
    {
        var current = _current;
        if (current is not null && !current.IsDue(clock.UtcNow))
        {
            return current.Token;
        }

        await _minting.WaitAsync(cancellationToken);
        try
        {
            current = _current;
            if (current is null || current.IsDue(clock.UtcNow))
            {
                var issuedAt = clock.UtcNow;
                var minted = await mint(cancellationToken);
                secrets.Add(minted.Token);
                var lifetime = minted.ExpiresAt - issuedAt;
                var margin = lifetime / 2 < MaxMargin ? lifetime / 2 : MaxMargin;
                _current = current = new Current(minted.Token, minted.ExpiresAt - margin);
            }

            return current.Token;
        }
        finally
        {
            _minting.Release();
        }
    }

    public void Dispose() => _minting.Dispose();

    private sealed record Current(string Token, DateTimeOffset RefreshAt)
    {
        public bool IsDue(DateTimeOffset now) => now >= RefreshAt;
    }
}

public sealed record MintedToken(string Token, DateTimeOffset ExpiresAt)
{
    public override string ToString() => $"token expiring {ExpiresAt:O}";
}
