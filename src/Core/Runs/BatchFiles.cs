using GitHubBackup.Core.Contracts;
using GitHubBackup.Core.GitHub;

namespace GitHubBackup.Core.Runs;

/// <summary>Converts between listed repositories and the batch-file contract.</summary>
public static class BatchFiles
{
    /// <param name="previous">The repository's latest restorable entry, which an unchanged repository is copied from.</param>
    public static BatchRepo Plan(SourceRepository repository, RepoEntry? previous) => new()
    {
        Name = repository.Name,
        FullName = repository.FullName,
        CloneUrl = repository.CloneUrl.ToString(),
        DefaultBranch = repository.DefaultBranch,
        SizeKb = repository.SizeKb,
        HasWiki = repository.HasWiki,
        Previous = previous,
    };

    /// <summary>Splits planned repositories into numbered batch files (see <see cref="Engine.BatchPlanner"/>).</summary>
    public static IReadOnlyList<BatchFile> Split(RunPlan plan, IReadOnlyList<BatchRepo> repos, Engine.BatchLimits limits, string namePrefix, bool strict, bool full, PartSelection? parts) =>
        Engine.BatchPlanner.Plan(repos, r => r.SizeKb, r => r.Name, limits)
            .Select((batch, i) => new BatchFile
            {
                RunId = plan.RunId,
                Org = plan.Org,
                Date = plan.Date,
                Source = plan.Source,
                Name = $"{namePrefix}{i + 1:D4}",
                Strict = strict,
                Full = full,
                Parts = parts,
                Repos = batch,
            })
            .ToList();

    /// <summary>A planned repository, checked again against the run's server: a batch file is read back from storage.</summary>
    public static SourceRepository ToSource(BatchRepo repo, string org, GitHubServer server) => new()
    {
        Name = repo.Name,
        FullName = repo.FullName,
        Owner = org,
        CloneUrl = Uri.TryCreate(repo.CloneUrl, UriKind.Absolute, out var url) ? url : server.Root,
        DefaultBranch = repo.DefaultBranch,
        SizeKb = repo.SizeKb,
        HasWiki = repo.HasWiki,
        Refusal = ListedRepositoryCheck.Refusal(repo.Name, repo.CloneUrl, server),
    };
}
