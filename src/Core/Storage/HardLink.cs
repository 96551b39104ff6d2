using System.Runtime.InteropServices;

namespace GitHubBackup.Core.Storage;

/// <summary>link(2) from libc: .NET has no hard-link API. Linux and macOS, like the rest of this tool.</summary>
internal static partial class HardLink
{
    /// <summary>0 when the link was made; otherwise -1 (e.g. across file systems).</summary>
    public static int Create(string existing, string link) => NativeLink(existing, link);

    [LibraryImport("libc", EntryPoint = "link", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int NativeLink(string oldPath, string newPath);
}
