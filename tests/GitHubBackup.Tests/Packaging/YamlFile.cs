using System.Text.Json.Nodes;
using YamlDotNet.RepresentationModel;

namespace GitHubBackup.Tests.Packaging;

/// <summary>
/// A YAML document as JSON, every scalar a string (so a workflow's <c>on:</c> stays a key and <c>true</c> is "true"),
/// read by YamlDotNet, a real YAML parser.
/// </summary>
internal static class YamlFile
{
    public static JsonObject Load(string path) => LoadAll(path).Single();

    /// <summary>Every document of a multi-document file (<c>---</c>), as Kubernetes manifests are written.</summary>
    public static IReadOnlyList<JsonObject> LoadAll(string path)
    {
        var stream = new YamlStream();
        using (var reader = new StreamReader(path))
        {
            stream.Load(reader);
        }

        return stream.Documents.Select(d => ToJson(d.RootNode).AsObject()).ToList();
    }

    private static JsonNode ToJson(YamlNode node) => node switch
    {
        YamlMappingNode mapping => new JsonObject(mapping.Children.Select(c => KeyValuePair.Create(((YamlScalarNode)c.Key).Value!, (JsonNode?)ToJson(c.Value)))),
        YamlSequenceNode sequence => new JsonArray(sequence.Children.Select(ToJson).ToArray()),
        YamlScalarNode scalar => JsonValue.Create(scalar.Value ?? ""),
        _ => throw new InvalidOperationException($"unexpected YAML node {node.NodeType}"),
    };
}
