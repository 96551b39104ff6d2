using GitHubBackup.Core.Contracts;
using GitHubBackup.Core.Storage;

namespace GitHubBackup.Core.Runs;

/// <summary>Reads and writes a run's JSON working files through a store.</summary>
public static class RunFiles
{
    public static async Task<T?> ReadAsync<T>(IBackupStore store, string key, CancellationToken cancellationToken) where T : class
    {
        var content = await store.ReadAsync(key, cancellationToken);
        return content is null ? null : CoreJson.Deserialize<T>(content.Content, store.Describe(key));
    }

    public static async Task WriteAsync<T>(IBackupStore store, string key, T value, CancellationToken cancellationToken)
    {
        using var body = new MemoryStream(CoreJson.Serialize(value), writable: false);
        await store.PutAsync(key, body, cancellationToken);
    }

    public static async Task WriteTextAsync(IBackupStore store, string key, string text, CancellationToken cancellationToken)
    {
        using var body = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(text), writable: false);
        await store.PutAsync(key, body, cancellationToken);
    }

    /// <summary>Reads every JSON file directly under a prefix, a few at a time.</summary>
    public static async Task<IReadOnlyList<(string Name, T Value)>> ReadAllAsync<T>(IBackupStore store, string prefix, CancellationToken cancellationToken) where T : class
    {
        var names = (await store.ListAsync(prefix, cancellationToken)).Where(n => n.EndsWith(".json", StringComparison.Ordinal)).ToList();
        var values = new (string, T)[names.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, names.Count),
            new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken },
            async (i, ct) =>
            {
                var value = await ReadAsync<T>(store, prefix + names[i], ct)
                    ?? throw new InvalidDataException($"{store.Describe(prefix + names[i])} disappeared while the run was read.");
                values[i] = (Path.GetFileNameWithoutExtension(names[i]), value);
            });
        return values;
    }
}
