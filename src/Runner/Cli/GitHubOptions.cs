using System.CommandLine;
using GitHubBackup.Core;
using GitHubBackup.Core.GitHub;

namespace GitHubBackup.Runner.Cli;

/// <summary>The options that say which GitHub server to talk to and how to authenticate.</summary>
public sealed class GitHubOptions
{
    public const string PrivateKeyVariable = "GITHUB_APP_PRIVATE_KEY";

    public EnvOption<string> ApiUrl { get; } = new("--api-url", "GITHUB_API_URL",
        "Server root of GitHub Enterprise Server or a GitHub-compatible API, e.g. https://ghe.example.com (API under /api/v3). Default: github.com");

    public EnvOption<string> Token { get; } = new("--token", "GITHUB_TOKEN",
        "Classic or fine-grained token. Prefer the environment variable: a command-line value is visible in the process table");

    public EnvOption<string> TokenFile { get; } = new("--token-file", "GITHUB_TOKEN_FILE",
        "File holding the token (e.g. a mounted secret); read and trimmed, never printed. Wins over GITHUB_TOKEN");

    public EnvOption<string> AppId { get; } = new("--app-id", "GITHUB_APP_ID", "GitHub App id (App authentication)");

    public EnvOption<string> AppKey { get; } = new("--app-key", "GITHUB_APP_PRIVATE_KEY_FILE",
        $"File with the GitHub App's private key (PEM); or put the PEM itself in {PrivateKeyVariable}");

    public EnvOption<string> InstallationId { get; } = new("--installation-id", "GITHUB_APP_INSTALLATION_ID",
        "Installation id of the App on the org; found by org when omitted");

    public IEnumerable<Option> All => [ApiUrl.Option, Token.Option, TokenFile.Option, AppId.Option, AppKey.Option, InstallationId.Option];

    public GitHubServer Server(CommandInput input) => GitHubServer.Parse(input.Value(ApiUrl));

    /// <summary>App credentials when an App id is set (CI often sets GITHUB_TOKEN too, so the App wins); else the token.</summary>
    public GitHubAuth Auth(CommandInput input)
    {
        var appId = input.PositiveNumber(AppId);
        if (appId is null)
        {
            var token = TokenFromFile(input) ?? input.Value(Token)
                ?? throw new ConfigurationException(
                    $"No GitHub credentials: set {Token.EnvironmentVariable} to a token (or {TokenFile.EnvironmentVariable} to a file holding it), or {AppId.EnvironmentVariable} with {AppKey.EnvironmentVariable} (or {PrivateKeyVariable}) for a GitHub App.");
            return new GitHubAuth.Token(token);
        }

        if (input.GivenOnCommandLine(Token) || input.GivenOnCommandLine(TokenFile))
        {
            throw new ConfigurationException($"Both {(input.GivenOnCommandLine(Token) ? "--token" : "--token-file")} and --app-id were given; use one way to authenticate.");
        }

        return new GitHubAuth.App(appId.Value, PrivateKeyPem(input), input.PositiveNumber(InstallationId));
    }

    /// <summary>The token in the file --token-file names, without surrounding whitespace; what is wrong with the file, never its contents.</summary>
    private string? TokenFromFile(CommandInput input)
    {
        var file = input.Value(TokenFile);
        if (file is null)
        {
            return null;
        }

        if (input.GivenOnCommandLine(Token))
        {
            throw new ConfigurationException("Both --token and --token-file were given; use one.");
        }

        string token;
        try
        {
            token = File.ReadAllText(file).Trim();
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new ConfigurationException($"--token-file '{file}' does not exist; give the file that holds the GitHub token.", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigurationException($"Cannot read the token file '{file}': {e.Message}", e);
        }

        return token.Length > 0 ? token : throw new ConfigurationException($"--token-file '{file}' is empty; it must hold the GitHub token.");
    }

    private string PrivateKeyPem(CommandInput input)
    {
        var file = input.Value(AppKey);
        if (file is not null)
        {
            try
            {
                return File.ReadAllText(file);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new ConfigurationException($"Cannot read the GitHub App private key file '{file}': {e.Message}", e);
            }
        }

        var pem = Environment.GetEnvironmentVariable(PrivateKeyVariable);
        return string.IsNullOrWhiteSpace(pem)
            ? throw new ConfigurationException(
                $"--app-id is set but there is no private key: pass --app-key FILE, or set {AppKey.EnvironmentVariable} or {PrivateKeyVariable}.")
            : pem;
    }
}
