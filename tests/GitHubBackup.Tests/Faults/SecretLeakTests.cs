using System.Collections.Concurrent;
using System.Globalization;
using GitHubBackup.StandIn;
using GitHubBackup.Tests.Infrastructure;

namespace GitHubBackup.Tests.Faults;

/// <summary>
/// Secrets never appear in any process's argv, in mirrors' .git/config, in files the run leaves, in its
/// output or its manifest; the askpass helper lives in a 0700 directory and is gone after the run.
/// </summary>
public sealed class SecretLeakTests : StandInTest
{
    protected override StandInOptions Options => new() { Latency = TimeSpan.FromMilliseconds(40) };

    [Fact]
    public async Task No_token_or_key_is_visible_in_argv_config_files_output_or_left_on_disk()
    {
        GitHub.InstallationTokenLifetime = TimeSpan.FromSeconds(3);
        StandardCorpus.Create(GitHub, "acme");
        GitHub.CreateRepositories("acme", 6, "more-");
        GitHub.Faults.FailClone("acme", "more-0001", status: 500, times: null);
        var scratch = Work.Combine("scratch");
        var dest = Work.Combine("dest");
        Directory.CreateDirectory(scratch);
        var keyLines = GitHub.App.PrivateKeyPem.Split('\n').Where(l => l.Length > 20 && !l.StartsWith("-----", StringComparison.Ordinal)).ToList();
        var sightings = new ConcurrentBag<string>();
        var askPassModes = new ConcurrentBag<UnixFileMode>();
        using var stop = new CancellationTokenSource();
        var sampler = Task.Run(() => SampleUntil(scratch, keyLines, sightings, askPassModes, stop.Token));

        var result = await RunnerProcess.RunAsync(
            ["backup", "--org", "acme", "--dest", dest, "--api-url", GitHub.ServerRoot.ToString(), "--concurrency", "3"],
            new Dictionary<string, string?>
            {
                ["GITHUB_APP_ID"] = GitHub.App.AppId.ToString(CultureInfo.InvariantCulture),
                ["GITHUB_APP_PRIVATE_KEY"] = GitHub.App.PrivateKeyPem,
                ["GITHUB_BACKUP_SCRATCH"] = scratch,
            });
        await stop.CancelAsync();
        await sampler;

        Assert.Equal(1, result.ExitCode);
        var tokens = GitHub.IssuedTokens;
        Assert.True(tokens.Count >= 2, "the run must have used (refreshed) installation tokens for this test to mean anything");
        Assert.Empty(sightings);
        Assert.NotEmpty(askPassModes);
        Assert.All(askPassModes, mode => Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, mode));
        Assert.Empty(Directory.GetFileSystemEntries(scratch));
        var leftBehind = Directory.GetFiles(dest, "*", SearchOption.AllDirectories).Where(f => !f.EndsWith(".bundle", StringComparison.Ordinal)).Select(File.ReadAllText);
        foreach (var text in leftBehind.Append(result.Stdout).Append(result.Stderr))
        {
            Assert.DoesNotContain(tokens, token => text.Contains(token, StringComparison.Ordinal));
            Assert.DoesNotContain(keyLines, line => text.Contains(line, StringComparison.Ordinal));
        }
    }

    /// <summary>Samples every process's argv, and every file of the run's scratch space, until the run ends.</summary>
    private void SampleUntil(string scratch, IReadOnlyList<string> keyLines, ConcurrentBag<string> sightings, ConcurrentBag<UnixFileMode> askPassModes, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            var secrets = GitHub.IssuedTokens.Concat(keyLines).ToList();
            foreach (var cmdline in Directory.EnumerateDirectories("/proc").Select(p => Path.Combine(p, "cmdline")))
            {
                var argv = TryRead(cmdline);
                if (argv is not null && secrets.Any(s => argv.Contains(s, StringComparison.Ordinal)))
                {
                    sightings.Add($"argv of {cmdline}: {argv.Replace('\0', ' ')}");
                }
            }

            foreach (var file in SafeEnumerate(scratch))
            {
                if (Path.GetFileName(file) == "askpass.sh")
                {
                    askPassModes.Add(File.GetUnixFileMode(Path.GetDirectoryName(file)!));
                    askPassModes.Add(File.GetUnixFileMode(file));
                }

                var text = TryRead(file);
                if (text is not null && secrets.Any(s => text.Contains(s, StringComparison.Ordinal)))
                {
                    sightings.Add($"file {file}");
                }
            }

            Thread.Sleep(15);
        }
    }

    private static IEnumerable<string> SafeEnumerate(string directory)
    {
        try
        {
            return Directory.GetFiles(directory, "*", SearchOption.AllDirectories).Where(f => !f.Contains("/objects/", StringComparison.Ordinal));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    private static string? TryRead(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
