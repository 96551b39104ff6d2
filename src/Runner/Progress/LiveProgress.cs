using System.Collections.Concurrent;
using System.Diagnostics;
using GitHubBackup.Core.Contracts;
using GitHubBackup.Core.Engine;
using GitHubBackup.Core.GitHub;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace GitHubBackup.Runner.Progress;

/// <summary>
/// Progress for a person at a terminal: repositories done of total, bytes stored, what is in flight and
/// for how long, and the failures so far, redrawn a few times a second.
/// </summary>
public sealed class LiveProgress(IAnsiConsole console) : IBackupObserver
{
    private const int ShownFailures = 5;

    private readonly ConcurrentDictionary<string, (BackupPhase Phase, Stopwatch Since)> _inFlight = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<RepoEntry> _failures = new();
    private string _org = "";
    private int _total;
    private int _done;
    private long _bytes;
    private string? _lastRetry;

    public void RunPlanned(string org, int repositories)
    {
        _org = _org.Length == 0 ? org : $"{_org}, {org}";
        Interlocked.Add(ref _total, repositories);
    }

    public void PhaseStarted(SourceRepository repository, BackupPhase phase) =>
        _inFlight[repository.Name] = (phase, Stopwatch.StartNew());

    public void Retrying(SourceRepository repository, BackupPhase phase, int attempt, string reason) =>
        _lastRetry = $"{repository.Name} ({phase.ToString().ToLowerInvariant()}, attempt {attempt} failed): {reason}";

    /// <summary>A GitHub API request being retried (see <see cref="GitHubBackup.Core.GitHub.GitHubApiOptions.Retrying"/>).</summary>
    public void ApiRetrying(string reason) => _lastRetry = reason;

    public void RepositoryFinished(SourceRepository repository, RepoEntry entry)
    {
        _inFlight.TryRemove(repository.Name, out _);
        Interlocked.Increment(ref _done);
        if (entry.Status == RepoStatus.Succeeded)
        {
            // Unchanged repositories are copied, not sent again: the figure is what this run wrote.
            Interlocked.Add(ref _bytes, entry.SizeBytes);
        }

        if (entry.NeedsRerun)
        {
            _failures.Enqueue(entry);
        }
    }

    /// <summary>Redraws until <paramref name="work"/> completes, and returns its result.</summary>
    public async Task<T> ShowWhileAsync<T>(Func<Task<T>> work)
    {
        T result = default!;
        await console.Live(Render()).AutoClear(true).StartAsync(async context =>
        {
            var running = work();
            while (!running.IsCompleted)
            {
                context.UpdateTarget(Render());
                await Task.WhenAny(running, Task.Delay(250));
            }

            result = await running;
        });
        return result;
    }

    private Rows Render()
    {
        // Until an org is listed there is nothing to count: say what it is waiting for instead of "0/0".
        var header = new Markup(_org.Length == 0
            ? "connecting to GitHub and listing repositories"
            : $"[bold]{Markup.Escape(_org)}[/]  {_done}/{_total} repositories  {Bytes.Format(Interlocked.Read(ref _bytes))} written  " +
              (_failures.IsEmpty ? "[green]no failures[/]" : $"[red]{_failures.Count} failed[/]"));
        var inFlight = new Table().Border(TableBorder.Simple).AddColumns("in flight", "phase", "for");
        foreach (var (name, (phase, since)) in _inFlight.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            inFlight.AddRow(Markup.Escape(name), phase.ToString().ToLowerInvariant(), $"{since.Elapsed.TotalSeconds:0}s");
        }

        var rows = new List<IRenderable> { header, inFlight };
        if (_lastRetry is { } retry)
        {
            rows.Add(new Markup($"[yellow]retrying[/] {Markup.Escape(retry)}"));
        }

        rows.AddRange(_failures.Take(ShownFailures).Select(f => new Markup($"[red]failed[/] {Markup.Escape(f.Name)}: {Markup.Escape(f.Error ?? "")}")));
        return new Rows(rows);
    }
}
