using System.CommandLine;
using System.Globalization;
using GitHubBackup.Core.Restore;
using GitHubBackup.Runner.Progress;
using Spectre.Console;

namespace GitHubBackup.Runner.Cli;

/// <summary>
/// <c>github-backup list</c>: the snapshots a destination holds; with --org and --date, one snapshot's
/// repositories. A table at a terminal; tab-separated lines with a header otherwise (for scripts).
/// </summary>
public static class ListCommand
{
    public static Command Create()
    {
        var snapshot = new SnapshotOptions();
        var command = new Command("list", "List snapshots (dates, orgs, totals, failures), or one snapshot's repositories with --org and --date.");
        foreach (var option in snapshot.All)
        {
            command.Options.Add(option);
        }

        command.SetAction((parse, cancellationToken) => CommandErrors.HandleAsync(async () =>
        {
            var input = snapshot.Input(parse);
            var org = snapshot.OrgName(input, required: false);
            var date = snapshot.SnapshotDate(input);
            var catalog = new SnapshotCatalog(await snapshot.OpenAsync(input, cancellationToken));
            var (header, rows) = org is not null && date is not null
                ? await RepositoriesAsync(catalog, org, date, cancellationToken)
                : await SnapshotsAsync(catalog, org, date, cancellationToken);
            if (rows.Count == 0)
            {
                await Console.Error.WriteLineAsync($"No snapshots{(org is null ? "" : $" of '{org}'")}{(date is null ? "" : $" on {date}")} in {input.Required(snapshot.From)}.");
                return ExitCodes.Success;
            }

            Print(header, rows);
            return ExitCodes.Success;
        }, Console.Error));
        return command;
    }

    private static void Print(string[] header, List<string[]> rows)
    {
        if (Console.IsOutputRedirected)
        {
            Console.WriteLine(string.Join('\t', header));
            rows.ForEach(row => Console.WriteLine(string.Join('\t', row)));
            return;
        }

        var table = new Table().AddColumns(header);
        rows.ForEach(row => table.AddRow(row.Select(Markup.Escape).ToArray()));
        AnsiConsole.Write(table);
    }

    private static async Task<(string[] Header, List<string[]> Rows)> SnapshotsAsync(SnapshotCatalog catalog, string? org, string? date, CancellationToken cancellationToken)
    {
        var rows = new List<string[]>();
        foreach (var day in date is null ? await catalog.DatesAsync(cancellationToken) : [date])
        {
            foreach (var name in org is null ? await catalog.OrgsAsync(day, cancellationToken) : [org])
            {
                if (await catalog.ManifestAsync(day, name, cancellationToken) is not { } manifest)
                {
                    continue;
                }

                var t = manifest.Totals;
                rows.Add([day, name, Count(t.Repos), Count(t.Succeeded), Count(t.Unchanged), Count(t.Empty), Count(t.Gone), Count(t.Failed), Bytes.Format(t.Bytes)]);
            }
        }

        return (["date", "org", "repos", "succeeded", "unchanged", "empty", "gone", "failed", "stored"], rows);
    }

    private static async Task<(string[] Header, List<string[]> Rows)> RepositoriesAsync(SnapshotCatalog catalog, string org, string date, CancellationToken cancellationToken)
    {
        var manifest = await catalog.RequireManifestAsync(org, date, cancellationToken);
        var rows = manifest.Repos.Select(e => new[] { e.Name, e.Status, Count(e.Refs), Bytes.Format(e.SizeBytes), e.Error ?? "" }).ToList();
        return (["repository", "status", "refs", "size", "error"], rows);
    }

    private static string Count(int value) => value.ToString(CultureInfo.InvariantCulture);
}
