using System.Text.Json;
using System.Text.Json.Serialization;

namespace GitHubBackup.Core.Runs;

/// <summary>Source-generated serialization of the Prune function's contract (kept beside it, apart from the storage contracts).</summary>
[JsonSourceGenerationOptions(WriteIndented = true)]
[JsonSerializable(typeof(PruneRequest))]
[JsonSerializable(typeof(PruneSummary))]
public sealed partial class PruneJson : JsonSerializerContext
{
    public static byte[] Serialize(PruneSummary summary) => JsonSerializer.SerializeToUtf8Bytes(summary, Default.PruneSummary);

    /// <summary>The request; JSON that does not fit it is an <see cref="InvalidDataException"/> naming <paramref name="what"/>.</summary>
    public static PruneRequest DeserializeRequest(ReadOnlySpan<byte> json, string what)
    {
        try
        {
            return JsonSerializer.Deserialize(json, Default.PruneRequest) ?? throw new InvalidDataException($"{what} is empty (JSON null).");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{what} is not valid JSON for its contract: {e.Message}", e);
        }
    }
}
