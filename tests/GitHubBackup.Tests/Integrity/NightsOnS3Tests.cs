using GitHubBackup.Core.Contracts;
using GitHubBackup.Tests.Infrastructure;

namespace GitHubBackup.Tests.Integrity;

/// <summary>
/// Issue 13, finding 11: on an unversioned bucket a bundle written by multipart upload came back with version id
/// "null"; the next night's copy asked for <c>?versionId=null</c>, moto answered 400, and a large unchanged
/// repository failed every other night. A version id is now recorded only when the bucket keeps versions. Six
/// nights (the runner's clock moved by faketime), on an unversioned and a versioned bucket, through every S3 path:
/// single PUT, multipart upload, server-side copy, read-back, publish, delete, list.
/// </summary>
public sealed class NightsOnS3Tests : IntegrityTest
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Six_nights_of_a_large_and_a_small_repository_all_succeed_and_restore(bool versioned)
    {
        // Over 8 MiB of incompressible bytes: the bundle goes up in parts.
        var large = GitHub.CreateRepository("acme", "large", r => r.Commit("main", "a.txt", "1\n").CommitBinary("main", "big.bin", 9 << 20, seed: 3));
        var small = GitHub.CreateRepository("acme", "small", r => r.Commit("main", "a.txt", "1\n"));
        var dest = $"s3://{await MotoServer.CreateBucketAsync(versioned)}";

        for (var night = 0; night < 6; night++)
        {
            if (night == 3)
            {
                large.Mutate(r => r.Commit("main", "a.txt", "3\n"));
            }

            var run = await BackupAsync(dest, days: night);

            Assert.True(run.ExitCode == 0, $"night {night}: {run}");
            var entries = (await ManifestAsync(dest)).Repos.ToDictionary(e => e.Name);
            Assert.Equal(night is 0 or 3 ? RepoStatus.Succeeded : RepoStatus.Unchanged, entries["large"].Status);
            Assert.Equal(night == 0 ? RepoStatus.Succeeded : RepoStatus.Unchanged, entries["small"].Status);
            Assert.All(entries.Values, e => Assert.Equal(versioned, e.BundleVersionId is not null));
            Assert.All(entries.Values, e => Assert.NotEqual("null", e.BundleVersionId));
        }

        await AssertVerifiesAsync(dest);
        Assert.Equal(large.Refs(), RefsOf(await RestoreAsync(dest, "large")));
        Assert.Equal(small.Refs(), RefsOf(await RestoreAsync(dest, "small")));
    }
}
