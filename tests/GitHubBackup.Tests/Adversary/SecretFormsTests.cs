using System.Text;
using System.Text.Json;
using GitHubBackup.Core;
using GitHubBackup.Tests.Infrastructure;

namespace GitHubBackup.Tests.Adversary;

/// <summary>A registered secret is masked in every form a server or a log can give it.</summary>
public sealed class SecretFormsTests
{
    [Theory]
    [InlineData("x-access-token")]
    [InlineData("a")]
    [InlineData("ab")]
    [InlineData("backup-operator")]
    public void The_basic_form_is_masked_whatever_the_user_name(string user)
    {
        var token = FakeSecrets.Token("ghs");
        new Secrets().Add(token);
        var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{token}"));

        var scrubbed = new Secrets().Scrub($"fatal: remote error: denied for Authorization: Basic {basic}");

        Assert.DoesNotContain(basic, scrubbed, StringComparison.Ordinal);
        Assert.Contains("***", scrubbed, StringComparison.Ordinal);
    }

    [Fact]
    public void A_secret_is_masked_in_a_json_line_that_escaped_it()
    {
        var token = FakeSecrets.Token("ghs");
        new Secrets().Add(token);
        var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes($"x-access-token:{token}"));
        var line = JsonSerializer.Serialize(new { error = $"Basic {basic} and {token}" });

        var scrubbed = new Secrets().Scrub(line);

        Assert.DoesNotContain(token, scrubbed, StringComparison.Ordinal);
        Assert.DoesNotContain(JsonSerializer.Serialize(basic).Trim('"'), scrubbed, StringComparison.Ordinal);
    }
}
