using System.CommandLine;
using System.Globalization;
using GitHubBackup.Core;
using GitHubBackup.Core.Contracts;

namespace GitHubBackup.Runner.Cli;

/// <summary>
/// An option's value from, in order: the command line, the environment, the config file. Bad values become one
/// clear line (a <see cref="ConfigurationException"/>).
/// </summary>
public sealed class CommandInput(ParseResult parse, ConfigFile? config = null)
{
    public ParseResult Parse { get; } = parse;

    public ConfigFile? Config { get; } = config;

    public string? Value<T>(EnvOption<T> option)
    {
        if (GivenOnCommandLine(option))
        {
            return Parse.GetValue(option.Option)?.ToString();
        }

        return Environment.GetEnvironmentVariable(option.EnvironmentVariable) is { Length: > 0 } fromEnvironment
            ? fromEnvironment.Trim()
            : Config?.Scalar(option.Name.TrimStart('-'));
    }

    public string Required(EnvOption<string> option) =>
        Value(option) ?? throw new ConfigurationException(
            $"{option.Name} is required (or set {option.EnvironmentVariable}{(Config is null ? "" : $", or '{option.Name.TrimStart('-')}' in {Config.Path}")}).");

    /// <summary>
    /// A list: the option repeated on the command line; in the environment, a JSON array or one value per line
    /// (see <see cref="EnvironmentList"/>); in the config file, a YAML list.
    /// </summary>
    public IReadOnlyList<string> List(EnvOption<string[]> option)
    {
        if (GivenOnCommandLine(option))
        {
            return Parse.GetValue(option.Option) ?? [];
        }

        var fromEnvironment = EnvironmentList.Parse(option.EnvironmentVariable, Environment.GetEnvironmentVariable(option.EnvironmentVariable));
        return fromEnvironment.Count > 0 ? fromEnvironment : Config?.List(option.Name.TrimStart('-')) ?? [];
    }

    /// <summary>A switch: present on the command line, or "true"/"1" in the environment or the config file.</summary>
    public bool Flag(EnvOption<bool> option)
    {
        if (GivenOnCommandLine(option))
        {
            return Parse.GetValue(option.Option);
        }

        var raw = Value(option);
        return raw is not null && (raw.Equals("true", StringComparison.OrdinalIgnoreCase) || raw == "1");
    }

    public long? PositiveNumber(EnvOption<string> option)
    {
        var raw = Value(option);
        if (raw is null)
        {
            return null;
        }

        return long.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= 1
            ? value
            : throw new ConfigurationException($"{option.Name} '{raw}' is not a whole number of at least 1.");
    }

    public int BoundedNumber(EnvOption<string> option, int fallback, int min, int max)
    {
        var raw = Value(option);
        if (raw is null)
        {
            return fallback;
        }

        return int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw new ConfigurationException($"{option.Name} '{raw}' must be a whole number from {min} to {max}.");
    }

    public bool GivenOnCommandLine<T>(EnvOption<T> option) => Parse.GetResult(option.Option) is { Implicit: false };
}
