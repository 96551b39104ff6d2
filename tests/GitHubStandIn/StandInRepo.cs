namespace GitHubBackup.StandIn;

/// <summary>What a test may set about a repository, as GitHub's API reports it.</summary>
public sealed record RepoSettings
{
    public bool Archived { get; init; }
    public bool Fork { get; init; }
    public IReadOnlyList<string> Topics { get; init; } = [];
    public bool HasWiki { get; init; } = true;
    public bool HasIssues { get; init; } = true;
    public bool Private { get; init; } = true;
    public string? Description { get; init; }

    /// <summary>What the API reports as default_branch; by default the repository's HEAD.</summary>
    public string? DefaultBranch { get; init; }

    /// <summary>Accept pushes (git-receive-pack), e.g. as the target of a restore.</summary>
    public bool AllowPush { get; init; }

    /// <summary>What the API reports as size (KiB); by default the repository's disk usage.</summary>
    public long? SizeKb { get; init; }
}

/// <summary>A bare repository the stand-in serves.</summary>
public sealed class StandInRepo
{
    private int _version;
    private (int Version, string? HeadBranch, long SizeKb) _facts = (-1, null, 0);

    internal StandInRepo(long id, string org, string name, string path, Uri cloneUrl, RepoSettings settings, DateTimeOffset createdAt, string lfsObjects, Uri apiBase)
    {
        LfsObjects = lfsObjects;
        Metadata = new RepoMetadata($"{org}/{name}", apiBase);
        Id = id;
        Org = org;
        Name = name;
        Path = path;
        CloneUrl = cloneUrl;
        Settings = settings;
        CreatedAt = createdAt;
    }

    public long Id { get; }
    public string Org { get; }
    public string Name { get; }
    public string FullName => $"{Org}/{Name}";
    public string Path { get; }
    public Uri CloneUrl { get; }
    public RepoSettings Settings { get; internal set; }
    public DateTimeOffset CreatedAt { get; }

    /// <summary>The repository's Git LFS objects, by oid, as the stand-in's LFS server holds them.</summary>
    public string LfsObjects { get; }

    /// <summary>Issues, pull requests, releases, labels and milestones, as the API serves them.</summary>
    public RepoMetadata Metadata { get; }

    /// <summary>A wiki repository (NAME.wiki): served by git, never listed by the API.</summary>
    public bool IsWiki { get; internal init; }

    /// <summary>The API no longer lists it and git answers 404: the repository was deleted.</summary>
    public bool Deleted { get; internal set; }

    /// <summary>Listed by the API, but git answers 404: deleted between listing and cloning.</summary>
    public bool HiddenFromGit { get; internal set; }

    /// <summary>What the API lists as clone_url instead of the real one (a hostile or broken server).</summary>
    public string? ListedCloneUrl { get; set; }

    /// <summary>git's first request is redirected here (path and query kept): a server that sends clients elsewhere.</summary>
    public Uri? RedirectGitTo { get; set; }

    /// <summary>An authenticated ref advertisement answers with an ERR line that quotes the request's Authorization header.</summary>
    public bool EchoCredentialInGitError { get; set; }

    /// <summary>Every ref (HEAD excluded) and what it points at, as git reports them.</summary>
    public IReadOnlyDictionary<string, string> Refs() =>
        Git.Run(Path, null, "for-each-ref", "--format=%(refname) %(objectname)")
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(' '))
            .ToDictionary(parts => parts[0], parts => parts[1], StringComparer.Ordinal);

    public string HeadBranch() => new RepoBuilder(Path).DefaultBranchName();

    /// <summary>The bytes of a pack of the objects <paramref name="revisions"/> select (as <c>git rev-list --objects</c> reads them, e.g. "main", "^SHA").</summary>
    public long PackBytes(params string[] revisions)
    {
        var directory = Directory.CreateTempSubdirectory("ghb-pack-").FullName;
        try
        {
            var hash = Git.Run(Path, string.Join('\n', revisions) + "\n", "pack-objects", "--revs", "--quiet", System.IO.Path.Combine(directory, "pack")).Trim();
            return new FileInfo(System.IO.Path.Combine(directory, $"pack-{hash}.pack")).Length;
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>Changes with every mutation or push: what a cached ref advertisement is keyed by.</summary>
    internal int Version => Volatile.Read(ref _version);

    /// <summary>Adds commits, refs or tags later, e.g. between two backups.</summary>
    public StandInRepo Mutate(Action<RepoBuilder> change)
    {
        change(new RepoBuilder(Path, LfsObjects));
        Changed();
        return this;
    }

    internal void Changed() => Interlocked.Increment(ref _version);

    /// <summary>Size in KiB as GitHub reports it: the repository's disk usage.</summary>
    internal long SizeKb() => Settings.SizeKb ?? Facts().SizeKb;

    /// <summary>The branch HEAD names, for the API's default_branch.</summary>
    internal string HeadBranchForApi() => Settings.DefaultBranch ?? Facts().HeadBranch;

    /// <summary>Read from disk once per version: listing an org must not start a process per repository.</summary>
    private (string HeadBranch, long SizeKb) Facts()
    {
        var cached = _facts;
        if (cached.Version == Version && cached.HeadBranch is not null)
        {
            return (cached.HeadBranch, cached.SizeKb);
        }

        var head = File.ReadAllText(System.IO.Path.Combine(Path, "HEAD")).Trim();
        var branch = head.StartsWith("ref: refs/heads/", StringComparison.Ordinal) ? head["ref: refs/heads/".Length..] : "main";
        var size = new DirectoryInfo(Path).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length) / 1024;
        _facts = (Version, branch, size);
        return (branch, size);
    }
}
