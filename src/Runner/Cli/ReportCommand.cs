using System.CommandLine;
using GitHubBackup.Core;
using GitHubBackup.Core.Reports;

namespace GitHubBackup.Runner.Cli;

/// <summary>
/// <c>github-backup report</c>: one self-contained HTML page of a destination's snapshots over time (repositories by
/// status, bytes stored and transferred, durations, failures, restore drills), readable offline.
/// </summary>
public static class ReportCommand
{
    public static Command Create()
    {
        var snapshot = new SnapshotOptions();
        var output = new EnvOption<string>("--out", "GITHUB_BACKUP_REPORT_OUT", "The HTML file to write, e.g. report.html");

        var command = new Command("report", "Write an HTML page of a destination's snapshots over time: statuses, bytes, durations, failures and restore drills, with charts.");
        foreach (var option in snapshot.AcrossDates.Append(output.Option))
        {
            command.Options.Add(option);
        }

        command.SetAction((parse, cancellationToken) => CommandErrors.HandleAsync(async () =>
        {
            var input = snapshot.Input(parse);
            var org = snapshot.OrgName(input, required: false);
            var file = OutputFile.Require("--out", input.Required(output), "report.html");

            var store = await snapshot.OpenAsync(input, cancellationToken);
            var report = await new ReportBuilder(store, SystemClock.Instance).BuildAsync(org, cancellationToken);

            await OutputFile.WriteAsync("--out", file, System.Text.Encoding.UTF8.GetBytes(ReportPage.Render(report)), cancellationToken);
            await Console.Out.WriteLineAsync($"Wrote {file}: {report.Snapshots.Count} snapshot(s) of {string.Join(", ", report.Snapshots.Select(s => s.Org).Distinct())}.");
            return ExitCodes.Success;
        }, Console.Error));
        return command;
    }
}
