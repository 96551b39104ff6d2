using GitHubBackup.Core.Contracts;
using GitHubBackup.Core.Git;
using GitHubBackup.Core.GitHub;
using GitHubBackup.Core.Restore;
using GitHubBackup.Core.Storage;

namespace GitHubBackup.Core.Engine;

/// <summary>
/// One or many orgs, each into its own snapshot (and, with destination rules, its repositories into their own
/// destinations). Every destination, every org's credentials and the selection (see
/// <see cref="RepositoryFilter.RequireMatches"/>) are checked before anything is written. When several orgs are
/// backed up, one that fails (credentials, listing) is reported and the others go on; with a single org its
/// error is the run's.
/// </summary>
public sealed class OrgsBackup(Func<string, IBackupStore> openStore, IGit git, Secrets secrets, IClock clock, GitHubApiOptions apiOptions, TimeProvider time)
{
    public async Task<IReadOnlyList<OrgOutcome>> RunAsync(BackupRequest request, IBackupObserver observer, CancellationToken cancellationToken)
    {
        using var selection = await SelectAsync(request, cancellationToken);
        var outcomes = selection.Unavailable.ToList();
        foreach (var (org, session, repositories) in selection.Orgs)
        {
            outcomes.Add(await BackUpOrgAsync(org, session, repositories, request, selection.Stores, observer, selection.Single, cancellationToken));
        }

        return outcomes;
    }

    /// <summary>
    /// What <see cref="RunAsync"/> would do, writing nothing: the selected repositories, where each would go, and
    /// whether its refs still equal its last verified bundle's (copied, not cloned).
    /// </summary>
    public async Task<IReadOnlyList<OrgPreview>> PreviewAsync(BackupRequest request, CancellationToken cancellationToken)
    {
        using var selection = await SelectAsync(request, cancellationToken);
        var previews = selection.Unavailable.Select(o => new OrgPreview(o.Org, [], o.Error)).ToList();
        var date = BackupLayout.Date(clock.UtcNow);
        foreach (var (org, session, repositories) in selection.Orgs)
        {
            var planned = new List<RepositoryPreview>();
            foreach (var group in repositories.GroupBy(r => request.Destinations.For(org, r)))
            {
                var previous = await new SnapshotCatalog(selection.Stores[group.Key]).LatestGoodEntriesAsync(org, date, cancellationToken);
                var plans = new System.Collections.Concurrent.ConcurrentBag<RepositoryPreview>();
                await Parallel.ForEachAsync(
                    group,
                    new ParallelOptions { MaxDegreeOfParallelism = request.Options.CheckConcurrency, CancellationToken = cancellationToken },
                    async (repository, ct) => plans.Add(new RepositoryPreview(
                        repository, group.Key, await PlanAsync(repository, previous.GetValueOrDefault(repository.Name), session.Tokens, request.Options, ct))));
                planned.AddRange(plans);
            }

            previews.Add(new OrgPreview(org, planned.OrderBy(p => p.Repository.Name, StringComparer.OrdinalIgnoreCase).ToList(), null));
        }

        return previews;
    }

    private async Task<string> PlanAsync(SourceRepository repository, RepoEntry? previous, ITokenSource tokens, BackupOptions options, CancellationToken cancellationToken)
    {
        if (previous is null)
        {
            return RepositoryPreview.New;
        }

        if (options.Full || !RepoStatus.IsGood(previous.Status) || (options.Lfs && previous.Lfs?.Status == RepoStatus.Failed))
        {
            return RepositoryPreview.Cloned;
        }

        var credential = new GitCredential(GitCredential.TokenUsername, await tokens.GetTokenAsync(cancellationToken));
        var remote = await git.ListRemoteRefsAsync(repository.CloneUrl, credential, cancellationToken);
        return Unchanged.Matches(previous.Main(), remote) ? RepositoryPreview.Unchanged : RepositoryPreview.Cloned;
    }

    /// <summary>Destinations opened and checked, orgs connected and listed, the filters applied and checked.</summary>
    private async Task<Selection> SelectAsync(BackupRequest request, CancellationToken cancellationToken)
    {
        var orgs = request.AllInstallations
            ? await GitHubSession.InstalledOrgsAsync(request.Server, request.Auth, apiOptions, secrets, clock, time, cancellationToken)
            : request.Orgs;
        var stores = new Dictionary<string, IBackupStore>(StringComparer.Ordinal);
        foreach (var dest in orgs.SelectMany(request.Destinations.Candidates).Distinct())
        {
            var store = openStore(dest);
            await store.CheckUsableAsync(cancellationToken);
            stores[dest] = store;
        }

        var selection = new Selection(stores, orgs.Count == 1 && !request.AllInstallations);
        try
        {
            var include = request.Filter.Compile();
            var listed = new List<SourceRepository>();
            foreach (var org in orgs)
            {
                try
                {
                    var session = await GitHubSession.ConnectAsync(request.Server, request.Auth, org, apiOptions, secrets, clock, time, cancellationToken);
                    selection.Sessions.Add(session);
                    var repositories = await session.ListRepositoriesAsync(org, cancellationToken);
                    listed.AddRange(repositories);
                    selection.Orgs.Add((org, session, repositories.Where(include).ToList()));
                }
                catch (Exception e) when (!selection.Single && e is ConfigurationException or RunFailedException)
                {
                    selection.Unavailable.Add(new OrgOutcome(org, [], e.Message));
                }
            }

            if (selection.Orgs.Count > 0)
            {
                request.Filter.RequireMatches(listed, selection.Orgs.Sum(o => o.Repositories.Count), string.Join(", ", selection.Orgs.Select(o => o.Org)));
            }

            return selection;
        }
        catch
        {
            selection.Dispose();
            throw;
        }
    }

    private async Task<OrgOutcome> BackUpOrgAsync(
        string org, GitHubSession session, IReadOnlyList<SourceRepository> repositories, BackupRequest request,
        Dictionary<string, IBackupStore> stores, IBackupObserver observer, bool single, CancellationToken cancellationToken)
    {
        try
        {
            var runId = RunIds.NewLocal(clock.UtcNow);
            var results = new List<OrgBackupResult>();
            foreach (var group in repositories.GroupBy(r => request.Destinations.For(org, r)))
            {
                var backup = new OrgBackup(session, stores[group.Key], git, secrets, clock, request.Options);
                results.Add(await backup.RunAsync(org, runId, group.ToList(), observer, cancellationToken));
            }

            if (results.Count == 0)
            {
                // An org with no repositories: the snapshot still says so, in the default destination.
                var backup = new OrgBackup(session, stores[request.Destinations.Default], git, secrets, clock, request.Options);
                results.Add(await backup.RunAsync(org, runId, [], observer, cancellationToken));
            }

            return new OrgOutcome(org, results, null);
        }
        catch (Exception e) when (!single && e is ConfigurationException or RunFailedException)
        {
            return new OrgOutcome(org, [], e.Message);
        }
    }

    private sealed class Selection(Dictionary<string, IBackupStore> stores, bool single) : IDisposable
    {
        public Dictionary<string, IBackupStore> Stores { get; } = stores;

        /// <summary>One org, named by --org: its errors are the run's.</summary>
        public bool Single { get; } = single;

        public List<GitHubSession> Sessions { get; } = [];

        public List<(string Org, GitHubSession Session, IReadOnlyList<SourceRepository> Repositories)> Orgs { get; } = [];

        public List<OrgOutcome> Unavailable { get; } = [];

        public void Dispose() => Sessions.ForEach(s => s.Dispose());
    }
}

/// <summary>One org's dry run: the repositories a backup would cover, or why the org could not be listed.</summary>
public sealed record OrgPreview(string Org, IReadOnlyList<RepositoryPreview> Repositories, string? Error);

/// <summary>A repository a backup would cover, the destination it would go to, and what would happen to it.</summary>
public sealed record RepositoryPreview(SourceRepository Repository, string Destination, string Plan)
{
    /// <summary>Its refs equal its last verified bundle's: copied, not cloned.</summary>
    public const string Unchanged = "unchanged";

    /// <summary>Changed since its last verified bundle (or --full): cloned.</summary>
    public const string Cloned = "clone";

    /// <summary>Never backed up to this destination: cloned.</summary>
    public const string New = "new";
}
