using System.CommandLine;
using GitHubBackup.Core;
using GitHubBackup.Core.Contracts;
using GitHubBackup.Core.Git;
using GitHubBackup.Core.GitHub;
using GitHubBackup.Core.Restore;
using GitHubBackup.Core.Storage;

namespace GitHubBackup.Runner.Cli;

/// <summary><c>github-backup restore</c>: bare repositories with every ref, from a snapshot; optionally pushed to a new remote.</summary>
public static class RestoreCommand
{
    // GitHub refuses pushes to refs/pull/* ("deny updating a hidden ref"): branches, tags and notes go back.
    private static readonly string[] PushedRefs = ["+refs/heads/*:refs/heads/*", "+refs/tags/*:refs/tags/*", "+refs/notes/*:refs/notes/*"];

    public static Command Create()
    {
        var snapshot = new SnapshotOptions();
        var repo = new EnvOption<string>("--repo", "GITHUB_BACKUP_REPO", "The repository to restore");
        var all = new EnvOption<bool>("--all", "GITHUB_BACKUP_RESTORE_ALL", "Restore every repository of the snapshot");
        var to = new EnvOption<string>("--to", "GITHUB_BACKUP_RESTORE_TO", "Directory to restore into; each repository becomes DIR/NAME.git");
        var pushTo = new EnvOption<string>("--push-to", "GITHUB_BACKUP_PUSH_TO", "Push the restored heads and tags to this empty remote (one repository), e.g. a new GitHub repository");
        var github = new GitHubOptions();

        var command = new Command("restore", "Restore repositories from a backup as bare mirrors with every ref.");
        foreach (var option in snapshot.All.Concat([repo.Option, all.Option, to.Option, pushTo.Option]).Concat(github.All))
        {
            command.Options.Add(option);
        }

        command.SetAction((parse, cancellationToken) => CommandErrors.HandleAsync(async () =>
        {
            var input = snapshot.Input(parse);
            var org = snapshot.OrgName(input, required: true)!;
            var date = snapshot.SnapshotDate(input);
            var repoName = input.Value(repo);
            var restoreAll = input.Flag(all);
            if ((repoName is null) == !restoreAll)
            {
                throw new ConfigurationException("Give either --repo NAME or --all.");
            }

            if (repoName is not null && !BackupLayout.IsRepoName(repoName))
            {
                throw new ConfigurationException($"--repo '{repoName}' is not a repository name.");
            }

            var remote = input.Value(pushTo) is { } push ? PushTarget(push, restoreAll) : null;
            var target = input.Required(to);
            if (File.Exists(target))
            {
                throw new ConfigurationException($"--to '{target}' is a file; give a directory (it is created if missing) to restore NAME.git into.");
            }

            var store = await snapshot.OpenAsync(input, cancellationToken);
            var catalog = new SnapshotCatalog(store);
            var entries = repoName is not null
                ? [await catalog.FindAsync(org, repoName, date, cancellationToken)]
                : (await catalog.RequireManifestAsync(org, date, cancellationToken)).Repos.Where(e => RepoStatus.IsGood(e.Status)).ToList();

            var secrets = new Secrets();
            using var workspace = BackupWorkspace.Create(secrets);
            var restore = new RepositoryRestore(new CheckedRestore(store, workspace.Git));
            var failures = new List<string>();
            foreach (var entry in entries)
            {
                // One repository's problem (its target, its bundle, the remote) is said and the others go on.
                string? restored = null;
                try
                {
                    restored = await restore.RestoreAsync(entry, target, cancellationToken);
                    await Console.Out.WriteLineAsync($"restored {org}/{entry.Name} ({entry.Refs} refs, {entry.Status}) to {restored}");
                    if (remote is not null)
                    {
                        await PushAsync(input, github, org, restored, remote, workspace.Git, secrets, cancellationToken);
                    }
                }
                catch (Exception e) when (e is InvalidDataException or RestoreTargetException or GitCommandException or IOException or UnauthorizedAccessException)
                {
                    failures.Add(entry.Name);
                    var what = restored is not null ? $"could not push {org}/{entry.Name} to {remote}" : $"failed {org}/{entry.Name}";
                    await Console.Error.WriteLineAsync($"{what}: {secrets.Scrub(e is GitCommandException git ? RemoteSaid(git) : e.Message)}");
                }
            }

            if (failures.Count > 0)
            {
                await Console.Error.WriteLineAsync($"{failures.Count} of {entries.Count} failed: {string.Join(", ", failures)}");
            }

            return failures.Count == 0 ? ExitCodes.Success : ExitCodes.Failures;
        }, Console.Error));
        return command;
    }

    /// <summary>What the remote answered (git's "remote:", "error:" and "fatal:" lines), not the command that was run.</summary>
    private static string RemoteSaid(GitCommandException error)
    {
        var said = error.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(l => l.StartsWith("remote:", StringComparison.Ordinal) || l.StartsWith("error:", StringComparison.Ordinal) || l.StartsWith("fatal:", StringComparison.Ordinal) || l.StartsWith("! [", StringComparison.Ordinal))
            .ToList();
        return said.Count > 0 ? string.Join(" / ", said) : error.Message;
    }

    private static Uri PushTarget(string value, bool restoreAll)
    {
        if (restoreAll)
        {
            throw new ConfigurationException("--push-to restores one repository; give --repo NAME with it.");
        }

        return Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http" && string.IsNullOrEmpty(uri.UserInfo)
            ? uri
            : throw new ConfigurationException($"--push-to '{value}' must be an http(s) URL without credentials, e.g. https://github.com/ORG/NEW-REPO.git; the token comes from GITHUB_TOKEN.");
    }

    private static async Task PushAsync(
        CommandInput input, GitHubOptions github, string org, string repository, Uri remote, IGit git, Secrets secrets, CancellationToken cancellationToken)
    {
        using var session = await GitHubSession.ConnectAsync(github.Server(input), github.Auth(input), org, new GitHubApiOptions(), secrets, SystemClock.Instance, TimeProvider.System, cancellationToken);
        var refs = await git.ListRefsAsync(repository, cancellationToken);
        var token = await session.Tokens.GetTokenAsync(cancellationToken);
        await git.PushAsync(repository, remote, new GitCredential(GitCredential.TokenUsername, token), PushedRefs, cancellationToken);
        var heads = refs.Count(r => r.Name.StartsWith("refs/heads/", StringComparison.Ordinal));
        var tags = refs.Count(r => r.Name.StartsWith("refs/tags/", StringComparison.Ordinal));
        var pulls = refs.Count(r => r.Name.StartsWith("refs/pull/", StringComparison.Ordinal));
        await Console.Out.WriteLineAsync(
            $"pushed {heads} branches and {tags} tags (and notes) to {remote}" +
            (pulls == 0 ? "" : $"; {pulls} refs/pull/* refs stay in the archive ({repository}): GitHub refuses pushes to pull refs"));
    }
}
