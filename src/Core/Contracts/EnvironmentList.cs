using System.Text.Json;

namespace GitHubBackup.Core.Contracts;

/// <summary>
/// A list in one environment variable: a JSON array (<c>["^api$", "web"]</c>), or one value per line. Not
/// comma-separated: regular expressions contain commas.
/// </summary>
public static class EnvironmentList
{
    public static IReadOnlyList<string> Parse(string name, string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return [];
        }

        if (!raw.TrimStart().StartsWith('['))
        {
            return raw.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        }

        try
        {
            return JsonSerializer.Deserialize(raw, CoreJson.Default.StringArray) ?? [];
        }
        catch (JsonException e)
        {
            throw new ConfigurationException($"{name} is not a JSON array of strings: {e.Message}", e);
        }
    }
}
