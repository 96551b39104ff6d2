using System.Runtime.InteropServices;

namespace GitHubBackup.Core.Storage;

/// <summary>link(2) from libc: .NET has no hard-link API. Linux and macOS, like the rest of this tool.</summary>
internal static partial class HardLink
{
    /// <summary>0 when the link was made; otherwise -1 (e.g. across file systems).</summary>
    public static int Create(string existing, string link) => NativeLink(existing, link);

    /// <summary>
    /// Every file of <paramref name="from"/> into <paramref name="to"/>, hard-linked (copied across file systems): for
    /// files that never change once written, such as git's packs, whatever happens to the originals next.
    /// </summary>
    public static void LinkFiles(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from))
        {
            var target = Path.Combine(to, Path.GetFileName(file));
            if (Create(file, target) != 0)
            {
                File.Copy(file, target);
            }
        }
    }

    [LibraryImport("libc", EntryPoint = "link", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int NativeLink(string oldPath, string newPath);
}
