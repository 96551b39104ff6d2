using GitHubBackup.Tests.Infrastructure;
using GitHubBackup.Tests.Packaging;

namespace GitHubBackup.Tests.Nightly;

/// <summary>examples/nightly/github-backup.service and .timer: valid units, and the service's command line backs up.</summary>
public sealed class SystemdExampleTests : StandInTest
{
    private static readonly string Service = RepositoryRoot.Combine("examples", "nightly", "github-backup.service");
    private static readonly string Timer = RepositoryRoot.Combine("examples", "nightly", "github-backup.timer");

    [Fact]
    public async Task The_units_pass_systemd_analyze_verify()
    {
        // verify needs the units systemd itself ships (sysinit.target, timers.target) and the ExecStart program to
        // exist; --root points it at a tree holding both, so no real install is touched.
        var root = Work.Combine("root");
        var units = Directory.Exists("/usr/lib/systemd/system") ? "/usr/lib/systemd/system" : "/lib/systemd/system";
        CopyDirectory(units, Path.Combine(root, "usr", "lib", "systemd", "system"));
        var installed = Path.Combine(root, "etc", "systemd", "system");
        Directory.CreateDirectory(installed);
        File.Copy(Service, Path.Combine(installed, "github-backup.service"));
        File.Copy(Timer, Path.Combine(installed, "github-backup.timer"));
        var program = Path.Combine(root, ExecStart()[0].TrimStart('/'));
        Directory.CreateDirectory(Path.GetDirectoryName(program)!);
        File.Copy("/bin/true", program);

        var verify = await ToolProcess.RunAsync(
            "systemd-analyze",
            ["verify", $"--root={root}", "/etc/systemd/system/github-backup.service", "/etc/systemd/system/github-backup.timer"],
            "apt-get install systemd");

        Assert.True(verify.ExitCode == 0, verify.ToString());
        // Unknown keys and unparsable values are only warnings to systemd: any output is a defect of the example.
        Assert.True(verify.Stderr.Length == 0 && verify.Stdout.Length == 0, verify.ToString());
    }

    [Fact]
    public async Task The_timer_fires_nightly_and_catches_up_after_downtime()
    {
        var timer = SystemdUnit.Load(Timer);
        var onCalendar = timer.Get("Timer", "OnCalendar")!;

        var calendar = await ToolProcess.RunAsync("systemd-analyze", ["calendar", onCalendar], "apt-get install systemd");

        Assert.True(calendar.ExitCode == 0, calendar.ToString());
        Assert.Contains("Normalized form: *-*-* 02:30:00 UTC", calendar.Stdout, StringComparison.Ordinal);
        Assert.Equal("true", timer.Get("Timer", "Persistent"));
        Assert.Null(timer.Get("Timer", "Unit")); // the default: the service of the same name
        Assert.Equal("timers.target", timer.Get("Install", "WantedBy"));
    }

    [Fact]
    public void The_service_runs_once_as_its_own_user_with_the_token_outside_the_unit()
    {
        var service = SystemdUnit.Load(Service);

        Assert.Equal("oneshot", service.Get("Service", "Type"));
        Assert.Equal("github-backup", service.Get("Service", "User"));
        Assert.Equal("/etc/github-backup/github-backup.env", service.Get("Service", "EnvironmentFile"));
        Assert.DoesNotContain(service.Environment().Keys, name => name.Contains("TOKEN", StringComparison.Ordinal) || name.Contains("KEY", StringComparison.Ordinal));
        Assert.DoesNotContain("--token", File.ReadAllText(Service), StringComparison.Ordinal);
        // Everything it writes is writable under ProtectSystem=strict: the destination and its CacheDirectory.
        Assert.Equal("strict", service.Get("Service", "ProtectSystem"));
        Assert.Contains(ExecStart()[ExecStart().IndexOf("--dest") + 1], service.All("Service", "ReadWritePaths"));
        Assert.Equal("/var/cache/" + service.Get("Service", "CacheDirectory"), service.Environment()["GITHUB_BACKUP_SCRATCH"]);
    }

    [Fact]
    public async Task The_services_command_line_backs_up_the_org_with_the_env_files_token()
    {
        GitHub.CreateRepository("acme", "api", r => r.Commit("main", "README.md", "api\n"));
        var host = new HostRoot(Work.Combine("host"), GitHub.IssueUserToken(), GitHub.ServerRoot);
        var service = SystemdUnit.Load(Service);
        var environment = HostRoot.CleanEnvironment();
        foreach (var (name, value) in HostRoot.ReadEnvFile(host.EnvFile).Concat(service.Environment().Select(e => KeyValuePair.Create(e.Key, (string?)e.Value))))
        {
            environment[name] = value is null ? null : host.Map(value);
        }

        var backup = await RunnerProcess.RunAsync(ExecStart().Skip(1).Select(host.Map), environment);

        Assert.True(backup.ExitCode == 0, backup.ToString());
        var manifest = EndToEnd.BackupRoundTripTests.ReadManifest(host.Backups);
        Assert.Equal(1, manifest.Totals.Succeeded);
    }

    /// <summary>ExecStart= split into words; the example has no quotes or specifiers, so whitespace is the only separator.</summary>
    private static List<string> ExecStart()
    {
        var line = SystemdUnit.Load(Service).Get("Service", "ExecStart")!;
        Assert.DoesNotContain('"', line);
        Assert.DoesNotContain('%', line);
        Assert.DoesNotContain('$', line);
        var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
        Assert.Equal("/usr/local/bin/github-backup", words[0]);
        return words;
    }

    private static void CopyDirectory(string source, string target)
    {
        Directory.CreateDirectory(target);
        foreach (var entry in new DirectoryInfo(source).EnumerateFileSystemInfos())
        {
            var destination = Path.Combine(target, entry.Name);
            if (entry.LinkTarget is { } link)
            {
                File.CreateSymbolicLink(destination, link);
            }
            else if (entry is DirectoryInfo)
            {
                CopyDirectory(entry.FullName, destination);
            }
            else
            {
                File.Copy(entry.FullName, destination);
            }
        }
    }
}
