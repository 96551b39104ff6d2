using GitHubBackup.Core;

namespace GitHubBackup.Tests.Infrastructure;

public sealed class ManualClock(DateTimeOffset start) : IClock
{
    public DateTimeOffset UtcNow { get; private set; } = start;

    public void Advance(TimeSpan by) => UtcNow += by;
}
