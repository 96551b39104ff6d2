using System.CommandLine;
using GitHubBackup.Core.Contracts;
using GitHubBackup.Core.Engine;
using GitHubBackup.Core.Metadata;

namespace GitHubBackup.Runner.Cli;

/// <summary>Which parts of each repository beyond its bundle are backed up: wiki, LFS objects, metadata.</summary>
public sealed class PartOptions
{
    public EnvOption<bool> NoWiki { get; } = new("--no-wiki", "GITHUB_BACKUP_NO_WIKI", "Do not back up wikis (NAME.wiki.git)");

    public EnvOption<bool> NoLfs { get; } = new("--no-lfs", "GITHUB_BACKUP_NO_LFS", "Do not back up Git LFS objects");

    public EnvOption<bool> Metadata { get; } = new("--metadata", "GITHUB_BACKUP_METADATA",
        "Also back up issues, pull requests (reviews, comments, commits), releases (assets), labels and milestones");

    public EnvOption<string> MaxAssetMb { get; } = new("--max-asset-mb", "GITHUB_BACKUP_MAX_ASSET_MB", "Skip release assets larger than this (default 100; 0 skips all)");

    public IEnumerable<Option> All => [NoWiki.Option, NoLfs.Option, Metadata.Option, MaxAssetMb.Option];

    /// <summary>The options with the parts chosen: by <paramref name="chosen"/> (a state-machine input) where it says, else by these options.</summary>
    public BackupOptions Apply(CommandInput input, BackupOptions options, PartSelection? chosen = null) => options with
    {
        Wiki = chosen?.Wiki ?? !input.Flag(NoWiki),
        Lfs = chosen?.Lfs ?? !input.Flag(NoLfs),
        Metadata = chosen?.Metadata ?? input.Flag(Metadata),
        MetadataOptions = new MetadataOptions
        {
            MaxAssetBytes = (long)(chosen?.MaxAssetMb ?? input.BoundedNumber(MaxAssetMb, fallback: 100, min: 0, max: PartSelection.MaxAssetMbLimit)) << 20,
        },
    };
}
