using System.Globalization;
using System.Text.RegularExpressions;

namespace GitHubBackup.Bench;

/// <summary>
/// Counts the bytes a process tree read from files under one directory: it runs under strace, tracing only the calls
/// that read or copy (seccomp-bpf stops nothing else), each thread to its own log so no call is split across lines,
/// and the calls on a descriptor whose path lies under the directory are summed. Reads of scratch copies are not counted.
/// </summary>
internal static partial class DirectoryReadCounter
{
    public static IReadOnlyList<string> Launcher(string logPrefix) =>
        ["strace", "--follow-forks", "--output-separately", "-qq", "--seccomp-bpf", "--decode-fds=path", "-s", "0",
         "--trace=read,pread64,readv,preadv,preadv2,sendfile,copy_file_range,splice", "--signal=none", "--output", logPrefix];

    public static long BytesRead(string logPrefix, string directory)
    {
        var root = Path.GetFullPath(directory).TrimEnd('/') + "/";
        var logs = Directory.EnumerateFiles(Path.GetDirectoryName(logPrefix)!, Path.GetFileName(logPrefix) + ".*").ToList();
        if (logs.Count == 0)
        {
            throw new BenchFailure($"strace wrote no log at {logPrefix}.*: is strace installed (apt-get install strace)?");
        }

        return logs.SelectMany(File.ReadLines)
            .Select(line => ReadCall().Match(line))
            .Where(m => m.Success && m.Groups["path"].Captures.Any(path => path.Value.StartsWith(root, StringComparison.Ordinal)))
            .Sum(m => long.Parse(m.Groups["bytes"].Value, CultureInfo.InvariantCulture));
    }

    // read(5</dest/x.bundle>, ""..., 81920) = 81920; sendfile and copy_file_range name two descriptors.
    [GeneratedRegex(@"^\w+\((?:.*?\d+<(?<path>[^>]+)>)+.* = (?<bytes>\d+)$")]
    private static partial Regex ReadCall();
}
