using GitHubBackup.Core.Contracts;
using GitHubBackup.Core.Engine;
using Spectre.Console;

namespace GitHubBackup.Runner.Progress;

/// <summary>The end of a run, for a person, for the logs, or for a notification: totals, failures, where the manifests are.</summary>
public static class RunReport
{
    /// <summary>
    /// A column per org and a row per figure, so the table stays narrow (80 columns hold four orgs) and no header
    /// or name is cut. "written" is what this run stored; "carried" is unchanged bundles copied from the last snapshot.
    /// </summary>
    public static void Print(IAnsiConsole console, IReadOnlyList<OrgOutcome> outcomes)
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumn("");
        var totals = outcomes.Select(Totals).ToList();
        var written = outcomes.Select(Written).ToList();
        foreach (var outcome in outcomes)
        {
            table.AddColumn(new TableColumn(Markup.Escape(outcome.Org)).RightAligned());
        }

        void Row(string label, Func<int, string> cell) => table.AddRow([label, .. outcomes.Select((_, i) => cell(i))]);
        Row("repositories", i => Count(totals[i].Repos));
        Row("backed up", i => $"[green]{totals[i].Succeeded}[/]");
        Row("unchanged", i => Count(totals[i].Unchanged));
        Row("empty", i => Count(totals[i].Empty));
        Row("gone", i => Count(totals[i].Gone));
        Row("failed", i => totals[i].Failed > 0 || outcomes[i].Error is not null ? $"[red]{totals[i].Failed}[/]" : "0");
        Row("written", i => Bytes.Format(written[i]));
        Row("carried", i => Bytes.Format(totals[i].Bytes - written[i]));

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

            foreach (var entry in outcome.Results.SelectMany(r => r.Entries).Where(e => e.Metadata?.NotAvailable is not null))
            {
                console.MarkupLine(
                    $"[yellow]not available[/] {Markup.Escape(outcome.Org)}/{Markup.Escape(entry.Name)}: {Markup.Escape(string.Join(", ", entry.Metadata!.NotAvailable!))} " +
                    "(GitHub answered 404 or 410: turned off for the repository, or hidden from these credentials)");
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
                json.WriteNumber("writtenBytes", Written(outcome));
                json.WriteNumber("carriedBytes", totals.Bytes - Written(outcome));
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
                FailedRepos(outcome) is { Count: > 0 } failed ? RerunInput.Command(outcome.Org, failed) : null)));

    /// <summary>
    /// Bundle bytes this run stored: repositories it backed up itself. Unchanged ones were copied (or hard-linked), and
    /// entries a re-run of the day kept were written by the run named in them.
    /// </summary>
    private static long Written(OrgOutcome outcome) =>
        outcome.Results.Sum(r => r.Entries.Where(e => e.Status == RepoStatus.Succeeded && e.RunId == r.Manifest.RunId).Sum(e => e.SizeBytes));

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
