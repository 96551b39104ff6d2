using System.Globalization;

namespace GitHubBackup.Core.Retention;

/// <summary>One snapshot date and whether the policy keeps it, with the rules that keep it ("daily", "weekly", "monthly").</summary>
public sealed record RetentionDecision(DateOnly Date, IReadOnlyList<string> KeptBy)
{
    public bool Keep => KeptBy.Count > 0;
}

/// <summary>The pure part of prune: which of an org's snapshot dates a policy keeps.</summary>
public static class RetentionPlan
{
    /// <summary>
    /// Walks the dates newest first; each rule keeps a date when it opens a period (day, ISO week, month) the rule has
    /// not seen yet, until it has kept its count. So the newest snapshot is always kept, and each kept older one is
    /// the newest of its period.
    /// </summary>
    public static IReadOnlyList<RetentionDecision> Decide(IEnumerable<DateOnly> dates, RetentionPolicy policy)
    {
        var rules = new[]
        {
            new Rule("daily", policy.KeepDaily, d => d.DayNumber),
            new Rule("weekly", policy.KeepWeekly, IsoWeek),
            new Rule("monthly", policy.KeepMonthly, d => (d.Year * 100) + d.Month),
        };
        var decisions = new List<RetentionDecision>();
        foreach (var date in dates.Distinct().OrderDescending())
        {
            decisions.Add(new RetentionDecision(date, rules.Where(rule => rule.Takes(date)).Select(rule => rule.Name).ToList()));
        }

        return decisions;
    }

    private static int IsoWeek(DateOnly date)
    {
        var day = date.ToDateTime(TimeOnly.MinValue);
        return (ISOWeek.GetYear(day) * 100) + ISOWeek.GetWeekOfYear(day);
    }

    private sealed class Rule(string name, int count, Func<DateOnly, int> period)
    {
        private int _left = count;
        private int? _last;

        public string Name => name;

        public bool Takes(DateOnly date)
        {
            var current = period(date);
            if (_left == 0 || current == _last)
            {
                return false;
            }

            _last = current;
            _left--;
            return true;
        }
    }
}
