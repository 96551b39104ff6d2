using System.CommandLine;

namespace GitHubBackup.Runner.Cli;

/// <summary>An option that falls back to an environment variable, and says so in its help.</summary>
public sealed class EnvOption<T>
{
    public EnvOption(string name, string environmentVariable, string description)
    {
        EnvironmentVariable = environmentVariable;
        Option = new Option<T>(name) { Description = $"{description} [env: {environmentVariable}]" };
    }

    public Option<T> Option { get; }

    public string EnvironmentVariable { get; }

    public string Name => Option.Name;

    /// <summary>The option's value if given, else the environment variable's (null when neither).</summary>
    public string? RawValue(ParseResult parse)
    {
        var given = parse.GetResult(Option) is { Implicit: false } ? parse.GetValue(Option)?.ToString() : null;
        var fromEnvironment = Environment.GetEnvironmentVariable(EnvironmentVariable);
        return given ?? (string.IsNullOrWhiteSpace(fromEnvironment) ? null : fromEnvironment.Trim());
    }

    public bool GivenOnCommandLine(ParseResult parse) => parse.GetResult(Option) is { Implicit: false };
}
