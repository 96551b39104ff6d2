using System.Globalization;

namespace GitHubBackup.Tests.Infrastructure;

/// <summary>
/// One clock for the runner process and the stand-in, moved only by the test: the runner's wall clock through
/// libfaketime (Debian's faketime package; an offset re-read from a file on every call, the monotonic clock left
/// alone so timeouts keep their meaning), the stand-in's through <see cref="TimeProvider"/>. Time then jumps when the
/// test says, and a busy machine cannot make a token expire between the moment it is fetched and the moment it is used.
/// </summary>
public sealed class SharedClock : TimeProvider, IDisposable
{
    private const string Library = "/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1";
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"ghb-faketime-{Guid.NewGuid():N}");
    private long _offsetSeconds;

    public SharedClock() => Write();

    /// <summary>What the runner process needs in its environment to read this clock.</summary>
    public IReadOnlyDictionary<string, string?> RunnerEnvironment => File.Exists(Library)
        ? new Dictionary<string, string?>
        {
            ["LD_PRELOAD"] = Library,
            ["FAKETIME_TIMESTAMP_FILE"] = _file,
            ["FAKETIME_NO_CACHE"] = "1",
            ["DONT_FAKE_MONOTONIC"] = "1",
        }
        : throw new InvalidOperationException($"{Library} is missing: install Debian's faketime package.");

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow().AddSeconds(Interlocked.Read(ref _offsetSeconds));

    /// <summary>Moves both clocks forward; call it while the runner is held (nothing of its in flight but the held request).</summary>
    public void Advance(TimeSpan by)
    {
        Interlocked.Add(ref _offsetSeconds, (long)by.TotalSeconds);
        Write();
    }

    public void Dispose() => File.Delete(_file);

    private void Write()
    {
        // Written whole, then renamed: the runner never reads half a file.
        var next = _file + ".next";
        File.WriteAllText(next, "+" + Interlocked.Read(ref _offsetSeconds).ToString(CultureInfo.InvariantCulture) + "\n");
        File.Move(next, _file, overwrite: true);
    }
}
