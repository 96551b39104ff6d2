using System.Diagnostics;
using System.Text.Json.Nodes;
using GitHubBackup.Tests.Infrastructure;

namespace GitHubBackup.Tests.Deployment;

/// <summary>template.yaml as CloudFormation will see it: transformed once by aws-sam-translator, and checked once by cfn-lint.</summary>
public static class DeployedTemplate
{
    private static readonly Lazy<JsonObject> TransformedTemplate = new(Transform);
    private static readonly Lazy<(int ExitCode, string Output)> LintResult = new(() => Run("cfn-lint", RepositoryRoot.Combine("template.yaml")));

    public static string TemplatePath => RepositoryRoot.Combine("template.yaml");

    public static JsonObject Transformed => TransformedTemplate.Value;

    public static (int ExitCode, string Output) Lint => LintResult.Value;

    public static JsonObject Resources => Transformed["Resources"]!.AsObject();

    public static JsonObject Resource(string logicalId) =>
        Resources[logicalId]?.AsObject() ?? throw new KeyNotFoundException($"template.yaml has no resource {logicalId}.");

    public static JsonObject Properties(string logicalId) => Resource(logicalId)["Properties"]!.AsObject();

    /// <summary>Every Allow statement of a role's inline policies (and of policies attached to it by separate resources).</summary>
    public static IReadOnlyList<Grant> Grants(string roleLogicalId)
    {
        var documents = (Properties(roleLogicalId)["Policies"]?.AsArray() ?? [])
            .Select(p => p!["PolicyDocument"]!)
            .Concat(Resources.Where(r => r.Value!["Type"]!.GetValue<string>() == "AWS::IAM::Policy"
                    && r.Value["Properties"]!["Roles"]!.AsArray().Any(role => role!.ToJsonString().Contains($"\"{roleLogicalId}\"", StringComparison.Ordinal)))
                .Select(r => r.Value!["Properties"]!["PolicyDocument"]!));
        return documents
            .SelectMany(d => d["Statement"]!.AsArray())
            .SelectMany(Unconditional)
            .Where(s => s["Effect"]!.GetValue<string>() == "Allow")
            .SelectMany(s => AsList(s["Action"]!).Select(action => new Grant(action.GetValue<string>(), AsList(s["Resource"]!).Select(r => r.ToJsonString()).ToList(), s["Condition"] is not null)))
            .ToList();
    }

    private static IEnumerable<JsonNode> AsList(JsonNode node) => node is JsonArray array ? array.Select(n => n!) : [node];

    /// <summary>A statement under Fn::If (optional features such as a KMS key) counts as granted.</summary>
    private static IEnumerable<JsonObject> Unconditional(JsonNode? statement) =>
        statement is JsonObject { Count: 1 } wrapper && wrapper["Fn::If"] is JsonArray branches
            ? branches.Skip(1).OfType<JsonObject>().Where(b => b["Ref"] is null)
            : statement is JsonObject plain ? [plain] : [];

    private static JsonObject Transform()
    {
        var (exitCode, output) = Run("python3", RepositoryRoot.Combine("tests", "GitHubBackup.Tests", "Deployment", "sam_transform.py"), TemplatePath);
        return exitCode == 0 ? JsonNode.Parse(output)!.AsObject() : throw new InvalidOperationException($"aws-sam-translator failed:\n{output}");
    }

    private static (int, string) Run(string file, params string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = RepositoryRoot.Path,
        })!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return (process.ExitCode, process.ExitCode == 0 ? stdout.Result : stdout.Result + stderr.Result);
    }
}

/// <summary>One allowed action, on which resources (as their JSON, intrinsics unresolved).</summary>
public sealed record Grant(string Action, IReadOnlyList<string> Resources, bool Conditional)
{
    public bool OnAnyResource => Resources.Contains("\"*\"");
}
