using GitHubBackup.Core;
using GitHubBackup.Core.GitHub;
using GitHubBackup.Tests.Infrastructure;

namespace GitHubBackup.Tests.GitHub;

public class InstallationTokenSourceTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 22, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task An_hour_token_is_reused_and_replaced_five_minutes_before_it_expires()
    {
        var clock = new ManualClock(Start);
        var minted = 0;
        using var source = new InstallationTokenSource(
            _ => Task.FromResult(new MintedToken($"token-number-{++minted}", clock.UtcNow.AddHours(1))), clock, new Secrets());

        var first = await source.GetTokenAsync(CancellationToken.None);
        clock.Advance(TimeSpan.FromMinutes(54));
        var stillFirst = await source.GetTokenAsync(CancellationToken.None);
        clock.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1));
        var second = await source.GetTokenAsync(CancellationToken.None);

        Assert.Equal("token-number-1", first);
        Assert.Equal(first, stillFirst);
        Assert.Equal("token-number-2", second);
    }

    [Fact]
    public async Task Concurrent_callers_share_one_mint()
    {
        var clock = new ManualClock(Start);
        var minted = 0;
        using var source = new InstallationTokenSource(
            async ct =>
            {
                Interlocked.Increment(ref minted);
                await Task.Delay(50, ct);
                return new MintedToken("shared-token-value", clock.UtcNow.AddHours(1));
            },
            clock,
            new Secrets());

        var tokens = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => source.GetTokenAsync(CancellationToken.None).AsTask()));

        Assert.All(tokens, t => Assert.Equal("shared-token-value", t));
        Assert.Equal(1, minted);
    }

    [Fact]
    public async Task Minted_tokens_are_scrubbed_from_text()
    {
        var secrets = new Secrets();
        var token = FakeSecrets.Token("ghs");
        using var source = new InstallationTokenSource(_ => Task.FromResult(new MintedToken(token, Start.AddHours(1))), new ManualClock(Start), secrets);

        await source.GetTokenAsync(CancellationToken.None);

        Assert.Equal("fatal: bad ***", secrets.Scrub($"fatal: bad {token}"));
    }
}
