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

    public static Stream Write<T>(T value) => new MemoryStream(CoreJson.Serialize(value), writable: false);
}
