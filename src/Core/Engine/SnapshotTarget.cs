using GitHubBackup.Core.Contracts;

namespace GitHubBackup.Core.Engine;

/// <summary>The snapshot a run writes into: one org, one date, one run.</summary>
public sealed record SnapshotTarget(string Org, string Date, string RunId)
{
    public string BundleKey(string repository) => BackupLayout.BundleKey(Date, Org, repository);

    public string ManifestKey => BackupLayout.ManifestKey(Date, Org);
}
