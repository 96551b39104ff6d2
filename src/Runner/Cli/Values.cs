using System.CommandLine;
using System.Globalization;
using GitHubBackup.Core;

namespace GitHubBackup.Runner.Cli;

/// <summary>Reads option values (command line, then environment) and turns bad ones into one clear line.</summary>
public static class Values
{
    public static string Required(ParseResult parse, EnvOption<string> option) =>
        option.RawValue(parse) ?? throw new ConfigurationException($"{option.Name} is required (or set {option.EnvironmentVariable}).");

    public static long? PositiveNumber(ParseResult parse, EnvOption<string> option, long min = 1)
    {
        var raw = option.RawValue(parse);
        if (raw is null)
        {
            return null;
        }

        return long.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min
            ? value
            : throw new ConfigurationException($"{option.Name} '{raw}' is not a whole number of at least {min}.");
    }

    public static int BoundedNumber(ParseResult parse, EnvOption<string> option, int fallback, int min, int max)
    {
        var raw = option.RawValue(parse);
        if (raw is null)
        {
            return fallback;
        }

        return int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw new ConfigurationException($"{option.Name} '{raw}' must be a whole number from {min} to {max}.");
    }

    /// <summary>A switch: present on the command line, or "true"/"1" in the environment.</summary>
    public static bool Flag(ParseResult parse, EnvOption<bool> option)
    {
        if (option.GivenOnCommandLine(parse))
        {
            return parse.GetValue(option.Option);
        }

        var raw = Environment.GetEnvironmentVariable(option.EnvironmentVariable);
        return raw is not null && (raw.Equals("true", StringComparison.OrdinalIgnoreCase) || raw == "1");
    }
}
