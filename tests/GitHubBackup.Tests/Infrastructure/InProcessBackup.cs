using GitHubBackup.Core;
using GitHubBackup.Core.Contracts;
using GitHubBackup.Core.Engine;
using GitHubBackup.Core.Git;
using GitHubBackup.Core.GitHub;
using GitHubBackup.Core.Storage;
using GitHubBackup.StandIn;

namespace GitHubBackup.Tests.Infrastructure;

/// <summary>
/// The engine in-process, backing up the stand-in's "acme" into a store, with a clock the test sets: "tomorrow"
/// comes on demand, with no process and no waiting.
/// </summary>
public static class InProcessBackup
{
    public static async Task<OrgBackupResult> RunAsync(
        GitHubStandIn gitHub, IBackupStore store, string scratchRoot, DateTimeOffset day, Func<BackupOptions, BackupOptions>? configure = null)
    {
        var clock = new ManualClock(day);
        var secrets = new Secrets();
        using var github = await GitHubSession.ConnectAsync(
            GitHubServer.Parse(gitHub.ServerRoot.ToString()), new GitHubAuth.Token(gitHub.IssueUserToken()), "acme", new GitHubApiOptions(), secrets, clock, TimeProvider.System, CancellationToken.None);
        var scratch = Directory.CreateDirectory(Path.Combine(scratchRoot, $"scratch-{Guid.NewGuid():N}")).FullName;
        using var askPass = new GitAskPass(scratch);
        using var git = new GitCli(askPass, secrets);
        var defaults = new BackupOptions { ScratchDirectory = scratch, Concurrency = 3 };
        var options = configure is null ? defaults : configure(defaults);
        var repositories = await github.ListRepositoriesAsync("acme", CancellationToken.None);
        return await new OrgBackup(github, store, git, secrets, clock, options)
            .RunAsync("acme", $"test-{day:yyyyMMdd}", repositories, new NullObserver(), CancellationToken.None);
    }

    private sealed class NullObserver : IBackupObserver
    {
        public void RunPlanned(string org, int repositories)
        {
        }

        public void PhaseStarted(SourceRepository repository, BackupPhase phase)
        {
        }

        public void Retrying(SourceRepository repository, BackupPhase phase, int attempt, string reason)
        {
        }

        public void RepositoryFinished(SourceRepository repository, RepoEntry entry)
        {
        }
    }
}
