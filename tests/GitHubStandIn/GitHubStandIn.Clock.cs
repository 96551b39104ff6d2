namespace GitHubBackup.StandIn;

public sealed partial class GitHubStandIn
{
    /// <summary>
    /// The stand-in's clock for token and JWT lifetimes. A test that moves the client's clock (libfaketime) moves this
    /// one with it, so an expiry happens when the test says, not when a busy machine lets it.
    /// </summary>
    public TimeProvider Time { get; set; } = TimeProvider.System;
}
