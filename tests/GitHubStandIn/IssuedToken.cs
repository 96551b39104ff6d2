namespace GitHubBackup.StandIn;

public enum TokenKind
{
    User,
    Installation,
}

/// <summary>A token the stand-in issued, with what it may see and until when.</summary>
internal sealed class IssuedToken(string value, TokenKind kind, string? org, DateTimeOffset? expiresAt, int budget)
{
    private int _remaining = budget;

    public string Value { get; } = value;
    public TokenKind Kind { get; } = kind;

    /// <summary>The org an installation token belongs to; null for a user token (sees every org).</summary>
    public string? Org { get; } = org;

    public DateTimeOffset? ExpiresAt { get; } = expiresAt;
    public int Budget { get; } = budget;
    public DateTimeOffset ResetAt { get; } = DateTimeOffset.UtcNow.AddHours(1);

    public int Remaining => Math.Max(0, Volatile.Read(ref _remaining));

    public bool IsExpired(DateTimeOffset now) => ExpiresAt is { } expiry && now >= expiry;

    /// <summary>Counts a request against the hourly budget; false once it is spent.</summary>
    public bool TrySpend() => Interlocked.Decrement(ref _remaining) >= 0;

    public void Exhaust() => Volatile.Write(ref _remaining, 0);
}
