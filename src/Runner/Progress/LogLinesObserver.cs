using GitHubBackup.Core.Contracts;
using GitHubBackup.Core.Engine;
using GitHubBackup.Core.GitHub;

namespace GitHubBackup.Runner.Progress;

/// <summary>Progress without a terminal: a structured line per event.</summary>
public sealed class LogLinesObserver(JsonLogWriter log) : IBackupObserver
{
    public void RunPlanned(string org, int repositories) =>
        log.Write("run.planned", json =>
        {
            json.WriteString("org", org);
            json.WriteNumber("repos", repositories);
        });

    public void PhaseStarted(SourceRepository repository, BackupPhase phase) =>
        log.Write("repo.phase", json =>
        {
            json.WriteString("repo", repository.Name);
            json.WriteString("phase", phase.ToString().ToLowerInvariant());
        });

    public void Retrying(SourceRepository repository, BackupPhase phase, int attempt, string reason) =>
        log.Write("repo.retry", json =>
        {
            json.WriteString("repo", repository.Name);
            json.WriteString("phase", phase.ToString().ToLowerInvariant());
            json.WriteNumber("attempt", attempt);
            json.WriteString("reason", reason);
        });

    public void RepositoryFinished(SourceRepository repository, RepoEntry entry) =>
        log.Write("repo.finished", json =>
        {
            json.WriteString("repo", entry.Name);
            json.WriteString("status", entry.Status);
            json.WriteNumber("refs", entry.Refs);
            json.WriteNumber("sizeBytes", entry.SizeBytes);
            json.WriteNumber("durationMs", entry.DurationMs);
            if (entry.Error is not null)
            {
                json.WriteString("error", entry.Error);
            }

            if (entry.Wiki is { } wiki)
            {
                json.WriteString("wiki", wiki.Status);
            }

            if (entry.Metadata is { } metadata)
            {
                json.WriteString("metadata", metadata.Status);
                if (metadata.NotAvailable is { } missing)
                {
                    json.WriteStartArray("metadataNotAvailable");
                    missing.ToList().ForEach(json.WriteStringValue);
                    json.WriteEndArray();
                }
            }

            if (entry.Lfs is { } lfs)
            {
                json.WriteString("lfs", lfs.Status);
                json.WriteNumber("lfsObjects", lfs.Objects);
            }
        });
}
