using System.Diagnostics;
using GitHubBackup.Tests.Infrastructure;
using GitHubBackup.Tests.Packaging;

namespace GitHubBackup.Tests.Nightly;

/// <summary>
/// examples/nightly/github-backup.cron, an /etc/cron.d entry: a valid schedule and user, and its command, run by sh
/// as cron runs it, backs up with the env file's token, logs, and steps aside while an earlier run holds the lock.
/// </summary>
public sealed class CronExampleTests : StandInTest
{
    private static readonly string CronFile = RepositoryRoot.Combine("examples", "nightly", "github-backup.cron");

    [Fact]
    public void The_entry_has_a_valid_schedule_a_user_and_a_locked_command()
    {
        var entry = Entry();

        Assert.Null(CronSchedule.Problem(entry.Schedule));
        Assert.Equal("github-backup", entry.User);
        Assert.StartsWith("flock -n /var/lib/github-backup/cron.lock ", entry.Command, StringComparison.Ordinal);
        // cron turns an unescaped % into a newline (crontab(5)).
        Assert.DoesNotContain('%', entry.Command);
        // The token stays in the env file: not a variable of the crontab, not on the command line.
        Assert.DoesNotContain(entry.Variables.Keys, name => name.Contains("TOKEN", StringComparison.Ordinal));
        Assert.DoesNotContain("TOKEN", entry.Command, StringComparison.Ordinal);
        Assert.EndsWith(">>/var/log/github-backup/backup.log 2>&1", entry.Command, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_command_backs_up_the_org_and_logs_json_lines_without_the_token()
    {
        GitHub.CreateRepository("acme", "api", r => r.Commit("main", "README.md", "api\n"));
        var token = GitHub.IssueUserToken();
        var host = new HostRoot(Work.Combine("host"), token, GitHub.ServerRoot);

        var run = await RunAsCronDoes(host);

        Assert.True(run.ExitCode == 0, run.ToString() + File.ReadAllText(host.Map("/var/log/github-backup/backup.log")));
        var manifest = EndToEnd.BackupRoundTripTests.ReadManifest(host.Backups);
        Assert.Equal(1, manifest.Totals.Succeeded);
        var log = File.ReadAllLines(host.Map("/var/log/github-backup/backup.log"));
        Assert.Contains(log, line => line.Contains("\"run.finished\"", StringComparison.Ordinal));
        Assert.DoesNotContain(log, line => line.Contains(token, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_run_while_the_previous_one_holds_the_lock_exits_at_once_and_backs_up_nothing()
    {
        GitHub.CreateRepository("acme", "api", r => r.Commit("main", "README.md", "api\n"));
        var host = new HostRoot(Work.Combine("host"), GitHub.IssueUserToken(), GitHub.ServerRoot);
        // The previous run: holds the lock until the test closes its stdin.
        using var previous = new Process
        {
            StartInfo = new ProcessStartInfo("flock", [host.Map("/var/lib/github-backup/cron.lock"), "sh", "-c", "echo held; read line"])
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                UseShellExecute = false,
            },
        };
        try
        {
            previous.Start();
        }
        catch (System.ComponentModel.Win32Exception)
        {
            throw new InvalidOperationException("flock not found: apt-get install util-linux");
        }

        Assert.Equal("held", await previous.StandardOutput.ReadLineAsync());

        var run = await RunAsCronDoes(host);

        previous.StandardInput.Close();
        await previous.WaitForExitAsync();
        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Empty(Directory.EnumerateFileSystemEntries(host.Backups));
        Assert.Empty(File.ReadAllText(host.Map("/var/log/github-backup/backup.log")));
    }

    /// <summary>
    /// The entry's command through sh with the entry's SHELL and PATH, its paths under the host root, and
    /// github-backup on that PATH as the runner this checkout built.
    /// </summary>
    private async Task<RunnerResult> RunAsCronDoes(HostRoot host)
    {
        var entry = Entry();
        var bin = Work.Combine("bin");
        Directory.CreateDirectory(bin);
        var command = Path.Combine(bin, "github-backup");
        await File.WriteAllTextAsync(command, $"#!/bin/sh\nexec dotnet '{RunnerProcess.DllPath}' \"$@\"\n");
        File.SetUnixFileMode(command, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var environment = HostRoot.CleanEnvironment();
        environment["PATH"] = $"{bin}:{entry.Variables["PATH"]}";

        return await ToolProcess.RunAsync(entry.Variables["SHELL"], ["-c", host.Map(entry.Command)], "cron runs commands with /bin/sh", environment);
    }

    private static (string Schedule, string User, string Command, Dictionary<string, string> Variables) Entry()
    {
        var lines = File.ReadAllLines(CronFile).Where(l => l.Length > 0 && l[0] != '#').ToList();
        var variables = lines.Where(l => l.Split(' ')[0].Contains('=', StringComparison.Ordinal)).Select(l => l.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
        var job = Assert.Single(lines, l => !l.Split(' ')[0].Contains('=', StringComparison.Ordinal));
        var fields = job.Split(' ', 7, StringSplitOptions.RemoveEmptyEntries);
        return (string.Join(' ', fields[..5]), fields[5], fields[6], variables);
    }
}
