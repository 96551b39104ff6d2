namespace GitHubBackup.Core.Contracts;

/// <summary>
/// Working files of a state-machine run, next to the snapshots (never mistaken for one: not a date):
/// <code>
/// github-backup/runs/&lt;runId&gt;/plan.json            what PlanBackup decided
/// github-backup/runs/&lt;runId&gt;/batches.json         the Map's items: one pointer per batch
/// github-backup/runs/&lt;runId&gt;/batches/&lt;name&gt;.json   one runner task's repositories
/// github-backup/runs/&lt;runId&gt;/results/&lt;name&gt;.json   what that task did
/// github-backup/runs/&lt;runId&gt;/summary.json         what Summarize concluded (retryFromRunId reads it)
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

    /// <summary>Execution names: 1-80 letters, digits, '-' and '_' (what Step Functions allows and keys tolerate).</summary>
    public static bool IsRunId(string value) =>
        value.Length is >= 1 and <= 80 && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    public static string RequireRunId(string runId) =>
        IsRunId(runId) ? runId : throw new ArgumentException($"'{runId}' is not a run id (1-80 letters, digits, '-' and '_').");
}
