using System.Text;
using System.Text.Json;

namespace GitHubBackup.Runner.Progress;

/// <summary>One JSON object per line: structured logs that CloudWatch Logs Insights and jq can query.</summary>
public sealed class JsonLogWriter(TextWriter output)
{
    private readonly Lock _gate = new();

    public void Write(string @event, Action<Utf8JsonWriter> fields)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("time", DateTimeOffset.UtcNow);
            json.WriteString("event", @event);
            fields(json);
            json.WriteEndObject();
        }

        var line = Encoding.UTF8.GetString(buffer.ToArray());
        lock (_gate)
        {
            output.WriteLine(line);
            output.Flush();
        }
    }
}
