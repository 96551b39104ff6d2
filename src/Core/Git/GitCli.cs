using System.Text;

namespace GitHubBackup.Core.Git;

/// <summary><see cref="IGit"/> through the git command line (and, for listing a remote's refs, one HTTP request).</summary>
public sealed class GitCli(GitAskPass askPass, Secrets secrets) : IGit, IDisposable
{
    private readonly SmartHttpRefs remoteRefs = new();

    private static readonly KeyValuePair<string, string>[] Local = [];

    // A network command talks to the URL it was given, nowhere else: git's default ("initial") would follow a
    // redirect of the first request to another server and ask the askpass helper for a credential there.
    private static readonly string[] NoRedirects = ["-c", "http.followRedirects=false"];

    public async Task MirrorCloneAsync(Uri url, string directory, GitCredential credential, CancellationToken cancellationToken)
    {
        secrets.Add(credential.Password);
        await GitProcess.RunAsync(
            "git clone --mirror",
            [.. NoRedirects, "clone", "--mirror", "--quiet", "--", url.ToString(), directory],
            workingDirectory: null,
            askPass.EnvironmentOfferingCredential(credential, url),
            secrets,
            cancellationToken);
    }

    public async Task UpdateMirrorAsync(Uri url, string directory, string? headBranch, GitCredential credential, CancellationToken cancellationToken)
    {
        secrets.Add(credential.Password);
        // A retry after a failed fetch finds origin already there.
        if (!(await Run("git remote", directory, cancellationToken, "remote")).Split('\n').Contains("origin"))
        {
            await Run("git remote add", directory, cancellationToken, "remote", "add", "--mirror=fetch", "origin", url.ToString());
        }

        await GitProcess.RunAsync(
            "git fetch --prune",
            [.. NoRedirects, "-c", "gc.auto=0", "fetch", "--prune", "--quiet", "origin"],
            directory,
            askPass.EnvironmentOfferingCredential(credential, url),
            secrets,
            cancellationToken);
        if (headBranch is not null && (await ListRefsAsync(directory, cancellationToken)).Any(r => r.Name == $"refs/heads/{headBranch}"))
        {
            await Run("git symbolic-ref", directory, cancellationToken, "symbolic-ref", "HEAD", $"refs/heads/{headBranch}");
        }
    }

    public Task<RemoteRefs> ListRemoteRefsAsync(Uri url, GitCredential credential, CancellationToken cancellationToken)
    {
        secrets.Add(credential.Password);
        return remoteRefs.ListAsync(url, credential, cancellationToken);
    }

    public async Task<bool> UsesLfsAsync(string repository, CancellationToken cancellationToken) =>
        (await Run("git log", repository, cancellationToken, "log", "--all", "-G", "filter=lfs", "--format=%H", "-n", "1", "--", ":(glob)**/.gitattributes")).Trim().Length > 0;

    public async Task FetchLfsAsync(string repository, GitCredential credential, CancellationToken cancellationToken)
    {
        secrets.Add(credential.Password);
        try
        {
            var origin = new Uri((await Run("git config", repository, cancellationToken, "config", "--get", "remote.origin.url")).Trim());
            await GitProcess.RunAsync("git lfs fetch", [.. NoRedirects, "lfs", "fetch", "--all", "origin"], repository, askPass.Environment(credential, origin), secrets, cancellationToken);
        }
        catch (GitCommandException e) when (e.StandardError.Contains("'lfs' is not a git command", StringComparison.Ordinal))
        {
            throw new GitCommandException(e.Command, e.ExitCode, "fatal: git-lfs is not installed; install it (Debian: apt-get install git-lfs) to back up LFS objects.");
        }
    }

    public async Task<IReadOnlyList<GitRef>> ListRefsAsync(string repository, CancellationToken cancellationToken) =>
        ParseRefs(await Run("git for-each-ref", repository, cancellationToken, "for-each-ref", "--format=%(objectname) %(refname)"), ' ');

    private static List<GitRef> ParseRefs(string output, char separator) =>
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(separator, 2))
            .Select(parts => new GitRef(parts[1].Trim(), parts[0]))
            .OrderBy(r => r.Name, StringComparer.Ordinal)
            .ToList();

    public async Task<string?> HeadBranchAsync(string repository, CancellationToken cancellationToken)
    {
        // A bare repository's HEAD file is "ref: refs/heads/<branch>" (or a detached sha); reading it spares a process.
        var head = (await File.ReadAllTextAsync(Path.Combine(repository, "HEAD"), cancellationToken)).Trim();
        return head.StartsWith("ref: refs/heads/", StringComparison.Ordinal) ? head["ref: refs/heads/".Length..] : null;
    }

    public Stream OpenBundle(string repository) =>
        new GitOutputStream(GitProcess.Start(
            "git bundle create",
            ["bundle", "create", "--quiet", "-", "--all"],
            repository,
            Local,
            secrets));

    public async Task<Stream> OpenIncrementalBundleAsync(string repository, IReadOnlyList<GitRef> since, CancellationToken cancellationToken)
    {
        var refs = await ListRefsAsync(repository, cancellationToken);
        var headBranch = await HeadBranchAsync(repository, cancellationToken);
        var headSha = refs.FirstOrDefault(r => r.Name == $"refs/heads/{headBranch}")?.Sha;

        // Prerequisites are the commits the earlier layers end at (git checks a bundle's prerequisites are commits
        // it has); the pack excludes everything reachable from any earlier tip, tags and all.
        var peeled = await RunWithInputAsync(
            "git cat-file --batch-check", repository, string.Concat(since.Select(r => $"{r.Sha}^{{commit}}\n")), cancellationToken, "cat-file", "--batch-check=%(objectname) %(objecttype)");
        var prerequisites = peeled.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(' '))
            .Where(parts => parts is [_, "commit"])
            .Select(parts => parts[0])
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal);

        var sha256 = refs.Count > 0 && refs[0].Sha.Length == 64;
        var header = new StringBuilder(sha256 ? "# v3 git bundle\n@object-format=sha256\n" : "# v2 git bundle\n");
        foreach (var prerequisite in prerequisites)
        {
            header.Append('-').Append(prerequisite).Append('\n');
        }

        foreach (var gitRef in refs)
        {
            header.Append(gitRef.Sha).Append(' ').Append(gitRef.Name).Append('\n');
        }

        if (headSha is not null)
        {
            header.Append(headSha).Append(" HEAD\n");
        }

        header.Append('\n');

        var pack = GitProcess.Start(
            "git pack-objects", ["pack-objects", "--stdout", "--thin", "--delta-base-offset", "--revs", "--quiet"], repository, Local, secrets, writesStdin: true);
        try
        {
            var revisions = string.Concat(refs.Select(r => r.Sha + "\n")) + "--not\n" + string.Concat(since.Select(r => r.Sha + "\n"));
            await pack.StandardInput.WriteAsync(Encoding.ASCII.GetBytes(revisions), cancellationToken);
            pack.StandardInput.Close();
        }
        catch
        {
            pack.Dispose();
            throw;
        }

        return new PrefixedStream(Encoding.UTF8.GetBytes(header.ToString()), new GitOutputStream(pack));
    }

    public async Task<BundleHeader> RestoreBundlesAsync(IAsyncEnumerable<Stream> layers, string directory, string? headBranch, CancellationToken cancellationToken, string? basePacks = null)
    {
        BundleHeader? last = null;
        await foreach (var layer in layers.WithCancellation(cancellationToken))
        {
            // Buffered, so the header can be read byte by byte cheaply and the pack continues from the same buffer.
            var buffered = new BufferedStream(layer, 1 << 16);
            var header = await BundleHeader.ReadAsync(buffered, cancellationToken);
            var first = last is null;
            if (first)
            {
                if (header.Prerequisites.Count > 0 && basePacks is null)
                {
                    throw new InvalidDataException("The first bundle of the restore is incremental (it has prerequisites): the full bundle it builds on is not among the layers.");
                }

                await Run("git init", null, cancellationToken, "init", "--bare", "--quiet", $"--object-format={header.ObjectFormat}", directory);
                if (basePacks is not null)
                {
                    Storage.HardLink.LinkFiles(basePacks, Path.Combine(directory, "objects", "pack"));
                }
            }
            else if (header.ObjectFormat != last!.ObjectFormat)
            {
                throw new InvalidDataException($"A bundle of object format {header.ObjectFormat} cannot build on one of {last.ObjectFormat}.");
            }

            // An incremental pack is thin (its deltas may name objects of the earlier layers): --fix-thin completes it.
            await IndexPackAsync(buffered, directory, thin: !first || basePacks is not null, cancellationToken);
            last = header;
        }

        if (last is null)
        {
            throw new InvalidDataException("There is no bundle to restore.");
        }

        // The refs are those of the newest layer, which lists every ref of its night. They and HEAD are written as
        // files (what update-ref and symbolic-ref would write, without a process each); fsck then proves every ref
        // resolves and everything reachable from it is present, whichever layer brought it.
        await WriteRefsAsync(directory, last.NamedRefs, cancellationToken);
        if (ChooseHead(headBranch, last) is { } head)
        {
            await File.WriteAllTextAsync(Path.Combine(directory, "HEAD"), $"ref: refs/heads/{head}\n", cancellationToken);
        }

        await Run("git fsck", directory, cancellationToken, "fsck", "--connectivity-only", "--no-dangling", "--no-progress");
        return last;
    }

    /// <summary>Indexes the pack that follows a bundle's header (every object's hash checked).</summary>
    private async Task IndexPackAsync(Stream pack, string directory, bool thin, CancellationToken cancellationToken)
    {
        using var indexPack = GitProcess.Start("git index-pack", thin ? ["index-pack", "--stdin", "--fix-thin"] : ["index-pack", "--stdin"], directory, Local, secrets, writesStdin: true);
        var drainOutput = indexPack.StandardOutput.CopyToAsync(Stream.Null, cancellationToken);
        try
        {
            await pack.CopyToAsync(indexPack.StandardInput, 1 << 16, cancellationToken);
        }
        catch (IOException)
        {
            // index-pack stopped reading (it found an error); its exit status says what.
        }
        finally
        {
            indexPack.StandardInput.Close();
        }

        await drainOutput;
        await indexPack.WaitForSuccessAsync(cancellationToken);
    }

    public async Task PushAsync(string repository, Uri remote, GitCredential credential, IReadOnlyList<string> refspecs, CancellationToken cancellationToken)
    {
        secrets.Add(credential.Password);
        await GitProcess.RunAsync("git push", [.. NoRedirects, "push", "--porcelain", "--", remote.ToString(), .. refspecs], repository, askPass.Environment(credential, remote), secrets, cancellationToken);
    }

    public void Dispose() => remoteRefs.Dispose();

    public async Task InitEmptyAsync(string directory, string? headBranch, CancellationToken cancellationToken)
    {
        await Run("git init", null, cancellationToken, "init", "--bare", "--quiet", directory);
        if (headBranch is not null)
        {
            await Run("git symbolic-ref", directory, cancellationToken, "symbolic-ref", "HEAD", $"refs/heads/{headBranch}");
        }
    }

    /// <summary>The branch HEAD should name: the one asked for if the bundle has it, else a branch at the bundle's HEAD.</summary>
    private static string? ChooseHead(string? headBranch, BundleHeader header)
    {
        var branches = header.NamedRefs.Where(r => r.Name.StartsWith("refs/heads/", StringComparison.Ordinal)).ToList();
        if (headBranch is not null && branches.Any(b => b.Name == $"refs/heads/{headBranch}"))
        {
            return headBranch;
        }

        var atHead = branches.FirstOrDefault(b => b.Sha == header.HeadSha) ?? branches.FirstOrDefault();
        return atHead?.Name["refs/heads/".Length..];
    }

    private static async Task WriteRefsAsync(string directory, IReadOnlyList<GitRef> refs, CancellationToken cancellationToken)
    {
        var invalid = refs.FirstOrDefault(r => !IsSafeRefName(r.Name));
        if (invalid is not null)
        {
            throw new InvalidDataException($"The bundle names a ref git would refuse: '{invalid.Name}'.");
        }

        var lines = refs.OrderBy(r => r.Name, StringComparer.Ordinal).Select(r => $"{r.Sha} {r.Name}\n");
        await File.WriteAllTextAsync(Path.Combine(directory, "packed-refs"), "# pack-refs with: sorted \n" + string.Concat(lines), cancellationToken);
    }

    /// <summary>The parts of git's ref-name rules (check-ref-format) that matter when the name comes from a file.</summary>
    private static bool IsSafeRefName(string name) =>
        name.StartsWith("refs/", StringComparison.Ordinal)
        && !name.EndsWith('/') && !name.EndsWith(".lock", StringComparison.Ordinal)
        && !name.Contains("..", StringComparison.Ordinal) && !name.Contains("@{", StringComparison.Ordinal) && !name.Contains("//", StringComparison.Ordinal)
        && name.All(c => c > ' ' && c != 127 && c is not ('~' or '^' or ':' or '?' or '*' or '[' or '\\'));

    private Task<string> Run(string description, string? repository, CancellationToken cancellationToken, params string[] arguments) =>
        GitProcess.RunAsync(description, arguments, repository, Local, secrets, cancellationToken);

    private async Task<string> RunWithInputAsync(string description, string repository, string input, CancellationToken cancellationToken, params string[] arguments)
    {
        using var git = GitProcess.Start(description, arguments, repository, Local, secrets, writesStdin: true);
        var output = new StreamReader(git.StandardOutput, Encoding.UTF8).ReadToEndAsync(cancellationToken);
        await git.StandardInput.WriteAsync(Encoding.UTF8.GetBytes(input), cancellationToken);
        git.StandardInput.Close();
        var text = await output;
        await git.WaitForSuccessAsync(cancellationToken);
        return text;
    }
}
