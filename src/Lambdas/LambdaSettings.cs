using System.Globalization;
using GitHubBackup.Core;
using GitHubBackup.Core.Contracts;
using GitHubBackup.Core.Engine;
using GitHubBackup.Core.GitHub;
using GitHubBackup.Core.Storage;

namespace GitHubBackup.Lambdas;

/// <summary>The Lambdas' configuration, from the environment the template sets (names shared with the runner).</summary>
public sealed record LambdaSettings
{
    public required string Dest { get; init; }
    public string? S3Endpoint { get; init; }
    public string? DefaultOrg { get; init; }
    public required GitHubServer Server { get; init; }
    public long? AppId { get; init; }
    public long? InstallationId { get; init; }
    public string? PrivateKeySecret { get; init; }
    public required BatchLimits Limits { get; init; }

    /// <summary>The stack's filters, for execution inputs that give none.</summary>
    public required RepositoryFilter Filter { get; init; }

    public static LambdaSettings FromEnvironment() => new()
    {
        Dest = Variable("GITHUB_BACKUP_DEST") ?? throw new ConfigurationException("GITHUB_BACKUP_DEST is not set; the template sets it to s3://<bucket>."),
        S3Endpoint = Variable("GITHUB_BACKUP_S3_ENDPOINT"),
        DefaultOrg = Variable("GITHUB_BACKUP_ORG"),
        Server = GitHubServer.Parse(Variable("GITHUB_API_URL")),
        AppId = Number("GITHUB_APP_ID"),
        InstallationId = Number("GITHUB_APP_INSTALLATION_ID"),
        PrivateKeySecret = Variable("GITHUB_APP_PRIVATE_KEY_SECRET"),
        Limits = new BatchLimits
        {
            MaxRepos = (int)(Number("GITHUB_BACKUP_BATCH_MAX_REPOS") ?? 50),
            ScratchBytes = (Number("GITHUB_BACKUP_BATCH_MAX_MB") ?? 20_000) << 20,
            Concurrency = (int)(Number("GITHUB_BACKUP_CONCURRENCY") ?? BackupOptions.DefaultConcurrency),
        },
        Filter = new RepositoryFilter
        {
            Include = EnvironmentList.Parse("GITHUB_BACKUP_INCLUDE", Variable("GITHUB_BACKUP_INCLUDE")),
            Exclude = EnvironmentList.Parse("GITHUB_BACKUP_EXCLUDE", Variable("GITHUB_BACKUP_EXCLUDE")),
            SkipArchived = Variable("GITHUB_BACKUP_SKIP_ARCHIVED") is "true",
            SkipForks = Variable("GITHUB_BACKUP_SKIP_FORKS") is "true",
            Topics = EnvironmentList.Parse("GITHUB_BACKUP_TOPIC", Variable("GITHUB_BACKUP_TOPIC")),
        },
    };

    public S3Store OpenStore() =>
        BackupDestination.Open(Dest, S3Endpoint) as S3Store
            ?? throw new ConfigurationException($"GITHUB_BACKUP_DEST '{Dest}' must be an s3:// address on AWS (the Map reads its batches from S3).");

    private static string? Variable(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value.Trim() : null;

    private static long? Number(string name) =>
        Variable(name) is not { } raw ? null
        : long.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0 ? value
        : throw new ConfigurationException($"{name} '{raw}' is not a positive whole number.");
}
