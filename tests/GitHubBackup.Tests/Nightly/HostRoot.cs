using System.Text.RegularExpressions;

namespace GitHubBackup.Tests.Nightly;

/// <summary>
/// The machine an example is installed on, inside a test's directory: the examples' /etc and /var paths are mapped
/// under it, and the setup the docs describe (the env file with mode 0600, the log, lock and backup directories) is
/// done there. Nothing else about an example's command line changes.
/// </summary>
internal sealed partial class HostRoot
{
    public HostRoot(string path, string token, Uri apiUrl)
    {
        Path = path;
        foreach (var directory in new[] { "/etc/github-backup", "/var/backups/github", "/var/cache/github-backup", "/var/lib/github-backup", "/var/log/github-backup" })
        {
            Directory.CreateDirectory(Map(directory));
        }

        // What the docs tell the operator to write; GITHUB_API_URL stands for the stand-in as it would for GHES.
        File.WriteAllText(EnvFile, $"GITHUB_TOKEN={token}\nGITHUB_API_URL={apiUrl}\n");
        File.SetUnixFileMode(EnvFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    public string Path { get; }

    public string EnvFile => Map("/etc/github-backup/github-backup.env");

    public string Backups => Map("/var/backups/github");

    /// <summary>Every /etc/... and /var/... path in a value (a command line, an argument) moved under this root.</summary>
    public string Map(string value) => HostPath().Replace(value, match => Path + match.Value);

    /// <summary>An env file read as systemd's EnvironmentFile= and sh's '.' both read these: NAME=VALUE lines.</summary>
    public static Dictionary<string, string?> ReadEnvFile(string path) =>
        File.ReadAllLines(path)
            .Where(line => line.Length > 0 && line[0] != '#')
            .Select(line => line.Split('=', 2))
            .ToDictionary(parts => parts[0], parts => (string?)parts[1]);

    /// <summary>The variables a developer's shell may carry that would change what github-backup does: unset.</summary>
    public static Dictionary<string, string?> CleanEnvironment()
    {
        var clean = new Dictionary<string, string?>();
        foreach (var name in System.Environment.GetEnvironmentVariables().Keys.Cast<string>().Where(n => n.StartsWith("GITHUB_", StringComparison.Ordinal)))
        {
            clean[name] = null;
        }

        return clean;
    }

    [GeneratedRegex(@"(?<![\w./-])/(etc|var)/[\w./-]*")]
    private static partial Regex HostPath();
}
