using System.Text.Json.Nodes;

namespace GitHubBackup.Tests.Deployment;

/// <summary>
/// The transformed template grants each role what its component uses, and nothing else. What a component
/// uses: the state machine's needs follow from its definition's resources; the code's are the S3, SSM and
/// Secrets Manager operations its stores and readers call (listed here next to the class that calls them).
/// </summary>
public class LeastPrivilegeTests
{
    // S3Store: Get/Put/Delete objects, versions (restore of a recorded version), listing, multipart cleanup.
    private static readonly string[] RunnerUses =
        ["s3:GetObject", "s3:GetObjectVersion", "s3:PutObject", "s3:DeleteObject", "s3:ListBucket", "s3:ListBucketMultipartUploads", "s3:AbortMultipartUpload"];

    // S3Store.RetainAsync on an Object Lock bucket: the bucket's default retention, a version's retain-until (HeadObject
    // shows it only with s3:GetObjectRetention), and its extension.
    private static readonly string[] RunnerObjectLockUses = ["s3:GetBucketObjectLockConfiguration", "s3:GetObjectRetention", "s3:PutObjectRetention"];

    // RunPruner through S3Store: read the plan and the org's manifests (and metadata archives), list, delete.
    private static readonly string[] PruneUses = ["s3:GetObject", "s3:DeleteObject", "s3:ListBucket"];

    // RunPlanner through S3Store (read summary.json, write runs/), AppKeySecret through SSM's secretsmanager reference.
    private static readonly string[] PlanUses = ["s3:GetObject", "s3:PutObject", "s3:ListBucket", "ssm:GetParameter", "secretsmanager:GetSecretValue"];

    // RunSummarizer through S3Store: read the run, write the manifest, summary and retry batches.
    private static readonly string[] SummarizeUses = ["s3:GetObject", "s3:PutObject", "s3:ListBucket"];

    // ListOrgsFunction: AppKeySecret through SSM's secretsmanager reference; nothing in S3.
    private static readonly string[] ListOrgsUses = ["ssm:GetParameter", "secretsmanager:GetSecretValue"];

    private static readonly string[] LambdaLogging = ["logs:CreateLogStream", "logs:PutLogEvents"];
    private static readonly string[] Kms = ["kms:GenerateDataKey", "kms:Decrypt"];

    // Reading the App key when its secret is encrypted with a customer-managed key (GitHubAppPrivateKeySecretKmsKeyArn).
    private const string SecretKeyDecrypt = "kms:Decrypt";

    // Actions AWS defines without resource-level permissions; granting them on "*" is the only way.
    private static readonly string[] OnlyGrantableOnAnyResource =
    [
        "ecr:GetAuthorizationToken", "logs:CreateLogDelivery", "logs:GetLogDelivery", "logs:UpdateLogDelivery", "logs:DeleteLogDelivery",
        "logs:ListLogDeliveries", "logs:PutResourcePolicy", "logs:DescribeResourcePolicies", "logs:DescribeLogGroups",
    ];

    [Theory]
    [InlineData("RunnerTaskRole")]
    [InlineData("PlanFunctionRole")]
    [InlineData("ListOrgsFunctionRole")]
    [InlineData("SummarizeFunctionRole")]
    [InlineData("PruneFunctionRole")]
    [InlineData("RunnerExecutionRole")]
    [InlineData("StateMachineRole")]
    public void No_role_is_granted_a_wildcard_action_or_any_resource_beyond_what_aws_requires(string role)
    {
        var grants = DeployedTemplate.Grants(role);

        Assert.NotEmpty(grants);
        Assert.All(grants, g => Assert.DoesNotContain("*", g.Action, StringComparison.Ordinal));
        Assert.All(grants.Where(g => g.OnAnyResource), g => Assert.Contains(g.Action, OnlyGrantableOnAnyResource));
    }

    [Fact]
    public void The_runner_may_use_only_its_bucket()
    {
        var grants = DeployedTemplate.Grants("RunnerTaskRole");

        Assert.Equal(RunnerUses.Concat(RunnerObjectLockUses).Concat(Kms).Order(), grants.Select(g => g.Action).Distinct().Order());
        Assert.All(grants.Where(g => g.Action.StartsWith("s3:", StringComparison.Ordinal)), g => Assert.All(g.Resources, r => Assert.Contains("BackupBucket", r, StringComparison.Ordinal)));
    }

    [Fact]
    public void Only_the_runners_execution_role_and_the_plan_function_can_read_the_app_key_and_only_that_secret()
    {
        foreach (var role in new[] { "RunnerExecutionRole", "PlanFunctionRole", "ListOrgsFunctionRole" })
        {
            var secret = Assert.Single(DeployedTemplate.Grants(role), g => g.Action == "secretsmanager:GetSecretValue");
            Assert.Contains("secret:${GitHubAppPrivateKeySecretName}-??????", Assert.Single(secret.Resources), StringComparison.Ordinal);
        }

        foreach (var role in new[] { "RunnerTaskRole", "SummarizeFunctionRole", "PruneFunctionRole", "StateMachineRole" })
        {
            Assert.DoesNotContain(DeployedTemplate.Grants(role), g => g.Action.StartsWith("secretsmanager:", StringComparison.Ordinal) || g.Action.StartsWith("ssm:", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void The_functions_are_granted_what_their_code_uses_and_no_more()
    {
        Assert.Equal(PlanUses.Concat(LambdaLogging).Concat(Kms).Order(), DeployedTemplate.Grants("PlanFunctionRole").Select(g => g.Action).Distinct().Order());
        Assert.Equal(SummarizeUses.Concat(LambdaLogging).Concat(Kms).Order(), DeployedTemplate.Grants("SummarizeFunctionRole").Select(g => g.Action).Distinct().Order());
        Assert.Equal(ListOrgsUses.Concat(LambdaLogging).Append(SecretKeyDecrypt).Order(), DeployedTemplate.Grants("ListOrgsFunctionRole").Select(g => g.Action).Distinct().Order());
        Assert.Equal(PruneUses.Concat(LambdaLogging).Append("kms:Decrypt").Order(), DeployedTemplate.Grants("PruneFunctionRole").Select(g => g.Action).Distinct().Order());
    }

    /// <summary>
    /// Prune deletes under dated snapshot folders and objects/ (shared bundles only deleted snapshots name: Pruner decides
    /// by reference), never run files or staged objects.
    /// </summary>
    [Fact]
    public void Prune_may_delete_only_snapshot_folders_and_shared_objects()
    {
        var delete = Assert.Single(DeployedTemplate.Grants("PruneFunctionRole"), g => g.Action == "s3:DeleteObject");

        Assert.Collection(
            delete.Resources.Order(StringComparer.Ordinal),
            r => Assert.Contains("/github-backup/????-??-??/*", r, StringComparison.Ordinal),
            r => Assert.Contains("/github-backup/objects/*", r, StringComparison.Ordinal));
    }

    /// <summary>Object Lock permissions exist only on a stack with Object Lock (a bucket without it has nothing to extend).</summary>
    [Theory]
    [InlineData("NONE", false)]
    [InlineData("GOVERNANCE", true)]
    [InlineData("COMPLIANCE", true)]
    public void The_runner_may_extend_retention_only_when_the_bucket_has_object_lock(string mode, bool granted)
    {
        var deployed = TemplateEvaluator.Deployed(new Dictionary<string, string> { ["ObjectLockMode"] = mode });
        var statements = deployed.Evaluate(DeployedTemplate.Properties("RunnerTaskRole")["Policies"]![0]!["PolicyDocument"]!["Statement"])!.AsArray();
        var actions = statements.SelectMany(s => s!["Action"] is JsonArray many ? many.Select(a => a!.GetValue<string>()) : [s["Action"]!.GetValue<string>()]).ToHashSet();

        Assert.All(RunnerObjectLockUses, action => Assert.Equal(granted, actions.Contains(action)));
    }

    [Fact]
    public void The_state_machine_is_granted_what_its_definition_uses_and_no_more()
    {
        var definition = JsonNode.Parse(File.ReadAllText(Infrastructure.RepositoryRoot.Combine("statemachine", "backup.asl.json")))!;
        var needed = new HashSet<string>(OnlyGrantableOnAnyResource.Where(a => a.StartsWith("logs:", StringComparison.Ordinal)));
        foreach (var state in AllStates(definition))
        {
            var resource = state["Resource"]?.GetValue<string>();
            if (resource == "arn:aws:states:::lambda:invoke")
            {
                needed.Add("lambda:InvokeFunction");
            }
            else if (resource == "arn:aws:states:::ecs:runTask.sync")
            {
                needed.UnionWith(["ecs:RunTask", "ecs:StopTask", "ecs:DescribeTasks", "events:PutTargets", "events:PutRule", "events:DescribeRule", "iam:PassRole"]);
            }

            else if (resource == "arn:aws:states:::sns:publish")
            {
                needed.Add("sns:Publish");
            }
            else if (resource == "arn:aws:states:::states:startExecution.sync:2")
            {
                needed.UnionWith(["states:StartExecution", "states:DescribeExecution", "states:StopExecution", "events:PutTargets", "events:PutRule", "events:DescribeRule"]);
            }

            if (state["ItemReader"]?["Resource"]?.GetValue<string>() == "arn:aws:states:::s3:getObject")
            {
                needed.UnionWith(["s3:GetObject", "kms:Decrypt"]);
            }

            // ResultWriter's IAM policy (Step Functions developer guide, ResultWriter); KMS for an encrypted bucket.
            if (state["ResultWriter"]?["Resource"]?.GetValue<string>() == "arn:aws:states:::s3:putObject")
            {
                needed.UnionWith(["s3:PutObject", "s3:GetObject", "s3:ListMultipartUploadParts", "s3:AbortMultipartUpload", "kms:GenerateDataKey", "kms:Decrypt"]);
            }

            if (state["ItemProcessor"]?["ProcessorConfig"]?["Mode"]?.GetValue<string>() == "DISTRIBUTED")
            {
                // Redriving the execution redrives the map run's failed children, as the state machine's role.
                needed.UnionWith(["states:StartExecution", "states:DescribeExecution", "states:StopExecution", "states:RedriveExecution"]);
            }
        }

        Assert.Equal(needed.Order(), DeployedTemplate.Grants("StateMachineRole").Select(g => g.Action).Distinct().Order());
    }

    [Fact]
    public void Passing_roles_is_limited_to_the_runners_and_to_ecs()
    {
        var pass = Assert.Single(DeployedTemplate.Grants("StateMachineRole"), g => g.Action == "iam:PassRole");

        Assert.True(pass.Conditional);
        Assert.Equal(2, pass.Resources.Count);
        Assert.All(pass.Resources, r => Assert.Matches("RunnerTaskRole|RunnerExecutionRole", r));
    }

    private static IEnumerable<JsonNode> AllStates(JsonNode machine) =>
        machine["States"]!.AsObject().Select(s => s.Value!)
            .SelectMany(state => (state["ItemProcessor"] ?? state["Iterator"]) is { } processor ? [state, .. AllStates(processor)] : new[] { state });
}
