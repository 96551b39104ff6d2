namespace GitHubBackup.Core.Git;

/// <summary>
/// The GIT_ASKPASS helper: a script that answers git's "Username" and "Password" prompts from
/// environment variables of the git process. The token thus never appears in argv, in a URL, in
/// .git/config or in any file: the script holds no secret. It answers only prompts for the origin the command
/// was started for (git names it in the prompt: "Password for 'https://x-access-token@github.com': "), so a
/// redirect, or a server that asks again from elsewhere, gets nothing. It lives in a 0700 directory, mode 0700,
/// and is removed on dispose.
/// </summary>
public sealed class GitAskPass : IDisposable
{
    public const string UsernameVariable = "GITHUB_BACKUP_GIT_USERNAME";
    public const string PasswordVariable = "GITHUB_BACKUP_GIT_PASSWORD";
    public const string OriginVariable = "GITHUB_BACKUP_GIT_ORIGIN";

    private readonly string _directory;

    public GitAskPass(string parentDirectory)
    {
        _directory = Path.Combine(parentDirectory, $"askpass-{Guid.NewGuid():N}");
        Directory.CreateDirectory(_directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        ScriptPath = Path.Combine(_directory, "askpass.sh");
        var script = $$"""
            #!/bin/sh
            url=${1#*\'}
            url=${url%%\'*}
            rest=${url#*://}
            host=${rest#*@}
            host=${host%%/*}
            if [ "${url%%://*}://$host" != "${{{OriginVariable}}}" ]; then
              echo "github-backup: no credential for ${url%%://*}://$host (only for ${{{OriginVariable}}})" >&2
              exit 1
            fi
            case "$1" in
              Username*) printf '%s\n' "${{{UsernameVariable}}}" ;;
              *) printf '%s\n' "${{{PasswordVariable}}}" ;;
            esac

            """;
        // Created with its mode, so there is no moment at which it exists with the umask's.
        using var file = new StreamWriter(ScriptPath, new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute,
        });
        file.Write(script);
    }

    public string ScriptPath { get; }

    /// <summary>
    /// The environment a network git command needs to authenticate with <paramref name="credential"/> to
    /// <paramref name="remote"/>'s origin, and only there: git may use no other protocol than the remote's.
    /// </summary>
    public IEnumerable<KeyValuePair<string, string>> Environment(GitCredential credential, Uri remote) =>
    [
        new("GIT_ASKPASS", ScriptPath),
        new("GIT_ALLOW_PROTOCOL", remote.Scheme),
        new(OriginVariable, Origin(remote)),
        new(UsernameVariable, credential.Username),
        new(PasswordVariable, credential.Password),
    ];

    /// <summary>
    /// <see cref="Environment"/>, with the credential offered on the first request: git otherwise sends each command's
    /// first request without one, takes the 401, runs the helper twice and asks again (a round trip per clone). It is
    /// an <c>http.&lt;origin&gt;/.extraHeader</c> set through GIT_CONFIG_* variables, so, like the helper's answer, it
    /// lives only in the git process's environment and goes only to <paramref name="remote"/>'s origin.
    /// </summary>
    public IEnumerable<KeyValuePair<string, string>> EnvironmentOfferingCredential(GitCredential credential, Uri remote) =>
    [
        .. Environment(credential, remote),
        new("GIT_CONFIG_COUNT", "1"),
        new("GIT_CONFIG_KEY_0", $"http.{Origin(remote)}/.extraHeader"),
        new("GIT_CONFIG_VALUE_0", $"Authorization: Basic {Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{credential.Username}:{credential.Password}"))}"),
    ];

    /// <summary>"scheme://host[:port]" as git prints it in a prompt (the port only when the URL names one).</summary>
    internal static string Origin(Uri remote) => $"{remote.Scheme}://{remote.Authority}";

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}
