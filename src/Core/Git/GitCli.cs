using System.Text;

namespace GitHubBackup.Core.Git;

/// <summary><see cref="IGit"/> through the git command line.</summary>
public sealed class GitCli(GitAskPass askPass, Secrets secrets) : IGit
{
    private static readonly KeyValuePair<string, string>[] Local = [];

    public async Task MirrorCloneAsync(Uri url, string directory, GitCredential credential, CancellationToken cancellationToken)
    {
        secrets.Add(credential.Password);
        await GitProcess.RunAsync(
            "git clone --mirror",
            ["clone", "--mirror", "--quiet", "--", url.ToString(), directory],
            workingDirectory: null,
            askPass.Environment(credential),
            secrets,
            cancellationToken);
    }

    public async Task<IReadOnlyList<GitRef>> ListRemoteRefsAsync(Uri url, GitCredential credential, CancellationToken cancellationToken)
    {
        secrets.Add(credential.Password);
        var output = await GitProcess.RunAsync(
            "git ls-remote",
            ["ls-remote", "--refs", "--", url.ToString()],
            workingDirectory: null,
            askPass.Environment(credential),
            secrets,
            cancellationToken);
        return ParseRefs(output, '\t');
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
        try
        {
            var target = (await Run("git symbolic-ref", repository, cancellationToken, "symbolic-ref", "--quiet", "HEAD")).Trim();
            return target.StartsWith("refs/heads/", StringComparison.Ordinal) ? target["refs/heads/".Length..] : null;
        }
        catch (GitCommandException)
        {
            return null;
        }
    }

    public Stream OpenBundle(string repository) =>
        new GitOutputStream(GitProcess.Start(
            "git bundle create",
            ["bundle", "create", "--quiet", "-", "--all"],
            repository,
            Local,
            secrets));

    public async Task<BundleHeader> RestoreBundleAsync(Stream bundle, string directory, string? headBranch, CancellationToken cancellationToken)
    {
        // Buffered, so the header can be read byte by byte cheaply and the pack continues from the same buffer.
        var buffered = new BufferedStream(bundle, 1 << 16);
        var header = await BundleHeader.ReadAsync(buffered, cancellationToken);
        if (header.Prerequisites.Count > 0)
        {
            throw new InvalidDataException("The bundle is incremental (it has prerequisites); this tool writes and restores full bundles only.");
        }

        await Run("git init", null, cancellationToken, "init", "--bare", "--quiet", $"--object-format={header.ObjectFormat}", directory);

        using (var indexPack = GitProcess.Start("git index-pack", ["index-pack", "--stdin"], directory, Local, secrets, writesStdin: true))
        {
            var drainOutput = indexPack.StandardOutput.CopyToAsync(Stream.Null, cancellationToken);
            try
            {
                await buffered.CopyToAsync(indexPack.StandardInput, 1 << 16, cancellationToken);
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

        var named = header.NamedRefs;
        await UpdateRefsAsync(directory, named, cancellationToken);
        var head = ChooseHead(headBranch, header);
        if (head is not null)
        {
            await Run("git symbolic-ref", directory, cancellationToken, "symbolic-ref", "HEAD", $"refs/heads/{head}");
        }

        await Run("git fsck", directory, cancellationToken, "fsck", "--connectivity-only", "--no-dangling", "--no-progress");
        return header;
    }

    public async Task PushAsync(string repository, Uri remote, GitCredential credential, IReadOnlyList<string> refspecs, CancellationToken cancellationToken)
    {
        secrets.Add(credential.Password);
        await GitProcess.RunAsync("git push", ["push", "--porcelain", "--", remote.ToString(), .. refspecs], repository, askPass.Environment(credential), secrets, cancellationToken);
    }

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

    private async Task UpdateRefsAsync(string directory, IReadOnlyList<GitRef> refs, CancellationToken cancellationToken)
    {
        using var updateRef = GitProcess.Start("git update-ref", ["update-ref", "--stdin"], directory, Local, secrets, writesStdin: true);
        var drainOutput = updateRef.StandardOutput.CopyToAsync(Stream.Null, cancellationToken);
        var commands = Encoding.UTF8.GetBytes(string.Concat(refs.Select(r => $"create {r.Name} {r.Sha}\n")));
        await updateRef.StandardInput.WriteAsync(commands, cancellationToken);
        updateRef.StandardInput.Close();
        await drainOutput;
        await updateRef.WaitForSuccessAsync(cancellationToken);
        await Run("git pack-refs", directory, cancellationToken, "pack-refs", "--all");
    }

    private Task<string> Run(string description, string? repository, CancellationToken cancellationToken, params string[] arguments) =>
        GitProcess.RunAsync(description, arguments, repository, Local, secrets, cancellationToken);
}
