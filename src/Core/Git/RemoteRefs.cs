namespace GitHubBackup.Core.Git;

/// <summary>A remote's refs (HEAD excluded, sorted by name) and the branch its HEAD names, when it says.</summary>
public sealed record RemoteRefs(IReadOnlyList<GitRef> Refs, string? HeadBranch);
