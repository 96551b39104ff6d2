using GitHubBackup.StandIn;

namespace GitHubBackup.Tests.Infrastructure;

/// <summary>A stand-in GitHub and a scratch directory per test, both removed after it.</summary>
public abstract class StandInTest : IAsyncLifetime
{
    protected GitHubStandIn GitHub { get; private set; } = null!;

    protected TempDirectory Work { get; } = new("work");

    protected virtual StandInOptions Options => new();

    public async Task InitializeAsync() => GitHub = await GitHubStandIn.StartAsync(Options);

    public async Task DisposeAsync()
    {
        await GitHub.DisposeAsync();
        Work.Dispose();
    }
}
