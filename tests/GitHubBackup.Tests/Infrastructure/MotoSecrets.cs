using System.Text;
using System.Text.Json;

namespace GitHubBackup.Tests.Infrastructure;

/// <summary>Secrets Manager in moto_server, over its JSON protocol (the .NET Secrets Manager SDK is not available here).</summary>
public static class MotoSecrets
{
    public static async Task CreateAsync(string name, string value)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, MotoServer.Endpoint + "/")
        {
            Content = new StringContent(JsonSerializer.Serialize(new Dictionary<string, string> { ["Name"] = name, ["SecretString"] = value }), Encoding.UTF8),
        };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/x-amz-json-1.1");
        request.Headers.Add("X-Amz-Target", "secretsmanager.CreateSecret");
        request.Headers.TryAddWithoutValidation("Authorization", "AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/secretsmanager/aws4_request, SignedHeaders=host, Signature=test");
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
    }
}
