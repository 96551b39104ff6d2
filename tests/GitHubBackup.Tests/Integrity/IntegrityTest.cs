using GitHubBackup.Core.Contracts;
using GitHubBackup.Core.Restore;
using GitHubBackup.Core.Storage;
using GitHubBackup.Tests.EndToEnd;
using GitHubBackup.Tests.Infrastructure;

namespace GitHubBackup.Tests.Integrity;

/// <summary>
/// The real runner against the stand-in, checked from outside: what the destination holds must verify and restore.
/// A run "N days later" runs under <c>faketime -f +Nd</c> (Debian's libfaketime; .NET reads its clock through it).
/// </summary>
public abstract class IntegrityTest : StandInTest
{
    protected string LocalDest => Work.Combine("dest");

    protected string ScratchParent => Work.Combine("scratch");

    protected IReadOnlyDictionary<string, string?> Environment => new Dictionary<string, string?>
    {
        ["GITHUB_TOKEN"] = GitHub.IssueUserToken(),
        ["GITHUB_BACKUP_SCRATCH"] = ScratchParent,
        ["AWS_ACCESS_KEY_ID"] = MotoServer.AccessKey,
        ["AWS_SECRET_ACCESS_KEY"] = MotoServer.SecretKey,
        ["AWS_REGION"] = "us-east-1",
    };

    protected static IReadOnlyList<string>? DaysLater(int days) => days == 0 ? null : ["faketime", "-f", $"+{days}d"];

    protected static string[] S3Options(string dest, string? endpoint = null) =>
        dest.StartsWith("s3://", StringComparison.Ordinal) ? ["--s3-endpoint", endpoint ?? MotoServer.Endpoint] : [];

    protected Task<RunnerResult> BackupAsync(string dest, int days = 0, string? s3Endpoint = null, Action<string, System.Diagnostics.Process>? onStdoutLine = null)
    {
        Directory.CreateDirectory(ScratchParent);
        return RunnerProcess.RunAsync(
            ["backup", "--org", "acme", "--dest", dest, "--api-url", GitHub.ServerRoot.ToString(), "--concurrency", "2", .. S3Options(dest, s3Endpoint)],
            Environment, onStdoutLine, launcher: DaysLater(days));
    }

    protected async Task AssertVerifiesAsync(string dest)
    {
        var verify = await RunnerProcess.RunAsync(["verify", "--from", dest, "--org", "acme", "--all", .. S3Options(dest)], Environment);
        Assert.True(verify.ExitCode == 0, verify.ToString());
    }

    /// <summary>Restores one repository from the newest snapshot; returns the bare repository's path.</summary>
    protected async Task<string> RestoreAsync(string dest, string repo)
    {
        var target = Work.Combine($"restored-{Guid.NewGuid():N}");
        var restore = await RunnerProcess.RunAsync(["restore", "--from", dest, "--org", "acme", "--repo", repo, "--to", target, .. S3Options(dest)], Environment);
        Assert.True(restore.ExitCode == 0, restore.ToString());
        return Path.Combine(target, repo + ".git");
    }

    protected static IBackupStore Store(string dest) =>
        dest.StartsWith("s3://", StringComparison.Ordinal) ? new S3Store(MotoServer.Client(), dest["s3://".Length..], "") : new LocalDirectoryStore(dest);

    /// <summary>The newest snapshot's manifest.</summary>
    protected static Task<BackupManifest> ManifestAsync(string dest) =>
        new SnapshotCatalog(Store(dest)).RequireManifestAsync("acme", null, CancellationToken.None);

    protected static IReadOnlyDictionary<string, string> RefsOf(string bareRepository) => BackupRoundTripTests.GitRefsOf(bareRepository);

    protected static string HeadOf(string bareRepository) => File.ReadAllText(Path.Combine(bareRepository, "HEAD")).Trim();
}
