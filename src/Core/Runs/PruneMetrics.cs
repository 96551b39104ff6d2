using System.Text;
using System.Text.Json;

namespace GitHubBackup.Core.Runs;

/// <summary>
/// A prune's CloudWatch metrics as one Embedded Metric Format line, per org and for all orgs (as <see cref="RunMetrics"/>):
/// SnapshotsPruned, and PruneRefused (deletes the store refused; the template's PruneFailedAlarm watches it together
/// with the function's own errors).
/// </summary>
public static class PruneMetrics
{
    public static string EmbeddedMetricLine(PruneSummary summary, DateTimeOffset now)
    {
        var metrics = new (string Name, double Value)[] { ("SnapshotsPruned", summary.SnapshotsDeleted), ("PruneRefused", summary.Refused) };
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartObject("_aws");
            json.WriteNumber("Timestamp", now.ToUnixTimeMilliseconds());
            json.WriteStartArray("CloudWatchMetrics");
            json.WriteStartObject();
            json.WriteString("Namespace", RunMetrics.Namespace);
            json.WriteStartArray("Dimensions");
            json.WriteStartArray();
            json.WriteStringValue("Org");
            json.WriteEndArray();
            json.WriteStartArray();
            json.WriteEndArray();
            json.WriteEndArray();
            json.WriteStartArray("Metrics");
            foreach (var (name, _) in metrics)
            {
                json.WriteStartObject();
                json.WriteString("Name", name);
                json.WriteString("Unit", "Count");
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteString("Org", summary.Org);
            json.WriteString("RunId", summary.RunId);
            foreach (var (name, value) in metrics)
            {
                json.WriteNumber(name, value);
            }

            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
