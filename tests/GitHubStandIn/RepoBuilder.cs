using System.Globalization;

namespace GitHubBackup.StandIn;

/// <summary>
/// Writes real git objects into a bare repository with plumbing commands (no work tree): commits on
/// branches, tags of both kinds, pull refs, notes, binary content, the default branch.
/// </summary>
public sealed class RepoBuilder
{
    private readonly string _path;
    private readonly string? _lfsObjects;
    private int _commits;

    /// <param name="lfsObjects">Where the stand-in's LFS server keeps this repository's objects.</param>
    internal RepoBuilder(string path, string? lfsObjects = null)
    {
        _path = path;
        _lfsObjects = lfsObjects;
    }

    public RepoBuilder Commit(string branch, string path, string content, string? message = null) =>
        CommitBlob(branch, path, System.Text.Encoding.UTF8.GetBytes(content), message);

    /// <summary>A file of incompressible random bytes, the same for the same seed.</summary>
    public RepoBuilder CommitBinary(string branch, string path, int bytes, int seed)
    {
        var data = new byte[bytes];
        new Random(seed).NextBytes(data);
        return CommitBlob(branch, path, data, $"add {path}");
    }

    /// <summary>
    /// A file stored in Git LFS: its content goes to the stand-in's LFS server, the commit holds the pointer, and
    /// .gitattributes routes the file's extension to LFS (as git lfs track would).
    /// </summary>
    public RepoBuilder CommitLfs(string branch, string path, byte[] content)
    {
        var lfs = _lfsObjects ?? throw new InvalidOperationException("This repository has no LFS server.");
        var oid = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(content));
        Directory.CreateDirectory(lfs);
        File.WriteAllBytes(System.IO.Path.Combine(lfs, oid), content);
        var extension = System.IO.Path.GetExtension(path);
        CommitBlob(branch, ".gitattributes", System.Text.Encoding.UTF8.GetBytes($"*{extension} filter=lfs diff=lfs merge=lfs -text\n"), "track LFS files");
        var pointer = $"version https://git-lfs.github.com/spec/v1\noid sha256:{oid}\nsize {content.Length}\n";
        return CommitBlob(branch, path, System.Text.Encoding.UTF8.GetBytes(pointer), $"add {path} (LFS)");
    }

    public RepoBuilder Branch(string name, string fromBranch)
    {
        Git.Run(_path, null, "update-ref", $"refs/heads/{name}", Tip(fromBranch));
        return this;
    }

    public RepoBuilder LightweightTag(string name, string branch)
    {
        Git.Run(_path, null, "update-ref", $"refs/tags/{name}", Tip(branch));
        return this;
    }

    public RepoBuilder AnnotatedTag(string name, string branch, string message)
    {
        Git.Run(_path, null, "tag", "-a", name, "-m", message, Tip(branch));
        return this;
    }

    /// <summary>refs/pull/N/head at the branch tip and refs/pull/N/merge as a merge into the default branch, like GitHub keeps them.</summary>
    public RepoBuilder PullRef(int number, string branch)
    {
        var head = Tip(branch);
        var baseTip = Tip(DefaultBranchName());
        var tree = Git.Run(_path, null, "rev-parse", $"{head}^{{tree}}");
        var merge = Git.Run(_path, $"Merge pull request #{number}", "commit-tree", tree, "-p", baseTip, "-p", head);
        Git.Run(_path, null, "update-ref", $"refs/pull/{number}/head", head);
        Git.Run(_path, null, "update-ref", $"refs/pull/{number}/merge", merge);
        return this;
    }

    public RepoBuilder Note(string branch, string text)
    {
        Git.Run(_path, null, "notes", "add", "-f", "-m", text, Tip(branch));
        return this;
    }

    public RepoBuilder DefaultBranch(string name)
    {
        Git.Run(_path, null, "symbolic-ref", "HEAD", $"refs/heads/{name}");
        return this;
    }

    /// <summary>
    /// Packs everything with a reachability bitmap, as GitHub keeps repositories: clones then stream existing
    /// pack data instead of compressing every object again.
    /// </summary>
    public RepoBuilder Repack()
    {
        Git.Run(_path, null, "repack", "-a", "-d", "-b", "-q");
        return this;
    }

    public RepoBuilder DeleteRef(string refName)
    {
        Git.Run(_path, null, "update-ref", "-d", refName);
        return this;
    }

    internal string DefaultBranchName() => Git.Run(_path, null, "symbolic-ref", "--short", "HEAD");

    private string Tip(string branch) => Git.Run(_path, null, "rev-parse", $"refs/heads/{branch}");

    private RepoBuilder CommitBlob(string branch, string path, byte[] content, string? message)
    {
        var blob = Git.RunBytes(_path, content, null, "hash-object", "-w", "--stdin").Trim();
        var parent = Git.TryRun(_path, "rev-parse", "--verify", "--quiet", $"refs/heads/{branch}^{{commit}}");
        var index = Path.Combine(Path.GetTempPath(), $"standin-index-{Guid.NewGuid():N}");
        try
        {
            var withIndex = new Dictionary<string, string> { ["GIT_INDEX_FILE"] = index };
            if (parent is not null)
            {
                Git.RunBytes(_path, null, withIndex, "read-tree", parent);
            }

            Git.RunBytes(_path, null, withIndex, "update-index", "--add", "--cacheinfo", $"100644,{blob},{path}");
            var tree = Git.RunBytes(_path, null, withIndex, "write-tree").Trim();

            // Distinct timestamps keep commits of identical trees distinct and ordered.
            var date = DateTimeOffset.Parse("2026-01-01T00:00:00Z", CultureInfo.InvariantCulture).AddMinutes(++_commits).ToString("O", CultureInfo.InvariantCulture);
            var dated = new Dictionary<string, string> { ["GIT_AUTHOR_DATE"] = date, ["GIT_COMMITTER_DATE"] = date };
            string[] arguments = parent is null ? ["commit-tree", tree] : ["commit-tree", tree, "-p", parent];
            var commit = Git.RunBytes(_path, System.Text.Encoding.UTF8.GetBytes(message ?? $"update {path}"), dated, arguments).Trim();
            Git.Run(_path, null, "update-ref", $"refs/heads/{branch}", commit);
        }
        finally
        {
            File.Delete(index);
        }

        return this;
    }
}
