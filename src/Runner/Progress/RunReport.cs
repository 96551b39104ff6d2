using GitHubBackup.Core.Contracts;
using GitHubBackup.Core.Engine;
using Spectre.Console;

namespace GitHubBackup.Runner.Progress;

/// <summary>The end of a run, for a person or for the logs: totals, failures, and where the manifest is.</summary>
public static class RunReport
{
    public static void Print(IAnsiConsole console, OrgBackupResult result)
    {
        var entries = result.Entries;
        var totals = ManifestMerge.Totals(entries);
        var table = new Table().Border(TableBorder.Rounded).AddColumns("repositories", "succeeded", "empty", "gone", "failed", "stored");
        table.AddRow(
            totals.Repos.ToString(System.Globalization.CultureInfo.InvariantCulture),
            $"[green]{totals.Succeeded}[/]",
            totals.Empty.ToString(System.Globalization.CultureInfo.InvariantCulture),
            totals.Gone.ToString(System.Globalization.CultureInfo.InvariantCulture),
            totals.Failed > 0 ? $"[red]{totals.Failed}[/]" : "0",
            Bytes.Format(totals.Bytes));
        console.Write(table);
        foreach (var failed in entries.Where(e => e.Status == RepoStatus.Failed))
        {
            console.MarkupLine($"[red]failed[/] {Markup.Escape(failed.Name)}: {Markup.Escape(failed.Error ?? "")}");
        }

        console.MarkupLine($"manifest: {Markup.Escape(result.ManifestLocation)}");
        if (result.Interrupted)
        {
            console.MarkupLine("[yellow]interrupted: the manifest holds the repositories that finished[/]");
        }
    }

    public static void Log(JsonLogWriter log, OrgBackupResult result)
    {
        var totals = ManifestMerge.Totals(result.Entries);
        log.Write("run.finished", json =>
        {
            json.WriteString("org", result.Manifest.Org);
            json.WriteString("runId", result.Manifest.RunId);
            json.WriteString("manifest", result.ManifestLocation);
            json.WriteNumber("repos", totals.Repos);
            json.WriteNumber("succeeded", totals.Succeeded);
            json.WriteNumber("empty", totals.Empty);
            json.WriteNumber("gone", totals.Gone);
            json.WriteNumber("failed", totals.Failed);
            json.WriteNumber("bytes", totals.Bytes);
            json.WriteBoolean("interrupted", result.Interrupted);
            json.WriteStartArray("failedRepos");
            foreach (var failed in result.Entries.Where(e => e.Status == RepoStatus.Failed))
            {
                json.WriteStringValue(failed.Name);
            }

            json.WriteEndArray();
        });
    }
}
