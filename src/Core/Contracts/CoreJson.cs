using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace GitHubBackup.Core.Contracts;

/// <summary>Source-generated serialization for every JSON contract, so Lambdas and the runner need no reflection.</summary>
// Nulls are written: every documented field is present in every document, which is what scripts rely on.
[JsonSourceGenerationOptions(WriteIndented = true)]
[JsonSerializable(typeof(BackupManifest))]
[JsonSerializable(typeof(RepoEntry))]
[JsonSerializable(typeof(ExecutionInput))]
[JsonSerializable(typeof(BatchFile))]
[JsonSerializable(typeof(IReadOnlyList<BatchPointer>))]
[JsonSerializable(typeof(BatchResult))]
[JsonSerializable(typeof(RunPlan))]
[JsonSerializable(typeof(PlanRequest))]
[JsonSerializable(typeof(SummarizeRequest))]
[JsonSerializable(typeof(RunSummary))]
[JsonSerializable(typeof(VerifyReport))]
[JsonSerializable(typeof(string[]))]
[JsonSerializable(typeof(MetadataArchive))]
public sealed partial class CoreJson : JsonSerializerContext
{
    private static readonly Lazy<CoreJson> Compact = new(() => new CoreJson(new JsonSerializerOptions()));

    public static byte[] Serialize<T>(T value) => JsonSerializer.SerializeToUtf8Bytes(value, TypeInfo<T>(Default));

    /// <summary>One line, for inputs a person pastes into a console.</summary>
    public static byte[] SerializeCompact<T>(T value) => JsonSerializer.SerializeToUtf8Bytes(value, TypeInfo<T>(Compact.Value));

    /// <summary>Deserializes a contract; <paramref name="what"/> names the document in the error a person reads.</summary>
    public static T Deserialize<T>(ReadOnlySpan<byte> json, string what) where T : class
    {
        try
        {
            return JsonSerializer.Deserialize(json, TypeInfo<T>(Default))
                ?? throw new InvalidDataException($"{what} is empty (JSON null).");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{what} is not valid JSON for its contract: {e.Message}", e);
        }
    }

    private static JsonTypeInfo<T> TypeInfo<T>(CoreJson context) =>
        (JsonTypeInfo<T>)(context.GetTypeInfo(typeof(T))
            ?? throw new InvalidOperationException($"{typeof(T).Name} is not registered in {nameof(CoreJson)}."));
}
