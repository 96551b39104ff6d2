using System.Net.Http.Json;
using System.Text.Json.Serialization;

namespace GitHubBackup.Core.Engine;

/// <summary>Posts a run's summary to a webhook as <c>{"text": ...}</c>, the shape Slack, Teams and Mattermost take.</summary>
public static class WebhookNotifier
{
    public static async Task PostAsync(Uri webhook, string text, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        using var response = await http.PostAsJsonAsync(webhook, new WebhookMessage(text), WebhookJson.Default.WebhookMessage, cancellationToken);
        response.EnsureSuccessStatusCode();
    }
}

public sealed record WebhookMessage([property: JsonPropertyName("text")] string Text);

[JsonSerializable(typeof(WebhookMessage))]
internal sealed partial class WebhookJson : JsonSerializerContext;
