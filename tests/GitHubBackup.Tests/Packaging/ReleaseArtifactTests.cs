using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using GitHubBackup.StandIn;
using GitHubBackup.Tests.Infrastructure;

namespace GitHubBackup.Tests.Packaging;

/// <summary>What a release ships, built by build/publish.sh, installed and run the way a user does.</summary>
public sealed class ReleaseArtifactTests(ReleaseArtifacts release) : StandInTest, IClassFixture<ReleaseArtifacts>
{
    [Fact]
    public async Task The_tool_package_installs_with_dotnet_tool_install_and_runs_as_github_backup()
    {
        using var tools = new TempDirectory("tools");
        // Only the release folder as a package source, so nothing else named github-backup can be installed instead.
        var config = tools.Combine("nuget.config");
        await File.WriteAllTextAsync(config, $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration><packageSources><clear /><add key="release" value="{release.Path}" /></packageSources></configuration>
            """);

        var install = await ToolProcess.RunAsync(
            "dotnet", ["tool", "install", "github-backup", "--tool-path", tools.Combine("bin"), "--configfile", config, "--version", release.Version],
            "install the .NET 10 SDK");
        Assert.True(install.ExitCode == 0, install.ToString());

        var command = tools.Combine("bin", "github-backup");
        var version = await ToolProcess.RunAsync(command, ["--version"], "dotnet tool install puts it there");
        Assert.True(version.ExitCode == 0, version.ToString());
        Assert.Equal(release.Version, version.Stdout.Trim().Split('+')[0]);
        var help = await ToolProcess.RunAsync(command, ["--help"], "dotnet tool install puts it there");
        Assert.True(help.ExitCode == 0, help.ToString());
        Assert.All(["backup", "restore", "list", "verify"], name => Assert.Contains($"  {name} ", help.Stdout, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_linux_x64_binary_is_one_file_that_runs_without_a_dotnet_installation()
    {
        var binary = Path.Combine(release.Path, "linux-x64", "github-backup");
        Assert.Equal([binary], Directory.GetFiles(Path.Combine(release.Path, "linux-x64")));

        // No dotnet on PATH and no DOTNET_ROOT: the runtime is inside the file.
        var version = await ToolProcess.RunAsync(binary, ["--version"], "build/publish.sh linux-x64 builds it", WithoutDotnet());

        Assert.True(version.ExitCode == 0, version.ToString());
        Assert.Equal(release.Version, version.Stdout.Trim().Split('+')[0]);
    }

    [Fact]
    public async Task The_linux_x64_binary_backs_up_an_org()
    {
        var repos = StandardCorpus.Create(GitHub, "acme");
        var dest = Work.Combine("backups");
        var binary = Path.Combine(release.Path, "linux-x64", "github-backup");

        var backup = await ToolProcess.RunAsync(
            binary,
            ["backup", "--org", "acme", "--dest", dest, "--api-url", GitHub.ServerRoot.ToString()],
            "build/publish.sh linux-x64 builds it",
            new Dictionary<string, string?>(WithoutDotnet()) { ["GITHUB_TOKEN"] = GitHub.IssueUserToken() });

        Assert.True(backup.ExitCode == 0, backup.ToString());
        var manifest = EndToEnd.BackupRoundTripTests.ReadManifest(dest);
        Assert.Equal(repos.Count, manifest.Totals.Repos);
        Assert.Equal(0, manifest.Totals.Failed);
    }

    [Fact]
    public void The_archive_holds_the_binary_and_the_sums_file_matches_what_was_built()
    {
        var archive = Path.Combine(release.Path, $"github-backup-{release.Version}-linux-x64.tar.gz");
        using (var tar = new TarReader(new GZipStream(File.OpenRead(archive), CompressionMode.Decompress)))
        {
            var entries = new List<TarEntry>();
            while (tar.GetNextEntry() is { } entry)
            {
                entries.Add(entry);
            }

            var binary = Assert.Single(entries, e => e.EntryType is TarEntryType.RegularFile or TarEntryType.V7RegularFile);
            Assert.Equal("./github-backup", binary.Name);
            Assert.True(binary.Mode.HasFlag(UnixFileMode.UserExecute), "the binary keeps its executable bit");
        }

        var sums = File.ReadAllLines(Path.Combine(release.Path, "SHA256SUMS"))
            .Select(line => line.Split("  ", 2))
            .ToDictionary(parts => parts[1], parts => parts[0]);
        Assert.Equal(
            new[] { $"github-backup-{release.Version}-linux-x64.tar.gz", $"github-backup.{release.Version}.nupkg" }.Order(),
            sums.Keys.Order());
        Assert.All(sums, sum => Assert.Equal(sum.Value, Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(release.Path, sum.Key))))));
    }

    /// <summary>A PATH with only the programs github-backup runs (git, and git-lfs through it): no dotnet.</summary>
    private Dictionary<string, string?> WithoutDotnet()
    {
        var bin = Work.Combine("path");
        Directory.CreateDirectory(bin);
        foreach (var program in new[] { "git", "git-lfs" })
        {
            var target = Environment.GetEnvironmentVariable("PATH")!.Split(':').Select(d => Path.Combine(d, program)).FirstOrDefault(File.Exists)
                ?? throw new InvalidOperationException($"{program} not found: apt-get install {program}");
            File.CreateSymbolicLink(Path.Combine(bin, program), target);
        }

        return new() { ["PATH"] = bin, ["DOTNET_ROOT"] = null, ["DOTNET_HOST_PATH"] = null };
    }
}
