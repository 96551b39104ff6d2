using System.Globalization;

namespace GitHubBackup.Tests.Nightly;

/// <summary>
/// The five fields of a cron schedule (crontab(5), and Kubernetes' CronJob schedule, which uses the same syntax):
/// minute 0-59, hour 0-23, day of month 1-31, month 1-12, day of week 0-7; each '*', a number, a range a-b, a step
/// (*/n, a-b/n), or a comma list of those. Names (jan, mon) and @daily are valid cron too but not used here.
/// </summary>
internal static class CronSchedule
{
    private static readonly (int Min, int Max)[] Fields = [(0, 59), (0, 23), (1, 31), (1, 12), (0, 7)];

    /// <returns>Why the schedule is not valid, or null when it is.</returns>
    public static string? Problem(string schedule)
    {
        var fields = schedule.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length != 5)
        {
            return $"'{schedule}' has {fields.Length} fields, not 5";
        }

        for (var i = 0; i < 5; i++)
        {
            foreach (var item in fields[i].Split(','))
            {
                if (!ValidItem(item, Fields[i].Min, Fields[i].Max))
                {
                    return $"'{item}' is not valid in field {i + 1} of '{schedule}' ({Fields[i].Min}-{Fields[i].Max})";
                }
            }
        }

        return null;
    }

    private static bool ValidItem(string item, int min, int max)
    {
        var parts = item.Split('/');
        if (parts.Length > 2 || (parts.Length == 2 && !(int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var step) && step > 0)))
        {
            return false;
        }

        if (parts[0] == "*")
        {
            return true;
        }

        var range = parts[0].Split('-');
        return range.Length <= 2
            && range.All(n => int.TryParse(n, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
            && (range.Length == 1 || int.Parse(range[0], CultureInfo.InvariantCulture) <= int.Parse(range[1], CultureInfo.InvariantCulture));
    }
}
