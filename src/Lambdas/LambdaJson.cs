using System.Text.Json;
using GitHubBackup.Core;
using GitHubBackup.Core.Contracts;

namespace GitHubBackup.Lambdas;

/// <summary>Stream in, contract out; contract in, stream out.</summary>
public static class LambdaJson
{
    public static async Task<T> ReadAsync<T>(Stream input, string what) where T : class
    {
        using var buffer = new MemoryStream();
        await input.CopyToAsync(buffer);
        return CoreJson.Deserialize<T>(buffer.ToArray(), what);
    }

    /// <summary>
    /// A payload carrying the execution input (at <paramref name="inputPath"/>), which a person wrote: JSON that does
    /// not fit its contract is bad input (<see cref="ConfigurationException"/>, which the state machine explains), not
    /// a fault to retry. The message names the field as the person wrote it.
    /// </summary>
    public static async Task<T> ReadExecutionInputAsync<T>(Stream input, string inputPath) where T : class
    {
        try
        {
            return await ReadAsync<T>(input, "The execution input");
        }
        catch (InvalidDataException e) when (e.InnerException is JsonException { Path: { } path } json)
        {
            var field = path.StartsWith(inputPath + ".", StringComparison.Ordinal) ? $" at \"{path[(inputPath.Length + 1)..]}\"" : "";
            var reason = json.Message.Split(" Path: ")[0];
            throw new ConfigurationException($"""The execution input is not valid{field}: {reason} Give it as the README's execution inputs show, e.g. {"{"}"repos": ["api", "web"]{"}"}.""", e);
        }
        catch (InvalidDataException e)
        {
            throw new ConfigurationException(e.Message, e);
        }
    }

    public static Stream Write<T>(T value) => new MemoryStream(CoreJson.Serialize(value), writable: false);
}
