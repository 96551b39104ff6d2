namespace GitHubBackup.Core;

/// <summary>The time, owned so that runs spanning token expiry or midnight can be tested.</summary>
public interface IClock
{
    DateTimeOffset UtcNow { get; }
}

public sealed class SystemClock : IClock
{
    public static readonly SystemClock Instance = new();

    public DateTimeOffset UtcNow => DateTimeOffset.UtcNow;
}
