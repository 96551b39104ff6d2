using GitHubBackup.Core.Contracts;
using GitHubBackup.Core.GitHub;

namespace GitHubBackup.Core.Runs;

/// <summary>Converts between listed repositories and the batch-file contract.</summary>
public static class BatchFiles
{
    public static BatchFile Create(string runId, string org, string date, string source, string name, bool strict, IEnumerable<SourceRepository> repositories) => new()
    {
        RunId = runId,
        Org = org,
        Date = date,
        Source = source,
        Name = name,
        Strict = strict,
        Repos = repositories.Select(r => new BatchRepo
        {
            Name = r.Name,
            FullName = r.FullName,
            CloneUrl = r.CloneUrl.ToString(),
            DefaultBranch = r.DefaultBranch,
            SizeKb = r.SizeKb,
        }).ToList(),
    };

    public static SourceRepository ToSource(BatchRepo repo, string org) => new()
    {
        Name = BackupLayout.RequireRepo(repo.Name),
        FullName = repo.FullName,
        Owner = org,
        CloneUrl = new Uri(repo.CloneUrl),
        DefaultBranch = repo.DefaultBranch,
        SizeKb = repo.SizeKb,
    };
}
