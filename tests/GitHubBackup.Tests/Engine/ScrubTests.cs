using GitHubBackup.Core.Contracts;
using GitHubBackup.Core.Engine;

namespace GitHubBackup.Tests.Engine;

/// <summary>Issue 15, "rot does not spread silently": an object more snapshots rely on is proven more often.</summary>
public sealed class ScrubTests
{
    private static readonly DateTimeOffset Written = new(2026, 11, 1, 3, 0, 0, TimeSpan.Zero);

    private static BundleObject Layer(DateTimeOffset provenAt) => new() { Key = "k", Sha256 = "s", WrittenAt = Written, ProvenAt = provenAt };

    [Theory]
    [InlineData(0, 7)]
    [InlineData(6, 7)]
    [InlineData(7, 3)]
    [InlineData(13, 3)]
    [InlineData(14, 2)]
    [InlineData(21, 1)]
    [InlineData(300, 1)]
    public void The_interval_shrinks_as_more_nights_rely_on_the_object(int nightsSinceWritten, int interval)
    {
        Assert.Equal(interval, Scrub.IntervalNights(Layer(Written), Written.AddDays(nightsSinceWritten), scrubDays: 7));
    }

    [Fact]
    public void A_fresh_object_is_due_seven_nights_after_its_proof_even_when_a_night_starts_late()
    {
        Assert.False(Scrub.IsDue(Layer(Written), Written.AddDays(6).AddHours(2), scrubDays: 7));
        Assert.True(Scrub.IsDue(Layer(Written), Written.AddDays(7).AddHours(-2), scrubDays: 7));
    }

    [Fact]
    public void Zero_proves_every_night()
    {
        Assert.True(Scrub.IsDue(Layer(Written), Written.AddHours(20), scrubDays: 0));
    }
}
