using System.CommandLine;
using System.Globalization;
using GitHubBackup.Core;
using GitHubBackup.Core.Contracts;
using GitHubBackup.Core.Restore;
using GitHubBackup.Core.Runs;
using GitHubBackup.Runner.Progress;
using Spectre.Console;

namespace GitHubBackup.Runner.Cli;

/// <summary>
/// <c>github-backup verify</c>: restores a snapshot's repositories (all, or a random sample) into scratch and
/// checks them against the manifest. The restore drill on AWS is this command, with --publish.
/// </summary>
public static class VerifyCommand
{
    public static Command Create()
    {
        var snapshot = new SnapshotOptions();
        var sample = new EnvOption<string>("--sample", "GITHUB_BACKUP_VERIFY_SAMPLE", "Check N repositories chosen at random (default: all)");
        var samplePercent = new EnvOption<string>("--sample-percent", "GITHUB_BACKUP_VERIFY_SAMPLE_PERCENT", "Check this percentage, chosen at random, at least one");
        var all = new EnvOption<bool>("--all", "GITHUB_BACKUP_VERIFY_ALL", "Check every restorable repository (the default)");
        var report = new EnvOption<string>("--report", "GITHUB_BACKUP_VERIFY_REPORT", "Write the JSON report to this file");
        var publish = new EnvOption<bool>("--publish", "GITHUB_BACKUP_VERIFY_PUBLISH", "Store the report next to the manifest (github-backup/DATE/ORG/verify/), as restore drills do");
        var jsonLines = new EnvOption<bool>("--json", "GITHUB_BACKUP_JSON", "JSON lines even at a terminal (the output when piped or logged)");

        var command = new Command("verify", "Prove a snapshot restores: fetch each bundle, check size and SHA-256, index it, check its refs.");
        foreach (var option in snapshot.All.Concat([sample.Option, samplePercent.Option, all.Option, report.Option, publish.Option, jsonLines.Option]))
        {
            command.Options.Add(option);
        }

        command.SetAction((parse, cancellationToken) => CommandErrors.HandleAsync(async () =>
        {
            var input = snapshot.Input(parse);
            var org = snapshot.OrgName(input, required: true)!;
            var date = snapshot.SnapshotDate(input);
            var count = input.PositiveNumber(sample);
            var percent = input.PositiveNumber(samplePercent);
            if (new[] { count is not null, percent is not null, input.Flag(all) }.Count(given => given) > 1)
            {
                throw new ConfigurationException("Give one of --sample N, --sample-percent P or --all.");
            }

            if (percent > 100)
            {
                throw new ConfigurationException($"--sample-percent {percent} is more than 100.");
            }

            // Checked before any repository is: a report that cannot be written must not cost the checks' results.
            var reportFile = input.Value(report) is { } file ? OutputFile.Require("--report", file, "verify.json") : null;
            var store = await snapshot.OpenAsync(input, cancellationToken);
            var manifest = await new SnapshotCatalog(store).RequireManifestAsync(org, date, cancellationToken);
            var restorable = manifest.Repos.Count(e => RepoStatus.IsGood(e.Status));
            var chosen = percent is { } p ? SnapshotVerification.SampleSize(restorable, p) : (int?)count;

            var secrets = new Secrets();
            using var workspace = BackupWorkspace.Create(secrets);
            var table = !input.Flag(jsonLines) && !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive;
            var log = new JsonLogWriter(table ? TextWriter.Null : Console.Out);
            var verification = new SnapshotVerification(new RepositoryVerifier(new CheckedRestore(store, workspace.Git), workspace.ScratchDirectory), SystemClock.Instance);
            var result = await verification.RunAsync(manifest, chosen, checkedOne => log.Write("verify.repo", json =>
            {
                json.WriteString("repo", checkedOne.Repo);
                json.WriteString("status", checkedOne.Status);
                if (checkedOne.Error is not null)
                {
                    json.WriteString("error", checkedOne.Error);
                }
            }), cancellationToken);

            if (reportFile is not null)
            {
                await OutputFile.WriteAsync("--report", reportFile, CoreJson.Serialize(result), cancellationToken);
            }

            string? published = null;
            if (input.Flag(publish))
            {
                var key = BackupLayout.VerifyReportKey(manifest.Date, org, $"{SystemClock.Instance.UtcNow:yyyyMMdd'T'HHmmss'Z'}");
                await RunFiles.WriteAsync(store, key, result, cancellationToken);
                published = store.Describe(key);
            }

            log.Write("verify.finished", json =>
            {
                json.WriteString("org", org);
                json.WriteString("date", manifest.Date);
                json.WriteNumber("restorable", result.Restorable);
                json.WriteNumber("checked", result.Checked);
                json.WriteNumber("passed", result.Passed);
                json.WriteNumber("failures", result.Failed);
                if (published is not null)
                {
                    json.WriteString("report", published);
                }
            });
            if (table)
            {
                Print(AnsiConsole.Console, result, published ?? reportFile);
            }

            return result.Failed == 0 ? ExitCodes.Success : ExitCodes.Failures;
        }, Console.Error));
        return command;
    }

    /// <summary>For a person: a row per repository checked, then the verdict.</summary>
    private static void Print(IAnsiConsole console, VerifyReport result, string? report)
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumns("repository", "result", "refs", "size", "problem");
        foreach (var checkedOne in result.Results)
        {
            table.AddRow(
                Markup.Escape(checkedOne.Repo),
                checkedOne.Error is null ? $"[green]{Markup.Escape(checkedOne.Status)}[/]" : $"[red]{Markup.Escape(checkedOne.Status)}[/]",
                checkedOne.Refs.ToString(CultureInfo.InvariantCulture),
                Bytes.Format(checkedOne.SizeBytes),
                Markup.Escape(checkedOne.Error ?? ""));
        }

        console.Write(table);
        console.MarkupLine(
            $"{Markup.Escape(result.Org)} {Markup.Escape(result.Date)}: {result.Checked} of {result.Restorable} restorable repositories checked, " +
            (result.Failed == 0 ? $"[green]all {result.Passed} passed[/]" : $"[red]{result.Failed} failed[/]") +
            (report is null ? "" : $"; report: {Markup.Escape(report)}"));
    }
}
