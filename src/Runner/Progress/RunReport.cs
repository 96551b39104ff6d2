using GitHubBackup.Core.Contracts;
using GitHubBackup.Core.Engine;
using Spectre.Console;

namespace GitHubBackup.Runner.Progress;

/// <summary>The end of a run, for a person, for the logs, or for a notification: totals, failures, where the manifests are.</summary>
public static class RunReport
{
    public static void Print(IAnsiConsole console, IReadOnlyList<OrgOutcome> outcomes)
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumns("org", "repositories", "succeeded", "unchanged", "empty", "gone", "failed", "stored");
        foreach (var outcome in outcomes)
        {
            var totals = Totals(outcome);
            table.AddRow(
                Markup.Escape(outcome.Org), Count(totals.Repos), $"[green]{totals.Succeeded}[/]", Count(totals.Unchanged), Count(totals.Empty), Count(totals.Gone),
                totals.Failed > 0 || outcome.Error is not null ? $"[red]{totals.Failed}[/]" : "0", Bytes.Format(totals.Bytes));
        }

        console.Write(table);
        foreach (var outcome in outcomes)
        {
            if (outcome.Error is not null)
            {
                console.MarkupLine($"[red]{Markup.Escape(outcome.Org)} could not be backed up:[/] {Markup.Escape(outcome.Error)}");
            }

            foreach (var (name, why) in Repaired(outcome))
            {
                console.MarkupLine($"[yellow]repaired[/] {Markup.Escape(outcome.Org)}/{Markup.Escape(name)}: {Markup.Escape(why)}");
            }

            foreach (var failed in outcome.Results.SelectMany(r => r.Entries).Where(e => e.NeedsRerun))
            {
                console.MarkupLine($"[red]failed[/] {Markup.Escape(outcome.Org)}/{Markup.Escape(failed.Name)}: {Markup.Escape(Problems(failed))}");
            }

            foreach (var result in outcome.Results)
            {
                console.MarkupLine($"manifest: {Markup.Escape(result.ManifestLocation)}");
            }
        }

        if (outcomes.SelectMany(o => o.Results).Any(r => r.Interrupted))
        {
            console.MarkupLine("[yellow]interrupted: the manifests hold the repositories that finished[/]");
        }
    }

    public static void Log(JsonLogWriter log, IReadOnlyList<OrgOutcome> outcomes)
    {
        foreach (var outcome in outcomes)
        {
            var totals = Totals(outcome);
            log.Write("run.finished", json =>
            {
                json.WriteString("org", outcome.Org);
                json.WriteStartArray("manifests");
                foreach (var result in outcome.Results)
                {
                    json.WriteStringValue(result.ManifestLocation);
                }

                json.WriteEndArray();
                json.WriteNumber("repos", totals.Repos);
                json.WriteNumber("succeeded", totals.Succeeded);
                json.WriteNumber("unchanged", totals.Unchanged);
                json.WriteNumber("empty", totals.Empty);
                json.WriteNumber("gone", totals.Gone);
                json.WriteNumber("failed", totals.Failed);
                json.WriteNumber("bytes", totals.Bytes);
                json.WriteNumber("repaired", totals.Repaired);
                json.WriteStartArray("repairedRepos");
                foreach (var (name, _) in Repaired(outcome))
                {
                    json.WriteStringValue(name);
                }

                json.WriteEndArray();
                json.WriteBoolean("interrupted", outcome.Results.Any(r => r.Interrupted));
                if (outcome.Error is not null)
                {
                    json.WriteString("error", outcome.Error);
                }

                json.WriteStartArray("failedRepos");
                foreach (var failed in FailedRepos(outcome))
                {
                    json.WriteStringValue(failed);
                }

                json.WriteEndArray();
            });
        }
    }

    /// <summary>The notification text: one paragraph per org.</summary>
    public static string Notification(IReadOnlyList<OrgOutcome> outcomes) =>
        string.Join("\n", outcomes.Select(outcome => outcome.Error is not null
            ? $"github-backup {outcome.Org}: FAILED, not backed up: {outcome.Error}"
            : RunNotification.Text(
                outcome.Org,
                outcome.Results.Count > 0 ? outcome.Results[0].Manifest.Date : "",
                outcome.Results.Count > 0 ? outcome.Results[0].Manifest.RunId : "",
                Totals(outcome),
                FailedRepos(outcome),
                FailedRepos(outcome) is { Count: > 0 } failed ? RerunInput.For(outcome.Org, failed) : null)));

    private static ManifestTotals Totals(OrgOutcome outcome) => ManifestMerge.Totals(outcome.Results.SelectMany(r => r.Entries).ToList());

    /// <summary>Repositories (or wikis) whose stored bundle had rotted, and what was found: they were cloned again.</summary>
    private static IEnumerable<(string Name, string Why)> Repaired(OrgOutcome outcome) =>
        outcome.Results.SelectMany(r => r.Entries).SelectMany(e => new[] { (e.Name, e.Repaired), (e.Name + " (wiki)", e.Wiki?.Repaired) })
            .Where(r => r.Item2 is not null).Select(r => (r.Item1, r.Item2!));

    private static List<string> FailedRepos(OrgOutcome outcome) =>
        outcome.Results.SelectMany(r => r.Entries).Where(e => e.NeedsRerun).Select(e => e.Name).ToList();

    private static string Problems(RepoEntry entry) =>
        string.Join("; ", new[] { entry.Error, entry.Wiki?.Error is { } wiki ? $"wiki: {wiki}" : null, entry.Lfs?.Error is { } lfs ? $"LFS: {lfs}" : null }.OfType<string>());

    private static string Count(int value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
