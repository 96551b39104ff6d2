using GitHubBackup.Core;

namespace GitHubBackup.Runner.Cli;

/// <summary>
/// A file a command writes (verify's report, report's page): checked before any work, written whole or not at all.
/// </summary>
internal static class OutputFile
{
    /// <summary>The full path of <paramref name="file"/>, when it names a file in an existing folder.</summary>
    public static string Require(string option, string file, string example)
    {
        var full = Path.GetFullPath(file);
        if (Directory.Exists(full))
        {
            throw new ConfigurationException($"{option} '{file}' is a directory; give a file name, e.g. {Path.Combine(file, example)}.");
        }

        var folder = Path.GetDirectoryName(full)!;
        return Directory.Exists(folder)
            ? full
            : throw new ConfigurationException($"{option} '{file}': the folder '{folder}' does not exist; create it, or give a path in an existing folder.");
    }

    /// <summary>Written beside the target and renamed over it, so a reader never sees half a file; on failure nothing is left.</summary>
    public static async Task WriteAsync(string option, string path, byte[] content, CancellationToken cancellationToken)
    {
        var partial = path + $".partial-{Environment.ProcessId}";
        try
        {
            await File.WriteAllBytesAsync(partial, content, cancellationToken);
            File.Move(partial, path, overwrite: true);
        }
        catch (OperationCanceledException)
        {
            File.Delete(partial);
            throw;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            File.Delete(partial);
            throw new ConfigurationException($"{option} '{path}' cannot be written ({e.Message}); choose a path this user can write to.", e);
        }
    }
}
