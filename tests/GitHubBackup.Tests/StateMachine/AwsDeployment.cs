using System.Globalization;
using System.Text.Json.Nodes;
using GitHubBackup.StandIn;
using GitHubBackup.Tests.Infrastructure;

namespace GitHubBackup.Tests.StateMachine;

/// <summary>
/// What a deployed stack provides to an execution, set up against the stand-ins: a bucket (moto), the App key
/// in Secrets Manager (moto), the Lambdas' and the task definition's environments as the template sets them.
/// </summary>
public sealed class AwsDeployment
{
    public const string PlanFunction = "arn:aws:lambda:us-east-1:123456789012:function:github-backup-plan";
    public const string SummarizeFunction = "arn:aws:lambda:us-east-1:123456789012:function:github-backup-summarize";
    public const string ListOrgsFunction = "arn:aws:lambda:us-east-1:123456789012:function:github-backup-list-orgs";
    public const string PruneFunction = "arn:aws:lambda:us-east-1:123456789012:function:github-backup-prune";
    public const string NotificationTopic = "arn:aws:sns:us-east-1:123456789012:github-backup";
    public const string TaskFamily = "github-backup-runner";
    public const string Container = "runner";
    private readonly string _secretName;

    private AwsDeployment(GitHubStandIn github, string bucket, string secretName)
    {
        GitHub = github;
        Bucket = bucket;
        _secretName = secretName;
    }

    public GitHubStandIn GitHub { get; }

    public string Bucket { get; }

    public int BatchMaxRepos { get; set; } = 2;

    public string DrillSamplePercent { get; set; } = "50";

    /// <summary>BackupRetentionDays as the Prune function gets it (GITHUB_BACKUP_KEEP_DAILY).</summary>
    public string KeepDaily { get; set; } = "35";

    public static async Task<AwsDeployment> CreateAsync(GitHubStandIn github)
    {
        var bucket = await MotoServer.CreateBucketAsync();
        var secretName = $"github-backup/app-key-{Guid.NewGuid():N}";
        await MotoSecrets.CreateAsync(secretName, github.App.PrivateKeyPem);
        return new AwsDeployment(github, bucket, secretName);
    }

    public ExecutionConfig Execution(string executionName, JsonNode input) => new()
    {
        ExecutionName = executionName,
        Input = input,
        Substitutions = new Dictionary<string, string>
        {
            ["PlanFunctionArn"] = PlanFunction,
            ["SummarizeFunctionArn"] = SummarizeFunction,
            ["ClusterArn"] = "arn:aws:ecs:us-east-1:123456789012:cluster/github-backup",
            ["TaskDefinitionFamily"] = TaskFamily,
            ["ContainerName"] = Container,
            ["CapacityProvider"] = "FARGATE",
            ["Subnets"] = "subnet-0a\",\"subnet-0b",
            ["SecurityGroup"] = "sg-0123",
            ["AssignPublicIp"] = "ENABLED",
            ["MaxConcurrency"] = "4",
            ["BatchTimeoutSeconds"] = "600",
            ["DrillSamplePercent"] = DrillSamplePercent,
            ["ListOrgsFunctionArn"] = ListOrgsFunction,
            ["PruneFunctionArn"] = PruneFunction,
            ["StateMachineArn"] = "arn:aws:states:us-east-1:123456789012:stateMachine:github-backup-backup",
            ["NotificationTopicArn"] = NotificationTopic,
        },
        Lambdas = new Dictionary<string, (string, IReadOnlyDictionary<string, string>)>
        {
            [PlanFunction] = (TemplateHandlers.Plan, LambdaEnvironment()),
            [SummarizeFunction] = (TemplateHandlers.Summarize, LambdaEnvironment()),
            [ListOrgsFunction] = (TemplateHandlers.ListOrgs, LambdaEnvironment()),
            [PruneFunction] = (TemplateHandlers.Prune, PruneEnvironment()),
        },
        TaskDefinitionFamily = TaskFamily,
        ContainerName = Container,
        TaskEnvironment = new Dictionary<string, string>(Common())
        {
            ["GITHUB_APP_PRIVATE_KEY"] = GitHub.App.PrivateKeyPem,
            ["GITHUB_BACKUP_CONCURRENCY"] = "2",
        },
    };

    private Dictionary<string, string> LambdaEnvironment() => new(Common())
    {
        ["GITHUB_APP_PRIVATE_KEY_SECRET"] = _secretName,
        ["GITHUB_BACKUP_ORG"] = "acme",
        ["GITHUB_BACKUP_BATCH_MAX_REPOS"] = BatchMaxRepos.ToString(CultureInfo.InvariantCulture),
        ["GITHUB_BACKUP_BATCH_MAX_MB"] = "2000",
        ["AWS_ENDPOINT_URL_SSM"] = MotoServer.Endpoint,
    };

    private Dictionary<string, string> PruneEnvironment() => new(Common())
    {
        ["GITHUB_BACKUP_KEEP_DAILY"] = KeepDaily,
        ["GITHUB_BACKUP_KEEP_WEEKLY"] = "0",
        ["GITHUB_BACKUP_KEEP_MONTHLY"] = "0",
    };

    private Dictionary<string, string> Common() => new()
    {
        ["GITHUB_BACKUP_DEST"] = $"s3://{Bucket}",
        ["GITHUB_BACKUP_S3_ENDPOINT"] = MotoServer.Endpoint,
        ["GITHUB_API_URL"] = GitHub.ServerRoot.ToString(),
        ["GITHUB_APP_ID"] = GitHub.App.AppId.ToString(CultureInfo.InvariantCulture),
        ["AWS_ACCESS_KEY_ID"] = MotoServer.AccessKey,
        ["AWS_SECRET_ACCESS_KEY"] = MotoServer.SecretKey,
        ["AWS_REGION"] = "us-east-1",
    };
}
