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
            return Parse.GetResult(option.Option)!.GetValueOrDefault<T>()?.ToString();
        }

        return Environment.GetEnvironmentVariable(option.EnvironmentVariable) is { Length: > 0 } fromEnvironment
            ? fromEnvironment.Trim()
            : Config?.Scalar(option.ConfigKey);
    }

    /// <summary>Whether the value <see cref="Value{T}"/> returns came from the config file (not the command line or the environment).</summary>
    public bool FromConfigFile<T>(EnvOption<T> option) =>
        !GivenOnCommandLine(option) && Environment.GetEnvironmentVariable(option.EnvironmentVariable) is not { Length: > 0 } && Config?.Scalar(option.ConfigKey) is not null;

    public string Required(EnvOption<string> option) =>
        Value(option) ?? throw new ConfigurationException(
            $"{option.Name} is required (or set {option.EnvironmentVariable}{(Config is null ? "" : $", or '{option.ConfigKey}' in {Config.Path}")}).");

    /// <summary>
    /// A list: the option repeated on the command line; in the environment, a JSON array or one value per line
    /// (see <see cref="EnvironmentList"/>); in the config file, a YAML list.
    /// </summary>
    public IReadOnlyList<string> List(EnvOption<string[]> option)
    {
        if (GivenOnCommandLine(option))
        {
            return Parse.GetResult(option.Option)!.GetValueOrDefault<string[]>() ?? [];
        }

        var fromEnvironment = EnvironmentList.Parse(option.EnvironmentVariable, Environment.GetEnvironmentVariable(option.EnvironmentVariable));
        return fromEnvironment.Count > 0 ? fromEnvironment : Config?.List(option.ConfigKey) ?? [];
    }

    /// <summary>A switch: on the command line (bare, or with a value), or an on/off value in the environment or the config file (see <see cref="OnOff"/>).</summary>
    public bool Flag(EnvOption<bool> option)
    {
        if (Parse.GetResult(option.Option) is { Implicit: false } given)
        {
            return given.Tokens.Count == 0 || OnOff.Parse(option.Name, given.Tokens[0].Value);
        }

        if (Environment.GetEnvironmentVariable(option.EnvironmentVariable) is { Length: > 0 } fromEnvironment)
        {
            return OnOff.Parse(option.EnvironmentVariable, fromEnvironment);
        }

        return Config?.Scalar(option.ConfigKey) is { } fromConfig && OnOff.Parse($"{Config.Path}: {option.ConfigKey}", fromConfig);
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
