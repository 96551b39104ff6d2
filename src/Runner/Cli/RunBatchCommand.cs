using System.CommandLine;
using GitHubBackup.Core;
using GitHubBackup.Core.Contracts;
using GitHubBackup.Core.Engine;
using GitHubBackup.Core.GitHub;
using GitHubBackup.Core.Runs;
using GitHubBackup.Core.Storage;
using GitHubBackup.Runner.Progress;

namespace GitHubBackup.Runner.Cli;

/// <summary>
/// <c>github-backup run-batch</c>: what the Fargate task runs. Everything comes from the environment (the
/// task definition and the state machine's container overrides); it backs up one batch and writes its result.
/// Exit 0 when the batch ran (its failures are in the result), 1 when a strict batch still has failures.
/// </summary>
public static class RunBatchCommand
{
    public static Command Create()
    {
        var batchKey = new EnvOption<string>("--batch-key", "GITHUB_BACKUP_BATCH_KEY", "Key of the batch file, relative to the destination");
        var runId = new EnvOption<string>("--run-id", "GITHUB_BACKUP_RUN_ID", "The run (execution name)");
        var dest = new EnvOption<string>("--dest", "GITHUB_BACKUP_DEST", "s3://BUCKET[/PREFIX]");
        var s3Endpoint = new EnvOption<string>("--s3-endpoint", "GITHUB_BACKUP_S3_ENDPOINT", "S3-compatible endpoint");
        var concurrency = new EnvOption<string>("--concurrency", "GITHUB_BACKUP_CONCURRENCY", "Repositories in flight (default 8)");
        var github = new GitHubOptions();
        var parts = new PartOptions();

        var command = new Command("run-batch", "Back up one batch of a state-machine run (the Fargate runner task).");
        foreach (var option in new Option[] { batchKey.Option, runId.Option, dest.Option, s3Endpoint.Option, concurrency.Option }.Concat(github.All).Concat(parts.All))
        {
            command.Options.Add(option);
        }

        command.SetAction((parse, cancellationToken) => CommandErrors.HandleAsync(async () =>
        {
            var input = new CommandInput(parse);
            var run = input.Required(runId);
            var key = input.Required(batchKey);
            if (!RunLayout.IsRunId(run))
            {
                throw new ConfigurationException($"GITHUB_BACKUP_RUN_ID '{run}' is not a run id.");
            }

            var store = BackupDestination.Open(input.Required(dest), input.Value(s3Endpoint));
            var repositoriesInFlight = input.BoundedNumber(concurrency, fallback: BackupOptions.DefaultConcurrency, min: 1, max: 64);
            await store.CheckUsableAsync(cancellationToken);
            var batch = await BatchRunner.ReadBatchAsync(store, key, run, cancellationToken);

            var secrets = new Secrets();
            var log = new JsonLogWriter(Console.Out);
            var api = new GitHubApiOptions { Retrying = reason => log.Write("api.retry", json => json.WriteString("reason", reason)) };
            using var session = await GitHubSession.ConnectAsync(
                github.Server(input), github.Auth(input), batch.Org, api, secrets, SystemClock.Instance, TimeProvider.System, cancellationToken);
            using var workspace = BackupWorkspace.Create(secrets);
            var observer = new LogLinesObserver(log);
            var options = parts.Apply(
                input,
                new BackupOptions { Concurrency = repositoriesInFlight, Full = batch.Full, ScratchDirectory = workspace.ScratchDirectory },
                batch.Parts);
            var engine = new BackupEngine(new RepositoryBackup(workspace.Git, store, session.Tokens, secrets, SystemClock.Instance, options, observer, session), options, observer);

            var result = await new BatchRunner(store, SystemClock.Instance).RunAsync(batch, engine, session.Server, cancellationToken);
            var failed = result.Entries.Where(e => e.NeedsRerun).Select(e => e.Name).ToList();
            log.Write("batch.finished", json =>
            {
                json.WriteString("org", batch.Org);
                json.WriteString("runId", batch.RunId);
                json.WriteString("batch", batch.Name);
                json.WriteBoolean("strict", batch.Strict);
                json.WriteNumber("repos", result.Entries.Count);
                json.WriteNumber("failed", failed.Count);
                if (failed.Count > 0)
                {
                    json.WriteString("rerunInput", RerunInput.For(batch.Org, failed));
                }
            });
            return batch.Strict && failed.Count > 0 ? ExitCodes.Failures : ExitCodes.Success;
        }, Console.Error));
        return command;
    }
}
