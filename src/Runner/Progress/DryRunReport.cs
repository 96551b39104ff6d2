using GitHubBackup.Core.Engine;
using Spectre.Console;

namespace GitHubBackup.Runner.Progress;

/// <summary>
/// What a --dry-run found: per org, each selected repository with its size (as GitHub reports it), what a backup
/// would do with it and where it would go. A table at a terminal; JSON lines otherwise, like the backup's log.
/// </summary>
public static class DryRunReport
{
    public static void Print(IAnsiConsole console, IReadOnlyList<OrgPreview> previews)
    {
        foreach (var preview in previews)
        {
            if (preview.Error is not null)
            {
                console.MarkupLine($"[red]{Markup.Escape(preview.Org)} could not be listed:[/] {Markup.Escape(preview.Error)}");
                continue;
            }

            var table = new Table().Border(TableBorder.Rounded).Title($"{Markup.Escape(preview.Org)} (dry run)").AddColumns("repository", "size", "would be", "destination");
            foreach (var repository in preview.Repositories)
            {
                table.AddRow(Markup.Escape(repository.Repository.Name), Bytes.Format(SizeBytes(repository)), repository.Plan, Markup.Escape(repository.Destination));
            }

            console.Write(table);
            console.MarkupLine(Markup.Escape(Summary(preview)));
        }
    }

    public static void Log(JsonLogWriter log, IReadOnlyList<OrgPreview> previews)
    {
        foreach (var preview in previews)
        {
            foreach (var repository in preview.Repositories)
            {
                log.Write("dryrun.repo", json =>
                {
                    json.WriteString("org", preview.Org);
                    json.WriteString("repo", repository.Repository.Name);
                    json.WriteNumber("sizeBytes", SizeBytes(repository));
                    json.WriteString("plan", repository.Plan);
                    json.WriteString("dest", repository.Destination);
                });
            }

            log.Write("dryrun.finished", json =>
            {
                json.WriteString("org", preview.Org);
                json.WriteNumber("repos", preview.Repositories.Count);
                json.WriteNumber("unchanged", preview.Repositories.Count(r => r.Plan == RepositoryPreview.Unchanged));
                json.WriteNumber("cloned", preview.Repositories.Count(r => r.Plan != RepositoryPreview.Unchanged));
                json.WriteNumber("sizeBytes", preview.Repositories.Sum(SizeBytes));
                if (preview.Error is not null)
                {
                    json.WriteString("error", preview.Error);
                }
            });
        }
    }

    private static string Summary(OrgPreview preview)
    {
        var unchanged = preview.Repositories.Count(r => r.Plan == RepositoryPreview.Unchanged);
        return $"{preview.Org}: {preview.Repositories.Count} repositories ({Bytes.Format(preview.Repositories.Sum(SizeBytes))}): " +
               $"{unchanged} unchanged, {preview.Repositories.Count - unchanged} to clone. Dry run: nothing was written.";
    }

    private static long SizeBytes(RepositoryPreview preview) => preview.Repository.SizeKb * 1024;
}
