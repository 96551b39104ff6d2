using GitHubBackup.Core.Contracts;

namespace GitHubBackup.Core.Engine;

/// <summary>
/// When a changed repository's new bundle is an incremental layer on its last verified ones, and when it is a full
/// bundle again (consolidation). Layering stores only what is new; consolidating bounds what a restore reads: at most
/// <see cref="BackupOptions.MaxBundleLayers"/> objects, and incremental bytes of at most half the full bundle's.
/// </summary>
public static class BundleLayering
{
    public static bool CanExtend(IReadOnlyList<BundleObject> layers, BackupOptions options) =>
        layers.Count > 0
        && layers.Count < options.MaxBundleLayers
        && !layers[0].Incremental
        // A bundle of an older layout (in a snapshot's folder) is not built on: the next full one moves the repository to objects/.
        && layers.All(l => BackupLayout.IsObjectKey(l.Key))
        && layers.Skip(1).Sum(l => l.SizeBytes) * 2 <= layers[0].SizeBytes;
}
