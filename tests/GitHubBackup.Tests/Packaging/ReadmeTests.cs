using System.Text.RegularExpressions;
using GitHubBackup.Tests.Infrastructure;

namespace GitHubBackup.Tests.Packaging;

/// <summary>The README: the two commands, the links to the rest, nothing about the machine it was written on.</summary>
public sealed partial class ReadmeTests
{
    private static readonly string Readme = File.ReadAllText(RepositoryRoot.Combine("README.md"));

    [Fact]
    public void It_backs_up_from_a_fresh_checkout_and_runs_every_test_with_the_command_ci_runs()
    {
        var blocks = ShellBlocks().Matches(Readme).Select(m => m.Groups[1].Value.Trim()).ToList();

        Assert.Contains(blocks, b => b == "dotnet run --project src/Runner -- backup --org ORG --dest ./backups");
        Assert.Contains(blocks, b => b == "dotnet test");
        var ciRun = File.ReadAllLines(RepositoryRoot.Combine(".ci", "run")).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
        Assert.Equal("dotnet test", ciRun[^1]);
    }

    [Fact]
    public void It_links_the_reference_docs_and_the_nightly_examples_it_names_exist()
    {
        Assert.All(
            ["docs/cli.md", "docs/aws.md", "docs/operations.md", "docs/integrity.md", "docs/security.md", "docs/development.md"],
            doc => Assert.Contains($"]({doc}", Readme, StringComparison.Ordinal));
        var operations = File.ReadAllText(RepositoryRoot.Combine("docs", "operations.md"));
        var named = NightlyFile().Matches(Readme + operations).Select(m => m.Value).Distinct().ToList();
        Assert.All(named, file => Assert.True(File.Exists(RepositoryRoot.Combine("examples", "nightly", file)), $"{file} is named but not in examples/nightly"));
        Assert.All(
            Directory.GetFiles(RepositoryRoot.Combine("examples", "nightly")).Select(Path.GetFileName),
            file => Assert.Contains(file!, operations, StringComparison.Ordinal));
    }

    [Fact]
    public void It_is_read_in_five_minutes_and_says_nothing_about_the_machine_it_was_built_on()
    {
        Assert.True(Readme.Split('\n').Length <= 130, $"the README has {Readme.Split('\n').Length} lines; the rest belongs in docs/");
        Assert.All(
            ["this machine", "2 cores", "2-core", "package source", "not served", "is not reachable"],
            phrase => Assert.DoesNotContain(phrase, Readme, StringComparison.OrdinalIgnoreCase));
    }

    [GeneratedRegex(@"```sh\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex ShellBlocks();

    [GeneratedRegex(@"(?<=examples/nightly/|`)(github-backup\.(service|timer|cron)|kubernetes-cronjob\.yaml)")]
    private static partial Regex NightlyFile();
}
