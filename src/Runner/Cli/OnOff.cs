using GitHubBackup.Core;

namespace GitHubBackup.Runner.Cli;

/// <summary>
/// On/off settings, spelled the usual ways (true/false, yes/no, on/off, 1/0, any case) wherever they come from: a
/// flag's value, the environment or the config file. Anything else is refused by name, never read as "off".
/// </summary>
public static class OnOff
{
    public static bool? TryParse(string value) => value.Trim().ToLowerInvariant() switch
    {
        "true" or "yes" or "on" or "1" => true,
        "false" or "no" or "off" or "0" => false,
        _ => null,
    };

    /// <param name="setting">How the user named it: --full, GITHUB_BACKUP_FULL or full (in the config file).</param>
    public static bool Parse(string setting, string value) =>
        TryParse(value) ?? throw new ConfigurationException(Refusal(setting, value));

    public static string Refusal(string setting, string value) =>
        $"{setting}: '{value}' is not on/off; use true or false (yes/no, on/off and 1/0 work too).";
}
