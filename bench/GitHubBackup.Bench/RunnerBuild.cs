using System.Diagnostics;

namespace GitHubBackup.Bench;

/// <summary>
/// A github-backup executable published from one commit (or from the working tree), so that two behaviours run in
/// one benchmark as processes built alike. A commit's build is cached under bench/out/runners/&lt;sha&gt;; the working
/// tree is republished every run (incremental, so cheap) because it changes under the benchmark's feet.
/// </summary>
/// <param name="Label">The short name a failure line gives ("a49bbba", "working tree at f1008ba").</param>
/// <param name="Description">The label with the commit's subject, for the report.</param>
internal sealed record RunnerBuild(string Label, string Description, string DllPath)
{
    public static async Task<RunnerBuild> FromCommitAsync(string repositoryRoot, string commit)
    {
        var sha = (await CheckedAsync(repositoryRoot, "git", "rev-parse", "--verify", $"{commit}^{{commit}}")).Trim();
        var output = Path.Combine(repositoryRoot, "bench", "out", "runners", sha);
        var dll = Path.Combine(output, "github-backup.dll");
        var done = Path.Combine(output, ".published");
        if (!File.Exists(done))
        {
            // git archive, not git worktree: the shared repository's worktree list is left alone.
            var source = Directory.CreateTempSubdirectory("github-backup-bench-src-").FullName;
            try
            {
                await CheckedAsync(repositoryRoot, "sh", "-c", $"git archive {sha} | tar -x -C '{source}'");
                await PublishAsync(source, output);
            }
            finally
            {
                Directory.Delete(source, recursive: true);
            }

            await File.WriteAllTextAsync(done, sha);
        }

        var subject = (await CheckedAsync(repositoryRoot, "git", "log", "-1", "--format=%s", sha)).Trim();
        return new RunnerBuild(sha[..7], $"{sha[..7]} ({subject})", dll);
    }

    public static async Task<RunnerBuild> FromWorkingTreeAsync(string repositoryRoot)
    {
        var output = Path.Combine(repositoryRoot, "bench", "out", "runners", "working-tree");
        await PublishAsync(repositoryRoot, output);
        var head = (await CheckedAsync(repositoryRoot, "git", "rev-parse", "--short", "HEAD")).Trim();
        var dirty = (await CheckedAsync(repositoryRoot, "git", "status", "--porcelain", "--", "src")).Length > 0 ? " with uncommitted changes to src/" : "";
        var label = $"working tree at {head}";
        return new RunnerBuild(label, label + dirty, Path.Combine(output, "github-backup.dll"));
    }

    private static Task<string> PublishAsync(string source, string output) =>
        CheckedAsync(source, "dotnet", "publish", "src/Runner", "--configuration", "Release", "--output", output, "--nologo", "-v:q");

    private static async Task<string> CheckedAsync(string directory, string program, params string[] arguments)
    {
        var info = new ProcessStartInfo(program, arguments) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            var said = $"{await stderr}\n{await stdout}".Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault(l => l.Contains("error", StringComparison.OrdinalIgnoreCase) || l.StartsWith("fatal:", StringComparison.Ordinal)) ?? "no output";
            throw new BenchFailure($"building a runner: {program} {string.Join(' ', arguments)} in {directory} exited {process.ExitCode}: {said}");
        }

        return await stdout;
    }
}
