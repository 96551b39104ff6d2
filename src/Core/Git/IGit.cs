namespace GitHubBackup.Core.Git;

/// <summary>The git operations a backup and a restore need.</summary>
public interface IGit
{
    /// <summary><c>git clone --mirror</c>: every ref under refs/, including pull and notes refs.</summary>
    Task MirrorCloneAsync(Uri url, string directory, GitCredential credential, CancellationToken cancellationToken);

    /// <summary>
    /// Brings a mirror (e.g. one restored from the last verified bundle) up to the remote, as a fresh mirror clone
    /// would be: origin set as <c>git clone --mirror</c> sets it, <c>git fetch --prune</c> of every ref under refs/
    /// (only objects the mirror lacks cross the network), and HEAD on <paramref name="headBranch"/> when the
    /// remote has that branch.
    /// </summary>
    Task UpdateMirrorAsync(Uri url, string directory, string? headBranch, GitCredential credential, CancellationToken cancellationToken);

    /// <summary>
    /// The remote's refs as <c>git ls-remote --refs</c> lists them (every ref under refs/, no HEAD, no peeled
    /// tags): the same set a mirror clone would fetch, at the cost of one small request; and the branch its HEAD
    /// names (the default branch), which a mirror clone's HEAD follows.
    /// </summary>
    Task<RemoteRefs> ListRemoteRefsAsync(Uri url, GitCredential credential, CancellationToken cancellationToken);

    /// <summary>Whether any .gitattributes in any ref's history routes files to Git LFS.</summary>
    Task<bool> UsesLfsAsync(string repository, CancellationToken cancellationToken);

    /// <summary><c>git lfs fetch --all</c>: every LFS object reachable from any ref, into the repository's lfs/objects.</summary>
    Task FetchLfsAsync(string repository, GitCredential credential, CancellationToken cancellationToken);

    /// <summary>Every ref of a repository (HEAD excluded), sorted by name.</summary>
    Task<IReadOnlyList<GitRef>> ListRefsAsync(string repository, CancellationToken cancellationToken);

    /// <summary>The branch HEAD points at (e.g. "main"), or null when HEAD is detached or dangling.</summary>
    Task<string?> HeadBranchAsync(string repository, CancellationToken cancellationToken);

    /// <summary>
    /// <c>git bundle create - --all</c> as a stream: every ref plus HEAD. The stream ends cleanly only if
    /// git succeeded; otherwise reading its end throws.
    /// </summary>
    Stream OpenBundle(string repository);

    /// <summary>
    /// An incremental bundle as a stream: only the objects not reachable from <paramref name="since"/> (the refs of
    /// the bundle it builds on), those refs' commits as prerequisites, and every ref plus HEAD in its header, so the
    /// newest layer alone says what a restore's refs are. Readable by git itself (<c>git bundle verify</c>, fetch).
    /// The stream ends cleanly only if git succeeded.
    /// </summary>
    Task<Stream> OpenIncrementalBundleAsync(string repository, IReadOnlyList<GitRef> since, CancellationToken cancellationToken);

    /// <summary>
    /// Writes a bare repository at <paramref name="directory"/> from bundle streams read in turn: a full bundle, then
    /// any incremental ones, each pack indexed (every object's hash checked). The refs are set to the last bundle's,
    /// HEAD points at <paramref name="headBranch"/> (or at the branch the bundle's HEAD matches), and connectivity
    /// from every ref is checked. Returns the last header. With <paramref name="basePacks"/> (a folder of pack files, the
    /// earlier layers as a restore of them indexed and proved them), the repository starts from those and the first
    /// stream may be incremental on them.
    /// </summary>
    Task<BundleHeader> RestoreBundlesAsync(IAsyncEnumerable<Stream> layers, string directory, string? headBranch, CancellationToken cancellationToken, string? basePacks = null);

    /// <summary>Pushes refs matching <paramref name="refspecs"/> from a local repository to a remote (credentials through askpass).</summary>
    Task PushAsync(string repository, Uri remote, GitCredential credential, IReadOnlyList<string> refspecs, CancellationToken cancellationToken);

    /// <summary>An empty bare repository, the restore of a repository that had no refs.</summary>
    Task InitEmptyAsync(string directory, string? headBranch, CancellationToken cancellationToken);
}
