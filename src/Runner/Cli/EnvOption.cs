using System.CommandLine;

namespace GitHubBackup.Runner.Cli;

/// <summary>An option that falls back to an environment variable (and a config file setting), and says so in its help.</summary>
public sealed class EnvOption<T>
{
    /// <param name="configKey">Its name in the config file, when not the option's name without dashes (--from reads 'dest').</param>
    public EnvOption(string name, string environmentVariable, string description, string? configKey = null)
    {
        EnvironmentVariable = environmentVariable;
        ConfigKey = configKey ?? name.TrimStart('-');
        Option = typeof(T) == typeof(bool) ? Switch(name) : new Option<T>(name);
        Option.Description = $"{description} [env: {environmentVariable}]";
    }

    /// <summary>The command-line option; a switch (T is bool) is a string option, read by <see cref="CommandInput.Flag"/>.</summary>
    public Option Option { get; }

    public string EnvironmentVariable { get; }

    public string ConfigKey { get; }

    public string Name => Option.Name;

    /// <summary>
    /// A switch is on when given bare (--full) and takes the environment's spellings as a value (--full no): a
    /// bool option would take only true/false, and see "yes" as a stray argument.
    /// </summary>
    private static Option<string> Switch(string name)
    {
        var option = new Option<string>(name) { Arity = ArgumentArity.ZeroOrOne, HelpName = "yes|no" };
        option.Validators.Add(result =>
        {
            if (result.Tokens.Count > 0 && OnOff.TryParse(result.Tokens[0].Value) is null)
            {
                result.AddError(OnOff.Refusal(name, result.Tokens[0].Value));
            }
        });
        return option;
    }
}
