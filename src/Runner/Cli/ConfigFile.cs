using System.CommandLine;
using GitHubBackup.Core;
using GitHubBackup.Core.Engine;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace GitHubBackup.Runner.Cli;

/// <summary>
/// github-backup.yml: the backup command's options, by the same names, instead of a long command line; list,
/// restore and verify read the same file (its dest is their --from). The command line and the environment override it. Secrets have no place in it: tokens and keys come from the
/// environment (or a key file named by app-key).
/// </summary>
public sealed class ConfigFile
{
    public const string DefaultName = "github-backup.yml";

    private static readonly HashSet<string> Known =
    [
        "org", "all-orgs", "dest", "api-url", "token-file", "app-id", "app-key", "installation-id", "s3-endpoint", "concurrency", "full",
        "include", "exclude", "skip-archived", "skip-forks", "topic", "no-wiki", "no-lfs", "metadata", "max-asset-mb", "destinations", "notify-webhook",
    ];

    private readonly YamlMappingNode _root;

    private ConfigFile(string path, YamlMappingNode root)
    {
        Path = path;
        _root = root;
    }

    public string Path { get; }

    public const string Variable = "GITHUB_BACKUP_CONFIG";

    /// <summary>Every command's --config option.</summary>
    public static Option<string> CreateOption() =>
        new("--config") { Description = $"A YAML file of options by name (default: ./{DefaultName} if present) [env: {Variable}]" };

    /// <summary>The file --config (or GITHUB_BACKUP_CONFIG) names, else ./github-backup.yml if there is one.</summary>
    public static ConfigFile? Load(ParseResult parse, Option<string> option) =>
        Load(parse.GetValue(option) ?? (Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } fromEnvironment ? fromEnvironment : null));

    /// <summary>The file named by --config, else github-backup.yml in the current directory if there is one.</summary>
    public static ConfigFile? Load(string? explicitPath)
    {
        var path = explicitPath ?? (File.Exists(DefaultName) ? DefaultName : null);
        if (path is null)
        {
            return null;
        }

        YamlStream yaml = [];
        try
        {
            using var reader = new StreamReader(path);
            yaml.Load(reader);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigurationException($"Cannot read the config file '{path}': {e.Message}", e);
        }
        catch (YamlException e)
        {
            throw new ConfigurationException($"{path} is not valid YAML (line {e.Start.Line}): {e.Message}", e);
        }

        if (yaml.Documents.Count == 0)
        {
            return new ConfigFile(path, []);
        }

        if (yaml.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new ConfigurationException($"{path} must be a mapping of option names to values, e.g. 'org: acme'.");
        }

        foreach (var key in root.Children.Keys.Select(k => k.ToString()))
        {
            if (key is "token")
            {
                throw new ConfigurationException($"{path} holds a token; keep secrets out of files: set GITHUB_TOKEN in the environment instead.");
            }

            if (!Known.Contains(key))
            {
                throw new ConfigurationException($"{path}: unknown setting '{key}'; settings are the backup command's option names ({string.Join(", ", Known.Order())}).");
            }
        }

        return new ConfigFile(path, root);
    }

    /// <summary>A single value; "org" may also be a list (the command line's comma-separated form).</summary>
    public string? Scalar(string name) => Node(name) switch
    {
        null => null,
        YamlScalarNode scalar => scalar.Value,
        YamlSequenceNode when name == "org" => string.Join(',', List(name)!),
        _ => throw new ConfigurationException($"{Path}: '{name}' must be a single value."),
    };

    public IReadOnlyList<string>? List(string name) => Node(name) switch
    {
        null => null,
        YamlScalarNode scalar => scalar.Value is { } value ? [value] : [],
        YamlSequenceNode sequence => sequence.Children.Select(item => item is YamlScalarNode { Value: { } value } ? value
            : throw new ConfigurationException($"{Path}: '{name}' must be a list of values.")).ToList(),
        _ => throw new ConfigurationException($"{Path}: '{name}' must be a value or a list of values."),
    };

    /// <summary>destinations: [{org: acme, repo: "^lecture-", dest: s3://...}, ...]</summary>
    public IReadOnlyList<DestinationRule> DestinationRules()
    {
        if (Node("destinations") is not { } node)
        {
            return [];
        }

        if (node is not YamlSequenceNode rules)
        {
            throw new ConfigurationException($"{Path}: 'destinations' must be a list of {{org, repo, dest}} entries.");
        }

        return rules.Children.Select(rule => rule is YamlMappingNode fields
            ? new DestinationRule(Field(fields, "org"), Field(fields, "repo"), Field(fields, "dest")
                ?? throw new ConfigurationException($"{Path}: every entry of 'destinations' needs a 'dest'."))
            : throw new ConfigurationException($"{Path}: every entry of 'destinations' is a mapping with org, repo and dest.")).ToList();
    }

    private static string? Field(YamlMappingNode fields, string name) =>
        fields.Children.TryGetValue(new YamlScalarNode(name), out var value) ? (value as YamlScalarNode)?.Value : null;

    private YamlNode? Node(string name) => _root.Children.TryGetValue(new YamlScalarNode(name), out var node) ? node : null;
}
