using System.Globalization;
using System.Text;

namespace GitHubBackup.Core.Contracts;

/// <summary>
/// The short message sent at the end of every run (SNS on AWS, a webhook locally): totals, the failed
/// repositories, and the input that re-runs them.
/// </summary>
public static class RunNotification
{
    public const int ListedFailures = 20;

    /// <param name="report">Where the complete lists are, when the message carries a bounded <paramref name="rerunInput"/>.</param>
    public static string Text(string org, string date, string runId, ManifestTotals totals, IReadOnlyList<string> failedRepos, string? rerunInput, RunReportFiles? report = null)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"github-backup {org} {date} ({runId}): ");
        text.Append(failedRepos.Count == 0 ? "OK. " : $"{failedRepos.Count} FAILED. ");
        text.Append(CultureInfo.InvariantCulture,
            $"{totals.Repos} repositories: {totals.Succeeded} backed up, {totals.Unchanged} unchanged, {totals.Empty} empty, {totals.Gone} gone, {totals.Failed} failed; {totals.Bytes / 1048576.0:0.0} MiB.");
        if (failedRepos.Count > 0)
        {
            text.Append(" Failed: ").Append(string.Join(", ", failedRepos.Take(ListedFailures)));
            if (failedRepos.Count > ListedFailures)
            {
                text.Append(CultureInfo.InvariantCulture, $" and {failedRepos.Count - ListedFailures} more");
            }

            text.Append('.');
            if (rerunInput is not null)
            {
                text.Append(" Re-run them with: ").Append(rerunInput);
            }

            if (report is not null)
            {
                text.Append(CultureInfo.InvariantCulture, $" Every failed repository: {report.FailedUri}; the input that re-runs them: {report.RerunInputUri}.");
            }
        }

        return text.ToString();
    }
}
