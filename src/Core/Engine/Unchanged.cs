using GitHubBackup.Core.Contracts;
using GitHubBackup.Core.Git;

namespace GitHubBackup.Core.Engine;

/// <summary>What "unchanged" means: the remote's refs and the branch its HEAD names are those of the last good backup.</summary>
public static class Unchanged
{
    public static bool Matches(BundlePart? previous, RemoteRefs remote) =>
        previous is not null
        && RepoStatus.IsGood(previous.Status)
        && previous.RefsSha256 == GitRefs.Digest(remote.Refs)
        && (remote.HeadBranch is null || previous.BundleKey is null || remote.HeadBranch == previous.DefaultBranch);
}
