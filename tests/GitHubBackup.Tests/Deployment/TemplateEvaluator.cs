using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace GitHubBackup.Tests.Deployment;

/// <summary>
/// The transformed template's intrinsic functions evaluated as CloudFormation evaluates them for one set of
/// parameter values: Conditions, Rules (each assertion of each rule whose RuleCondition holds) and property
/// values. Refs to resources and GetAtts resolve to the physical ids given (else to "LogicalId" / "LogicalId.Attr").
/// The functions understood are the ones the template uses; any other fails the test that meets it.
/// </summary>
public sealed partial class TemplateEvaluator
{
    public const string Region = "us-east-1";
    public const string AccountId = "123456789012";
    public const string StackName = "github-backup";

    private readonly JsonObject _template;
    private readonly Dictionary<string, JsonNode> _parameters = [];
    private readonly IReadOnlyDictionary<string, string> _physicalIds;

    public TemplateEvaluator(JsonObject template, IReadOnlyDictionary<string, string> parameters, IReadOnlyDictionary<string, string>? physicalIds = null)
    {
        _template = template;
        _physicalIds = physicalIds ?? new Dictionary<string, string>();
        foreach (var (name, declaration) in template["Parameters"]!.AsObject())
        {
            var value = parameters.TryGetValue(name, out var given) ? given : declaration!["Default"]?.ToString();
            if (value is null)
            {
                continue;
            }

            var type = declaration!["Type"]!.GetValue<string>();
            _parameters[name] = type.StartsWith("List<", StringComparison.Ordinal) || type == "CommaDelimitedList"
                ? new JsonArray(value.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(v => (JsonNode)v.Trim()).ToArray())
                : JsonValue.Create(value);
        }

        foreach (var name in parameters.Keys.Where(n => !_parameters.ContainsKey(n)))
        {
            throw new ArgumentException($"template.yaml has no parameter {name}.");
        }
    }

    /// <summary>The parameters a deploy must name (no defaults), with plausible values.</summary>
    public static IReadOnlyDictionary<string, string> Required { get; } = new Dictionary<string, string>
    {
        ["GitHubOrg"] = "acme",
        ["GitHubAppId"] = "123456",
        ["VpcId"] = "vpc-0123",
        ["Subnets"] = "subnet-0a,subnet-0b",
    };

    /// <summary>The transformed template deployed with its defaults, <see cref="Required"/> and these values.</summary>
    public static TemplateEvaluator Deployed(IReadOnlyDictionary<string, string>? parameters = null, IReadOnlyDictionary<string, string>? physicalIds = null)
    {
        var all = new Dictionary<string, string>(Required);
        foreach (var (name, value) in parameters ?? new Dictionary<string, string>())
        {
            all[name] = value;
        }

        return new TemplateEvaluator(DeployedTemplate.Transformed, all, physicalIds);
    }

    public bool Condition(string name) => Truth(Evaluate(_template["Conditions"]![name]));

    /// <summary>Rules that refuse these parameters: RuleCondition true (or none) and an assertion false, with its description.</summary>
    public IReadOnlyList<(string Rule, string Description)> RefusingRules() =>
        (_template["Rules"]?.AsObject() ?? [])
            .Where(rule => rule.Value!["RuleCondition"] is not { } condition || Truth(Evaluate(condition)))
            .SelectMany(rule => rule.Value!["Assertions"]!.AsArray()
                .Where(assertion => !Truth(Evaluate(assertion!["Assert"])))
                .Select(assertion => (rule.Key, assertion!["AssertDescription"]?.GetValue<string>() ?? "")))
            .ToList();

    /// <summary>A property value with every intrinsic function applied; AWS::NoValue removes the member or element.</summary>
    public JsonNode? Evaluate(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject { Count: 1 } function when function.First().Key is var key && (key == "Ref" || key == "Condition" || key.StartsWith("Fn::", StringComparison.Ordinal)):
                return Function(key, function[key]!);
            case JsonObject members:
                var evaluated = new JsonObject();
                foreach (var (name, value) in members)
                {
                    if (Evaluate(value) is { } result)
                    {
                        evaluated[name] = result;
                    }
                }

                return evaluated;
            case JsonArray elements:
                return new JsonArray(elements.Select(Evaluate).Where(e => e is not null).ToArray());
            default:
                return node?.DeepClone();
        }
    }

    private JsonNode? Function(string name, JsonNode argument)
    {
        var arguments = argument as JsonArray;
        return name switch
        {
            "Ref" => Ref(argument.GetValue<string>()),
            "Condition" => Condition(argument.GetValue<string>()),
            "Fn::If" => Condition(arguments![0]!.GetValue<string>()) ? Evaluate(arguments[1]) : Evaluate(arguments[2]),
            "Fn::Equals" => Text(Evaluate(arguments![0])) == Text(Evaluate(arguments[1])),
            "Fn::Not" => !Truth(Evaluate(arguments![0])),
            "Fn::And" => arguments!.All(a => Truth(Evaluate(a))),
            "Fn::Or" => arguments!.Any(a => Truth(Evaluate(a))),
            "Fn::Contains" => Evaluate(arguments![0])!.AsArray().Select(Text).Contains(Text(Evaluate(arguments[1]))),
            "Fn::Join" => string.Join(arguments![0]!.GetValue<string>(), Evaluate(arguments[1])!.AsArray().Select(Text)),
            "Fn::GetAtt" => Physical($"{arguments![0]}.{arguments[1]}"),
            "Fn::Sub" => Sub(arguments?[0]!.GetValue<string>() ?? argument.GetValue<string>(), arguments?[1]?.AsObject()),
            _ => throw new NotSupportedException($"TemplateEvaluator does not know {name}."),
        };
    }

    private JsonNode? Ref(string name) => name switch
    {
        "AWS::NoValue" => null,
        "AWS::Region" => Region,
        "AWS::AccountId" => AccountId,
        "AWS::Partition" => "aws",
        "AWS::StackName" => StackName,
        "AWS::URLSuffix" => "amazonaws.com",
        _ when _parameters.TryGetValue(name, out var value) => value.DeepClone(),
        _ when _template["Parameters"]![name] is not null => throw new InvalidOperationException($"Parameter {name} has no value (no default)."),
        _ => Physical(name),
    };

    private string Physical(string reference) => _physicalIds.TryGetValue(reference, out var id) ? id : reference;

    private string Sub(string text, JsonObject? variables) =>
        SubVariable().Replace(text, m =>
        {
            var name = m.Groups[1].Value;
            if (variables?[name] is { } variable)
            {
                return Text(Evaluate(variable));
            }

            return name.Contains('.', StringComparison.Ordinal) ? Physical(name) : Text(Ref(name));
        });

    private static bool Truth(JsonNode? value) => value!.GetValue<bool>();

    private static string Text(JsonNode? value) => value switch
    {
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        JsonValue v when v.TryGetValue<bool>(out var b) => b ? "true" : "false",
        JsonValue v => Convert.ToString(v.GetValue<double>(), CultureInfo.InvariantCulture),
        _ => throw new InvalidOperationException($"Not a scalar: {value?.ToJsonString()}"),
    };

    [GeneratedRegex(@"\$\{([A-Za-z0-9:.]+)\}")]
    private static partial Regex SubVariable();
}
