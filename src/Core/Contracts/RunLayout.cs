namespace GitHubBackup.Core.Contracts;

/// <summary>
/// Working files of a state-machine run, next to the snapshots (never mistaken for one: not a date):
/// <code>
/// github-backup/runs/&lt;runId&gt;/plan.json            what PlanBackup decided
/// github-backup/runs/&lt;runId&gt;/batches.json         the Map's items: one pointer per batch
/// github-backup/runs/&lt;runId&gt;/batches/&lt;name&gt;.json   one runner task's repositories
/// github-backup/runs/&lt;runId&gt;/results/&lt;name&gt;.json   what that task did
/// github-backup/runs/&lt;runId&gt;/summary.json         what Summarize concluded (retryFromRunId reads it)
/// github-backup/runs/&lt;runId&gt;/failed.json          every repository still to re-run (the state output carries a sample)
/// github-backup/runs/&lt;runId&gt;/rerun-input.json     the complete execution input that re-runs them (when any failed)
/// github-backup/runs/&lt;runId&gt;/notification.txt     the complete run summary (the published one is bounded)
/// github-backup/runs/&lt;runId&gt;/map-results/        the Distributed Map's ResultWriter output
/// </code>
/// </summary>
public static class RunLayout
{
    public static string RunPrefix(string runId) => $"{BackupLayout.Root}/runs/{RequireRunId(runId)}/";

    public static string PlanKey(string runId) => RunPrefix(runId) + "plan.json";

    public static string BatchesKey(string runId) => RunPrefix(runId) + "batches.json";

    public static string BatchKey(string runId, string batchName) => RunPrefix(runId) + $"batches/{batchName}.json";

    public static string ResultKey(string runId, string batchName) => RunPrefix(runId) + $"results/{batchName}.json";

    public static string ResultsPrefix(string runId) => RunPrefix(runId) + "results/";

    public static string SummaryKey(string runId) => RunPrefix(runId) + "summary.json";

    public static string FailedKey(string runId) => RunPrefix(runId) + "failed.json";

    public static string RerunInputKey(string runId) => RunPrefix(runId) + "rerun-input.json";

    public static string NotificationKey(string runId) => RunPrefix(runId) + "notification.txt";

    /// <summary>ResultWriter's Prefix: it writes &lt;prefix&gt;/&lt;map run id&gt;/manifest.json and the result files.</summary>
    public static string MapResultsPrefix(string runId) => RunPrefix(runId) + "map-results";

    /// <summary>Execution names: 1-80 letters, digits, '-' and '_' (what Step Functions allows and keys tolerate).</summary>
    public static bool IsRunId(string value) =>
        value.Length is >= 1 and <= 80 && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    public static string RequireRunId(string runId) =>
        IsRunId(runId) ? runId : throw new ArgumentException($"'{runId}' is not a run id (1-80 letters, digits, '-' and '_').");
}
