namespace GitHubBackup.Core.Contracts;

/// <summary>The outcome of one repository in a run, as written to the manifest.</summary>
public static class RepoStatus
{
    /// <summary>Bundle written, read back, indexed and its refs matched the source.</summary>
    public const string Succeeded = "succeeded";

    /// <summary>
    /// Its refs are what they were at the last verified backup, so that bundle was copied into this snapshot
    /// (server-side) instead of cloning again.
    /// </summary>
    public const string Unchanged = "unchanged";

    /// <summary>The repository has no refs; there is nothing to bundle.</summary>
    public const string Empty = "empty";

    /// <summary>Listed by the API but gone (404) by the time it was cloned.</summary>
    public const string Gone = "gone";

    public const string Failed = "failed";

    /// <summary>For a part: there is nothing to back up (a wiki never written, a repository without LFS).</summary>
    public const string None = "none";

    /// <summary>True for outcomes that leave the repository fully restorable from this snapshot.</summary>
    public static bool IsGood(string status) => status is Succeeded or Unchanged or Empty;
}
