using GitHubBackup.Core;
using GitHubBackup.Core.Git;
using GitHubBackup.Tests.Infrastructure;

namespace GitHubBackup.Tests.Git;

public class GitCliTests
{
    [Fact]
    public async Task Gits_error_text_never_carries_the_token_even_when_git_echoes_it()
    {
        using var scratch = new TempDirectory("git");
        using var askPass = new GitAskPass(scratch.Path);
        using var git = new GitCli(askPass, new Secrets());
        var token = FakeSecrets.Token("ghs");

        // A URL that carries the token-like string: git repeats the URL in its error.
        var error = await Assert.ThrowsAsync<GitCommandException>(() =>
            git.MirrorCloneAsync(new Uri($"http://127.0.0.1:9/{token}/repo.git"), scratch.Combine("m.git"), new GitCredential(GitCredential.TokenUsername, token), CancellationToken.None));

        Assert.Contains("unable to access", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(token, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(token, error.StandardError, StringComparison.Ordinal);
    }
}
