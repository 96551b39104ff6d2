using GitHubBackup.Core.Contracts;
using GitHubBackup.Core.Storage;

namespace GitHubBackup.Core.Engine;

/// <summary>The snapshot a run writes into: one org, one date, one run.</summary>
public sealed record SnapshotTarget(string Org, string Date, string RunId)
{
    /// <summary>Repositories whose entry this snapshot already holds (a re-run of the day): carried unchanged, they keep the run that made them.</summary>
    public IReadOnlySet<string> Holds { get; init; } = new HashSet<string>();

    /// <summary>Where a repository's bundle is written and verified, then the key its content names.</summary>
    public BundleKeys Bundle(string repository) =>
        new(Staged(repository + ".bundle"), sha256 => BackupLayout.BundleKey(Org, repository, sha256));

    /// <summary>The same for the repository's wiki.</summary>
    public BundleKeys Wiki(string repository) =>
        new(Staged(repository + ".wiki.bundle"), sha256 => BackupLayout.WikiBundleKey(Org, repository, sha256));

    /// <summary>The same for the repository's Git LFS archive.</summary>
    public BundleKeys Lfs(string repository) =>
        new(Staged(repository + ".lfs.tar"), sha256 => BackupLayout.LfsArchiveKey(Org, repository, sha256));

    public string ManifestKey => BackupLayout.ManifestKey(Date, Org);

    private string Staged(string name) => BackupLayout.StagingKey(StagingWriter.Current, Date, Org, name);
}

/// <summary>A bundle's staging key (in this process's staging folder) and its final key by content.</summary>
public sealed record BundleKeys(string Staged, Func<string, string> ForContent);
