using GitHubBackup.Core.Contracts;

namespace GitHubBackup.Core.Restore;

/// <summary>Verifies a snapshot's restorable entries: all of them, or a random sample (a restore drill).</summary>
public sealed class SnapshotVerification(RepositoryVerifier verifier, IClock clock)
{
    /// <param name="sample">How many to check; null for all.</param>
    public async Task<VerifyReport> RunAsync(BackupManifest manifest, int? sample, Action<VerifyResult> checkedOne, CancellationToken cancellationToken)
    {
        var restorable = manifest.Repos.Where(e => RepoStatus.IsGood(e.Status)).ToList();
        var chosen = sample is { } n && n < restorable.Count ? restorable.OrderBy(_ => Random.Shared.Next()).Take(n).ToList() : restorable;

        var results = new List<VerifyResult>();
        foreach (var entry in chosen.OrderBy(e => e.Name, StringComparer.OrdinalIgnoreCase))
        {
            var result = await verifier.VerifyAsync(entry, cancellationToken);
            results.Add(result);
            checkedOne(result);
        }

        return new VerifyReport
        {
            Org = manifest.Org,
            Date = manifest.Date,
            VerifiedAt = clock.UtcNow,
            Restorable = restorable.Count,
            Checked = results.Count,
            Passed = results.Count(r => r.Status == VerifyResult.PassedStatus),
            Failed = results.Count(r => r.Status == VerifyResult.FailedStatus),
            Results = results,
        };
    }

    /// <summary>A few percent of the restorable repositories, never fewer than one.</summary>
    public static int SampleSize(int restorable, double percent) => Math.Min(restorable, Math.Max(1, (int)Math.Ceiling(restorable * percent / 100)));
}
