using GitHubBackup.Core;
using GitHubBackup.Core.GitHub;

namespace GitHubBackup.Tests.GitHub;

public class GitHubServerTests
{
    [Theory]
    [InlineData(null, "https://api.github.com/")]
    [InlineData("https://github.com", "https://api.github.com/")]
    [InlineData("https://ghe.example.com", "https://ghe.example.com/api/v3/")]
    [InlineData("https://ghe.example.com/api/v3/", "https://ghe.example.com/api/v3/")]
    [InlineData("http://127.0.0.1:8080/", "http://127.0.0.1:8080/api/v3/")]
    public void The_api_lives_under_api_v3_of_the_server_root_except_on_github_com(string? apiUrl, string expected)
    {
        Assert.Equal(expected, GitHubServer.Parse(apiUrl).ApiBase.ToString());
    }

    [Theory]
    [InlineData("ghe.example.com")]
    [InlineData("ftp://ghe.example.com")]
    [InlineData("https://user:secret@ghe.example.com")]
    public void Addresses_that_cannot_be_a_server_root_are_refused(string apiUrl)
    {
        var error = Assert.Throws<ConfigurationException>(() => GitHubServer.Parse(apiUrl));

        Assert.StartsWith("--api-url", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", error.Message, StringComparison.Ordinal);
    }
}
