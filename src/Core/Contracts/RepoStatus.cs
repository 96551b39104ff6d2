namespace GitHubBackup.Core.Contracts;

/// <summary>The outcome of one repository in a run, as written to the manifest.</summary>
public static class RepoStatus
{
    /// <summary>Bundle written, read back, indexed and its refs matched the source.</summary>
    public const string Succeeded = "succeeded";

    /// <summary>The repository has no refs; there is nothing to bundle.</summary>
    public const string Empty = "empty";

    /// <summary>Listed by the API but gone (404) by the time it was cloned.</summary>
    public const string Gone = "gone";

    public const string Failed = "failed";

    /// <summary>True for outcomes that leave the repository fully restorable from this snapshot.</summary>
    public static bool IsGood(string status) => status is Succeeded or Empty;
}
