namespace GitHubBackup.Core.Engine;

/// <summary>How a run backs up repositories.</summary>
public sealed record BackupOptions
{
    /// <summary>
    /// What <see cref="Concurrency"/> is unless set, everywhere (command line, runner tasks, batch planning). A small
    /// repository's clone mostly waits on GitHub's round trips, so 8 keep two cores busy where 4 left them waiting
    /// (bench/: a full run of 300 small repositories in about half the time, for about 40 MiB more in git processes).
    /// </summary>
    public const int DefaultConcurrency = 8;

    /// <summary>Clones in flight at once (each one a clone, a bundle stream and a verification).</summary>
    public int Concurrency { get; init; } = DefaultConcurrency;

    /// <summary>
    /// Repositories in flight at once: most of a nightly run only compares refs (one small request) and copies an
    /// unchanged bundle, so these run wider than the clones (8 per clone slot, at most 64 repositories, each with its
    /// wiki). Git requests are not under the API's limits; GitHub slows git traffic when busy rather than refusing it.
    /// </summary>
    public int CheckConcurrency => Math.Min(64, Concurrency * 8);

    /// <summary>Where mirrors are cloned and bundles verified; each repository's scratch is removed when it is done.</summary>
    public required string ScratchDirectory { get; init; }

    /// <summary>Attempts for a clone or a store that fails transiently.</summary>
    public int Attempts { get; init; } = 3;

    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Clone every repository in full from GitHub, even when its refs match its last verified backup; without it a
    /// changed repository starts from that backup and fetches only what is new.
    /// </summary>
    public bool Full { get; init; }

    /// <summary>
    /// Most objects one restore reads: a changed repository's new bundle is an incremental layer until its layers would
    /// reach this many (or their incremental bytes half the full bundle's), then a full bundle again.
    /// </summary>
    public int MaxBundleLayers { get; init; } = 60;

    /// <summary>Nights within which a carried object is proven again (read and hashed), fewer as more snapshots rely on it: see <see cref="Scrub"/>.</summary>
    public int ScrubDays { get; init; } = 7;

    /// <summary>Back up each repository's wiki (NAME.wiki.git) next to its bundle.</summary>
    public bool Wiki { get; init; } = true;

    /// <summary>Back up each repository's Git LFS objects next to its bundle.</summary>
    public bool Lfs { get; init; } = true;

    /// <summary>Back up issues, pull requests, releases, labels and milestones (costs API requests: off by default).</summary>
    public bool Metadata { get; init; }

    public Metadata.MetadataOptions MetadataOptions { get; init; } = new();
}
