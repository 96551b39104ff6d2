using GitHubBackup.Core.Contracts;
using GitHubBackup.Core.Git;
using GitHubBackup.Core.GitHub;
using GitHubBackup.Core.Storage;

namespace GitHubBackup.Core.Engine;

/// <summary>
/// One or many orgs, each into its own snapshot (and, with destination rules, its repositories into their own
/// destinations). Every destination and every org's credentials are checked before anything is written. When
/// several orgs are backed up, one that fails (credentials, listing) is reported and the others go on; with a
/// single org its error is the run's.
/// </summary>
public sealed class OrgsBackup(Func<string, IBackupStore> openStore, IGit git, Secrets secrets, IClock clock, GitHubApiOptions apiOptions, TimeProvider time)
{
    public async Task<IReadOnlyList<OrgOutcome>> RunAsync(BackupRequest request, IBackupObserver observer, CancellationToken cancellationToken)
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

        var single = orgs.Count == 1 && !request.AllInstallations;
        var sessions = new Dictionary<string, GitHubSession>(StringComparer.OrdinalIgnoreCase);
        var outcomes = new List<OrgOutcome>();
        try
        {
            foreach (var org in orgs)
            {
                try
                {
                    sessions[org] = await GitHubSession.ConnectAsync(request.Server, request.Auth, org, apiOptions, secrets, clock, time, cancellationToken);
                }
                catch (Exception e) when (!single && e is ConfigurationException or RunFailedException)
                {
                    outcomes.Add(new OrgOutcome(org, [], e.Message));
                }
            }

            var include = request.Filter.Compile();
            foreach (var (org, session) in sessions)
            {
                outcomes.Add(await BackUpOrgAsync(org, session, include, request, stores, observer, single, cancellationToken));
            }
        }
        finally
        {
            foreach (var session in sessions.Values)
            {
                session.Dispose();
            }
        }

        return outcomes;
    }

    private async Task<OrgOutcome> BackUpOrgAsync(
        string org, GitHubSession session, Func<SourceRepository, bool> include, BackupRequest request,
        Dictionary<string, IBackupStore> stores, IBackupObserver observer, bool single, CancellationToken cancellationToken)
    {
        try
        {
            var repositories = (await session.ListRepositoriesAsync(org, cancellationToken)).Where(include).ToList();
            var runId = RunIds.NewLocal(clock.UtcNow);
            var results = new List<OrgBackupResult>();
            foreach (var group in repositories.GroupBy(r => request.Destinations.For(org, r)))
            {
                var backup = new OrgBackup(session, stores[group.Key], git, secrets, clock, request.Options);
                results.Add(await backup.RunAsync(org, runId, group.ToList(), observer, cancellationToken));
            }

            if (results.Count == 0)
            {
                // Nothing matched: the snapshot still says so, in the default destination.
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
}
