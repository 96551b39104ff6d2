using GitHubBackup.Core.Contracts;

namespace GitHubBackup.Core.Engine;

/// <summary>What reusing the last verified bundle gave: the carried part, or null and (when it had rotted) why.</summary>
public sealed record Reuse(BundlePart? Reused, string? Rot)
{
    public static Reuse None { get; } = new(null, null);
}
