using GitHubBackup.StandIn;

namespace GitHubBackup.Tests.Infrastructure;

/// <summary>A stand-in GitHub per test class, disposed with it.</summary>
public abstract class StandInTest : IAsyncLifetime
{
    protected GitHubStandIn GitHub { get; private set; } = null!;

    protected virtual StandInOptions Options => new();

    public async Task InitializeAsync() => GitHub = await GitHubStandIn.StartAsync(Options);

    public async Task DisposeAsync() => await GitHub.DisposeAsync();
}
