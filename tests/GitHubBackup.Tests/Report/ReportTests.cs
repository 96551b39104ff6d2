using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using GitHubBackup.Core.Contracts;
using GitHubBackup.StandIn;
using GitHubBackup.Tests.EndToEnd;
using GitHubBackup.Tests.Infrastructure;

namespace GitHubBackup.Tests.Report;

/// <summary>
/// report through the real command, over three nights the real runner backed up (its clock moved by libfaketime), read
/// back in a real headless Chromium: the figures the page's scripts render must be the manifests' and verify reports'.
/// </summary>
public sealed class ReportTests : StandInTest
{
    private const string Chromium = "/usr/bin/chromium";
    private const string FakeTimeLibrary = "/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1";
    private static readonly string[] Nights = ["2026-11-20", "2026-11-21", "2026-11-23"];

    private string Dest => Work.Combine("dest");

    /// <summary>The runner as a nightly job on <paramref name="date"/>: libfaketime starts its clock at 03:00 UTC that day.</summary>
    private Task<RunnerResult> BackUpOnAsync(string date) =>
        RunnerProcess.RunAsync(
            ["backup", "--org", "acme", "--dest", Dest, "--api-url", GitHub.ServerRoot.ToString(), "--metadata"],
            new Dictionary<string, string?>
            {
                ["GITHUB_TOKEN"] = GitHub.IssueUserToken(),
                ["LD_PRELOAD"] = FakeTimeLibrary,
                ["FAKETIME"] = $"@{date} 03:00:00",
                ["FAKETIME_DONT_FAKE_MONOTONIC"] = "1",
            });

    private Task<RunnerResult> DrillAsync(string date) =>
        RunnerProcess.RunAsync(["verify", "--from", Dest, "--org", "acme", "--date", date, "--publish"]);

    private BackupManifest Manifest(string date)
    {
        var path = Path.Combine(Dest, BackupLayout.ManifestKey(date, "acme"));
        return CoreJson.Deserialize<BackupManifest>(File.ReadAllBytes(path), path);
    }

    private VerifyReport Drill(string date)
    {
        var path = Assert.Single(Directory.GetFiles(Path.Combine(Dest, BackupLayout.SnapshotPrefix(date, "acme"), "verify"), "*.json"));
        return CoreJson.Deserialize<VerifyReport>(File.ReadAllBytes(path), path);
    }

    [Fact]
    public async Task The_page_chromium_renders_shows_each_nights_statuses_bytes_durations_failures_and_drills_as_the_manifests_record_them()
    {
        Assert.True(File.Exists(Chromium), "Chromium is missing: apt-get install -y --no-install-recommends chromium");
        Assert.True(File.Exists(FakeTimeLibrary), "libfaketime is missing: apt-get install -y --no-install-recommends faketime");
        Assert.True(Directory.Exists(RepositoryRoot.Combine("tests", "browser", "node_modules", "playwright-core")), "playwright-core is missing: npm ci --prefix tests/browser");

        StandardCorpus.Create(GitHub, "acme");
        GitHub.CreateRepository("acme", "docs", r => r.Commit("main", "a", "a").CommitLfs("main", "big.bin", new byte[3000]));
        GitHub.CreateWiki("acme", "docs", w => w.Commit("master", "Home.md", "# Home\n"));
        Assert.Equal(0, (await BackUpOnAsync(Nights[0])).ExitCode);
        GitHub.Repository("acme", StandardCorpus.Dotted).Mutate(r => r.Commit("main", "b.txt", "changed\n"));
        Assert.Equal(0, (await BackUpOnAsync(Nights[1])).ExitCode);
        GitHub.Faults.FailClone("acme", StandardCorpus.ManyRefs, times: null);
        GitHub.Repository("acme", StandardCorpus.ManyRefs).Mutate(r => r.Commit("main", "c.txt", "changed\n"));
        Assert.Equal(1, (await BackUpOnAsync(Nights[2])).ExitCode);
        Assert.Equal(0, (await DrillAsync(Nights[0])).ExitCode);
        Assert.Equal(0, (await DrillAsync(Nights[1])).ExitCode);
        var damaged = Path.Combine(Dest, Manifest(Nights[2]).Repos.Single(e => e.Name == StandardCorpus.Binary).BundleKey!);
        var bytes = await File.ReadAllBytesAsync(damaged);
        bytes[bytes.Length / 2] ^= 0x40;
        await File.WriteAllBytesAsync(damaged, bytes);
        Assert.Equal(1, (await DrillAsync(Nights[2])).ExitCode);
        Assert.Equal(Nights, Directory.GetDirectories(Path.Combine(Dest, BackupLayout.Root)).Select(Path.GetFileName).Where(name => BackupLayout.IsDate(name!)).Order(StringComparer.Ordinal));

        var html = Work.Combine("out", "report.html");
        Directory.CreateDirectory(Path.GetDirectoryName(html)!);
        var report = await RunnerProcess.RunAsync(["report", "--from", Dest, "--org", "acme", "--out", html]);
        Assert.True(report.ExitCode == 0, report.ToString());

        var page = await RenderAsync(html);

        Assert.Empty(page["requests"]!.AsArray());
        Assert.Empty(page["errors"]!.AsArray());
        var org = Assert.Single(page["orgs"]!.AsArray())!;
        Assert.Equal("acme", org["org"]!.GetValue<string>());
        var tables = org["tables"]!;
        var charts = org["charts"]!;
        foreach (var date in Nights)
        {
            var manifest = Manifest(date);
            var statuses = Row(tables["statuses"]!, date);
            foreach (var status in new[] { RepoStatus.Succeeded, RepoStatus.Unchanged, RepoStatus.Empty, RepoStatus.Gone, RepoStatus.Failed })
            {
                var expected = manifest.Repos.Count(e => e.Status == status);
                Assert.Equal(expected, Value(statuses, status));
                Assert.Equal(expected, Bar(charts["statuses"]!, date, status)["value"]!.GetValue<long>());
            }

            Assert.Equal(manifest.Totals.Repos, Value(statuses, "repos"));
            Assert.Equal(manifest.Totals.PartsFailed, Value(statuses, "partsFailed"));

            var (stored, transferred) = StoredAndTransferred(manifest);
            var sizes = Row(tables["bytes"]!, date);
            Assert.Equal(stored, Value(sizes, "storedBytes"));
            Assert.Equal(transferred, Value(sizes, "transferredBytes"));
            Assert.Equal(stored, Bar(charts["bytes"]!, date, "stored")["value"]!.GetValue<long>());
            Assert.Equal(transferred, Bar(charts["bytes"]!, date, "transferred")["value"]!.GetValue<long>());

            Assert.Equal((long)(manifest.FinishedAt - manifest.StartedAt).TotalMilliseconds, Value(Row(tables["duration"]!, date), "durationMs"));

            var drill = Drill(date);
            var drillRow = Row(tables["drills"]!, date);
            Assert.Equal(drill.Checked, Value(drillRow, "checked"));
            Assert.Equal(drill.Passed, Value(drillRow, "passed"));
            Assert.Equal(drill.Failed, Value(drillRow, "failed"));
            Assert.Equal(drill.Passed, Bar(charts["drills"]!, date, "passed")["value"]!.GetValue<long>());
            Assert.Equal(drill.Failed, Bar(charts["drills"]!, date, "failed")["value"]!.GetValue<long>());
        }

        // The nights differ the way the runs did: a change on the second night, a failure and a failed drill on the third.
        Assert.Equal(1, Value(Row(tables["statuses"]!, Nights[1]), RepoStatus.Succeeded));
        var failure = Assert.Single(tables["failures"]!.AsArray())!;
        var failed = Manifest(Nights[2]).Repos.Single(e => e.Status == RepoStatus.Failed);
        Assert.Equal((Nights[2], StandardCorpus.ManyRefs, "repository"), (failure["date"]!.GetValue<string>(), failure["repo"]!.GetValue<string>(), failure["part"]!.GetValue<string>()));
        Assert.Equal(failed.Error, failure["cells"]!["error"]!["text"]!.GetValue<string>());
        Assert.Contains($"{StandardCorpus.Binary}: ", Row(tables["drills"]!, Nights[2])["failures"]!["text"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.True(Value(Row(tables["bytes"]!, Nights[1]), "transferredBytes") < Value(Row(tables["bytes"]!, Nights[1]), "storedBytes"));

        // Bars are drawn to scale: each one's rendered height is its value times the chart's scale.
        foreach (var chart in new[] { "statuses", "bytes", "duration", "drills" })
        {
            var scale = charts[chart]!["scale"]!.GetValue<double>();
            Assert.True(scale > 0, chart);
            Assert.All(charts[chart]!["bars"]!.AsArray(), bar => Assert.Equal(bar!["value"]!.GetValue<double>() * scale, bar["height"]!.GetValue<double>(), 0.01));
        }
    }

    [Fact]
    public async Task An_out_path_that_is_a_directory_is_one_line_and_exit_2_before_anything_is_read()
    {
        var folder = Directory.CreateDirectory(Work.Combine("pages")).FullName;

        var report = await RunnerProcess.RunAsync(["report", "--from", Work.Combine("typo"), "--out", folder]);

        Assert.True(report.ExitCode == 2, report.ToString());
        Assert.Contains($"--out '{folder}' is a directory", report.Stderr, StringComparison.Ordinal);
        Assert.Single(report.Stderr.Trim().Split('\n'));
        Assert.Empty(Directory.EnumerateFileSystemEntries(folder));
    }

    [Fact]
    public async Task A_destination_without_snapshots_is_an_error_and_writes_no_page()
    {
        var html = Work.Combine("report.html");

        var empty = Directory.CreateDirectory(Work.Combine("empty")).FullName;

        var report = await RunnerProcess.RunAsync(["report", "--from", empty, "--out", html]);
        var typo = await RunnerProcess.RunAsync(["report", "--from", Work.Combine("typo"), "--out", html]);

        Assert.True(report.ExitCode == 2, report.ToString());
        Assert.Contains("There are no snapshots in", report.Stderr, StringComparison.Ordinal);
        Assert.True(typo.ExitCode == 2, typo.ToString());
        Assert.Contains("does not exist", typo.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(html));
    }

    [Fact]
    public async Task A_damaged_manifest_is_one_line_and_exit_1_and_writes_no_page()
    {
        var manifest = Path.Combine(Dest, BackupLayout.ManifestKey("2026-11-20", "acme"));
        Directory.CreateDirectory(Path.GetDirectoryName(manifest)!);
        await File.WriteAllTextAsync(manifest, "{ not json");
        var html = Work.Combine("report.html");

        var report = await RunnerProcess.RunAsync(["report", "--from", Dest, "--out", html]);

        Assert.True(report.ExitCode == 1, report.ToString());
        Assert.Contains("manifest.json is not valid JSON", Assert.Single(report.Stderr.Trim().Split('\n')), StringComparison.Ordinal);
        Assert.False(File.Exists(html));
    }

    [Fact]
    public void An_error_text_cannot_close_the_data_script_or_add_markup()
    {
        var figures = Core.Reports.ReportBuilder.Figures(
            new BackupManifest
            {
                Org = "acme",
                Date = "2026-11-20",
                RunId = "r",
                Source = "https://github.com",
                Totals = new ManifestTotals(),
                Repos = [new RepoEntry { Name = "x", FullName = "acme/x", Status = RepoStatus.Failed, Error = "</script><img src=x onerror=alert(1)>&" }],
            },
            []);

        var html = Core.Reports.ReportPage.Render(new Core.Reports.DestinationReport { Destination = "d", Snapshots = [figures] });

        Assert.DoesNotContain("<img", html, StringComparison.Ordinal);
        Assert.Equal(2, html.Split("</script>").Length - 1);
    }

    /// <summary>What the manifest says the snapshot holds, and what its run wrote anew (the rest carried over).</summary>
    private static (long Stored, long Transferred) StoredAndTransferred(BackupManifest manifest)
    {
        // A bundle is every layer its restore reads; the run wrote only the newest (issue 15).
        static IEnumerable<(string? Key, long Size, string? Status)> Layers(BundlePart? bundle) =>
            bundle?.RestoreLayers().Select((l, i) => ((string?)l.Key, l.SizeBytes, (string?)(i == bundle.RestoreLayers().Count - 1 ? bundle.Status : RepoStatus.Unchanged))) ?? [];
        var parts = manifest.Repos.SelectMany(e => Layers(e.Main()).Concat(Layers(e.Wiki)).Concat(new (string? Key, long Size, string? Status)[]
        {
            (e.Lfs?.ArchiveKey, e.Lfs?.SizeBytes ?? 0, e.Lfs?.Status),
            (e.Metadata?.ArchiveKey, e.Metadata?.SizeBytes ?? 0, e.Metadata?.Status),
        })).Where(p => p.Key is not null).ToList();
        return (parts.Sum(p => p.Size), parts.Where(p => p.Status == RepoStatus.Succeeded).Sum(p => p.Size));
    }

    private static JsonNode Row(JsonNode table, string date) =>
        Assert.Single(table.AsArray(), row => row!["date"]!.GetValue<string>() == date)!["cells"]!;

    private static long Value(JsonNode cells, string field) =>
        long.Parse(cells[field]?["value"]?.GetValue<string>() ?? throw new Xunit.Sdk.XunitException($"No '{field}' cell in {cells.ToJsonString()}"), System.Globalization.CultureInfo.InvariantCulture);

    private static JsonNode Bar(JsonNode chart, string date, string series) =>
        Assert.Single(chart["bars"]!.AsArray(), bar => bar!["date"]!.GetValue<string>() == date && bar["series"]!.GetValue<string>() == series)!;

    /// <summary>node tests/browser/read-report.mjs: Chromium loads the page, its scripts run, the DOM is read back.</summary>
    private async Task<JsonNode> RenderAsync(string html)
    {
        var screenshot = Environment.GetEnvironmentVariable("GITHUB_BACKUP_REPORT_SCREENSHOT") ?? Work.Combine("report.png");
        var info = new ProcessStartInfo("node", [RepositoryRoot.Combine("tests", "browser", "read-report.mjs"), html, screenshot])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var node = Process.Start(info)!;
        var stdout = node.StandardOutput.ReadToEndAsync();
        var stderr = node.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await node.WaitForExitAsync(cancel.Token);
        Assert.True(node.ExitCode == 0, $"read-report.mjs exit {node.ExitCode}: {await stderr}");
        return JsonNode.Parse(await stdout, documentOptions: new JsonDocumentOptions())!;
    }
}
