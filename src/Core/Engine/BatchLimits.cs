namespace GitHubBackup.Core.Engine;

/// <summary>What one runner task can take: how many repositories, and how much scratch disk at once.</summary>
public sealed record BatchLimits
{
    public int MaxRepos { get; init; } = 50;

    /// <summary>The task's scratch space; the largest repositories it works on at once must fit, with room to spare.</summary>
    public long ScratchBytes { get; init; } = 20L << 30;

    /// <summary>Repositories a runner task works on at once (its scratch holds this many mirrors).</summary>
    public int Concurrency { get; init; } = BackupOptions.DefaultConcurrency;

    /// <summary>A mirror takes a little more than GitHub's reported size; plan with this factor.</summary>
    public double ScratchFactor { get; init; } = 1.3;
}
