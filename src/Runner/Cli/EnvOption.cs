using System.CommandLine;

namespace GitHubBackup.Runner.Cli;

/// <summary>An option that falls back to an environment variable (and a config file setting), and says so in its help.</summary>
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
}
