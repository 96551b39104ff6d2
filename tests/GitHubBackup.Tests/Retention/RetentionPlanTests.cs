using GitHubBackup.Core;
using GitHubBackup.Core.Retention;

namespace GitHubBackup.Tests.Retention;

/// <summary>
/// The GFS rules, as restic's forget documents them: "--keep-daily n: for the last n days which have one or more
/// snapshots, keep only the most recent one for each day"; weeks are ISO weeks (restic: time.ISOWeek), months calendar months.
/// </summary>
public sealed class RetentionPlanTests
{
    private static DateOnly D(string date) => DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture);

    private static Dictionary<string, string> Decide(RetentionPolicy policy, params string[] dates) =>
        RetentionPlan.Decide(dates.Select(D), policy).ToDictionary(
            d => d.Date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            d => d.Keep ? string.Join('+', d.KeptBy) : "delete");

    [Fact]
    public void Keep_daily_keeps_the_newest_n_dates_that_have_a_snapshot_gaps_included()
    {
        var decisions = Decide(new RetentionPolicy(3, 0, 0), "2026-11-01", "2026-11-02", "2026-11-05", "2026-11-09", "2026-11-10");

        Assert.Equal("daily", decisions["2026-11-10"]);
        Assert.Equal("daily", decisions["2026-11-09"]);
        Assert.Equal("daily", decisions["2026-11-05"]);
        Assert.Equal("delete", decisions["2026-11-02"]);
        Assert.Equal("delete", decisions["2026-11-01"]);
    }

    [Fact]
    public void Keep_weekly_keeps_the_newest_snapshot_of_each_iso_week_which_starts_on_monday()
    {
        // 2026-11-01 is a Sunday (ISO week 44); 2026-11-02 a Monday (week 45); 2026-11-08 the Sunday ending week 45.
        var decisions = Decide(new RetentionPolicy(0, 2, 0), "2026-10-31", "2026-11-01", "2026-11-02", "2026-11-05", "2026-11-08");

        Assert.Equal("weekly", decisions["2026-11-08"]);
        Assert.Equal("delete", decisions["2026-11-05"]);
        Assert.Equal("delete", decisions["2026-11-02"]);
        Assert.Equal("weekly", decisions["2026-11-01"]);
        Assert.Equal("delete", decisions["2026-10-31"]);
    }

    [Fact]
    public void A_week_across_new_year_is_one_iso_week()
    {
        // 2026-12-31 (Thursday) and 2027-01-03 (Sunday) are both in ISO week 2026-W53; 2026-12-27 is in week 52.
        var decisions = Decide(new RetentionPolicy(0, 2, 0), "2026-12-27", "2026-12-31", "2027-01-03");

        Assert.Equal("weekly", decisions["2027-01-03"]);
        Assert.Equal("delete", decisions["2026-12-31"]);
        Assert.Equal("weekly", decisions["2026-12-27"]);
    }

    [Fact]
    public void Keep_monthly_keeps_the_last_snapshot_of_each_month_and_skips_months_without_one()
    {
        var decisions = Decide(new RetentionPolicy(0, 0, 3), "2026-07-31", "2026-08-15", "2026-08-31", "2026-10-01", "2026-10-30", "2026-11-02");

        Assert.Equal("monthly", decisions["2026-11-02"]);
        Assert.Equal("monthly", decisions["2026-10-30"]);
        Assert.Equal("delete", decisions["2026-10-01"]);
        Assert.Equal("monthly", decisions["2026-08-31"]);
        Assert.Equal("delete", decisions["2026-08-15"]);
        Assert.Equal("delete", decisions["2026-07-31"]);
    }

    [Fact]
    public void Rules_combine_and_a_snapshot_any_rule_keeps_stays()
    {
        // Wed 10-28 and Sat 10-31 are ISO week 44 (October); Mon 11-02, Wed 11-04, Thu 11-05 week 45 (November).
        var decisions = Decide(new RetentionPolicy(2, 2, 2), "2026-10-28", "2026-10-31", "2026-11-02", "2026-11-04", "2026-11-05");

        Assert.Equal("daily+weekly+monthly", decisions["2026-11-05"]);
        Assert.Equal("daily", decisions["2026-11-04"]);
        Assert.Equal("delete", decisions["2026-11-02"]);
        Assert.Equal("weekly+monthly", decisions["2026-10-31"]);
        Assert.Equal("delete", decisions["2026-10-28"]);
    }

    [Fact]
    public void The_newest_snapshot_is_kept_by_any_policy_that_keeps_anything()
    {
        foreach (var policy in new[] { new RetentionPolicy(1, 0, 0), new RetentionPolicy(0, 1, 0), new RetentionPolicy(0, 0, 1) })
        {
            var decisions = RetentionPlan.Decide([D("2026-01-01"), D("2026-06-30"), D("2026-11-20")], policy);

            Assert.True(decisions[0].Keep);
            Assert.Equal(D("2026-11-20"), decisions[0].Date);
            Assert.Single(decisions, d => d.Keep);
        }
    }

    [Fact]
    public void More_to_keep_than_there_are_snapshots_keeps_them_all()
    {
        var decisions = RetentionPlan.Decide([D("2026-11-01"), D("2026-11-02")], new RetentionPolicy(30, 0, 0));

        Assert.All(decisions, d => Assert.True(d.Keep));
    }

    [Theory]
    [InlineData(null, null, null)]
    [InlineData(0, null, null)]
    [InlineData(0, 0, 0)]
    public void No_keep_rule_is_refused_not_read_as_delete_everything(int? daily, int? weekly, int? monthly)
    {
        var refused = Assert.Throws<ConfigurationException>(() => RetentionPolicy.Create(daily, weekly, monthly));

        Assert.Contains("never deletes every snapshot", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_negative_count_is_refused()
    {
        Assert.Throws<ConfigurationException>(() => RetentionPolicy.Create(7, -1, null));
    }
}
