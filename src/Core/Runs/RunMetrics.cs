using System.Text;
using System.Text.Json;
using GitHubBackup.Core.Contracts;

namespace GitHubBackup.Core.Runs;

/// <summary>
/// A run's CloudWatch metrics as one Embedded Metric Format line (printed by a Lambda, CloudWatch turns it
/// into metrics). Namespace GitHubBackup, each metric twice: per org (dimension Org) and for all orgs together
/// (no dimension; an empty EMF dimension set), which the alarms watch so a run of every installation is covered.
/// <list type="bullet">
/// <item>ReposFailed: repositories still failing when the run ends. A first pass with failures is not the
/// end (the failed ones are retried), so it reports ReposFailedFirstPass instead; when the retry fails too,
/// the strict runner's "batch.finished" log line carries the count (a metric filter in the template).</item>
/// <item>ReposRepaired: repositories whose last verified bundle no longer held its recorded bytes (rot,
/// tampering) and were cloned again instead of carried; anything above 0 deserves a look at the storage.</item>
/// <item>RunSucceeded: 1 when a run ends with nothing failed, so "no successful run in 26 hours" is an
/// alarm on its absence.</item>
/// </list>
/// </summary>
public static class RunMetrics
{
    public const string Namespace = "GitHubBackup";

    public static string EmbeddedMetricLine(RunSummary summary, string stage, DateTimeOffset now)
    {
        var metrics = new List<(string Name, string Unit, double Value)>
        {
            ("ReposSucceeded", "Count", summary.Totals.Succeeded),
            ("ReposUnchanged", "Count", summary.Totals.Unchanged),
            ("ReposEmpty", "Count", summary.Totals.Empty),
            ("ReposGone", "Count", summary.Totals.Gone),
            ("BytesStored", "Bytes", summary.Totals.Bytes),
            ("ReposRepaired", "Count", summary.Totals.Repaired),
        };
        var runEnds = stage == RunSummarizer.FinalStage || summary.Failed == 0;
        metrics.Add((runEnds ? "ReposFailed" : "ReposFailedFirstPass", "Count", summary.Failed));
        if (runEnds && summary.Failed == 0)
        {
            metrics.Add(("RunSucceeded", "Count", 1));
        }

        return EmbeddedMetricLine(summary.Org, summary.RunId, metrics, now);
    }

    /// <summary>Metrics of one run as an EMF line in <see cref="Namespace"/>, per org and for all orgs.</summary>
    public static string EmbeddedMetricLine(string org, string runId, IReadOnlyList<(string Name, string Unit, double Value)> metrics, DateTimeOffset now)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartObject("_aws");
            json.WriteNumber("Timestamp", now.ToUnixTimeMilliseconds());
            json.WriteStartArray("CloudWatchMetrics");
            json.WriteStartObject();
            json.WriteString("Namespace", Namespace);
            json.WriteStartArray("Dimensions");
            json.WriteStartArray();
            json.WriteStringValue("Org");
            json.WriteEndArray();
            json.WriteStartArray();
            json.WriteEndArray();
            json.WriteEndArray();
            json.WriteStartArray("Metrics");
            foreach (var (name, unit, _) in metrics)
            {
                json.WriteStartObject();
                json.WriteString("Name", name);
                json.WriteString("Unit", unit);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteString("Org", org);
            json.WriteString("RunId", runId);
            foreach (var (name, _, value) in metrics)
            {
                json.WriteNumber(name, value);
            }

            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
