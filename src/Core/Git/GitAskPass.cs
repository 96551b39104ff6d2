namespace GitHubBackup.Core.Git;

/// <summary>
/// The GIT_ASKPASS helper: a script that answers git's "Username" and "Password" prompts from
/// environment variables of the git process. The token thus never appears in argv, in a URL, in
/// .git/config or in any file: the script holds no secret. It lives in a 0700 directory, mode 0700,
/// and is removed on dispose.
/// </summary>
public sealed class GitAskPass : IDisposable
{
    public const string UsernameVariable = "GITHUB_BACKUP_GIT_USERNAME";
    public const string PasswordVariable = "GITHUB_BACKUP_GIT_PASSWORD";

    private readonly string _directory;

    public GitAskPass(string parentDirectory)
    {
        _directory = Path.Combine(parentDirectory, $"askpass-{Guid.NewGuid():N}");
        Directory.CreateDirectory(_directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        ScriptPath = Path.Combine(_directory, "askpass.sh");
        var script = $$"""
            #!/bin/sh
            case "$1" in
              Username*) printf '%s\n' "${{{UsernameVariable}}}" ;;
              *) printf '%s\n' "${{{PasswordVariable}}}" ;;
            esac

            """;
        File.WriteAllText(ScriptPath, script);
        File.SetUnixFileMode(ScriptPath, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    public string ScriptPath { get; }

    /// <summary>The environment a network git command needs to authenticate with <paramref name="credential"/>.</summary>
    public IEnumerable<KeyValuePair<string, string>> Environment(GitCredential credential) =>
    [
        new("GIT_ASKPASS", ScriptPath),
        new(UsernameVariable, credential.Username),
        new(PasswordVariable, credential.Password),
    ];

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}
