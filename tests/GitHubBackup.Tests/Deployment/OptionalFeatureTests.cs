using System.Diagnostics;
using System.Text.Json.Nodes;
using GitHubBackup.Tests.Infrastructure;
using GitHubBackup.Tests.Packaging;

namespace GitHubBackup.Tests.Deployment;

/// <summary>The template's optional features: each off by default, each wired as documented when on.</summary>
public class OptionalFeatureTests
{
    private static JsonObject Parameter(string name) => DeployedTemplate.Transformed["Parameters"]![name]!.AsObject();

    private static JsonNode Condition(string name) => DeployedTemplate.Transformed["Conditions"]![name]!;

    [Theory]
    [InlineData("ArchiveAfterDays", "0")]
    [InlineData("ObjectLockMode", "NONE")]
    [InlineData("GitHubActionsSubject", "")]
    [InlineData("CreateGitHubOidcProvider", "false")]
    [InlineData("BackupAllInstallations", "false")]
    [InlineData("IncludePattern", "")]
    [InlineData("SkipForks", "false")]
    public void Optional_features_are_off_by_default(string parameter, string off)
    {
        Assert.Equal(off, Parameter(parameter)["Default"]!.ToString());
    }

    [Theory]
    [InlineData("0", null)]
    [InlineData("30", "GLACIER_IR")]
    public void Archiving_transitions_backups_only_when_asked(string archiveAfterDays, string? storageClass)
    {
        var deployed = TemplateEvaluator.Deployed(new Dictionary<string, string> { ["ArchiveAfterDays"] = archiveAfterDays });
        var rules = deployed.Evaluate(DeployedTemplate.Properties("BackupBucket")["LifecycleConfiguration"]!["Rules"])!.AsArray();

        var transitions = rules.Where(r => r!["Transitions"] is not null).SelectMany(r => r!["Transitions"]!.AsArray()).ToList();
        Assert.Equal(storageClass is null ? [] : [storageClass], transitions.Select(t => t!["StorageClass"]!.GetValue<string>()));
        Assert.All(transitions, t => Assert.Equal(archiveAfterDays, t!["TransitionInDays"]!.ToString()));
    }

    [Fact]
    public void Object_lock_sets_a_default_retention_in_the_chosen_mode()
    {
        var bucket = DeployedTemplate.Properties("BackupBucket");

        Assert.Equal("ObjectLock", bucket["ObjectLockEnabled"]!["Fn::If"]![0]!.GetValue<string>());
        var retention = bucket["ObjectLockConfiguration"]!["Fn::If"]![1]!["Rule"]!["DefaultRetention"]!;
        Assert.Equal("""{"Ref":"ObjectLockMode"}""", retention["Mode"]!.ToJsonString());
        Assert.Equal("""{"Ref":"ObjectLockRetentionDays"}""", retention["Days"]!.ToJsonString());
        Assert.Equal(["NONE", "GOVERNANCE", "COMPLIANCE"], Parameter("ObjectLockMode")["AllowedValues"]!.AsArray().Select(v => v!.GetValue<string>()));
    }

    [Fact]
    public void The_actions_role_trusts_only_matching_github_workflows_and_may_only_start_a_backup()
    {
        var role = DeployedTemplate.Resource("GitHubActionsRole");
        var trust = role["Properties"]!["AssumeRolePolicyDocument"]!["Statement"]![0]!;

        Assert.Equal("ActionsRole", role["Condition"]!.GetValue<string>());
        Assert.Equal("sts:AssumeRoleWithWebIdentity", trust["Action"]!.GetValue<string>());
        Assert.Equal("sts.amazonaws.com", trust["Condition"]!["StringEquals"]!["token.actions.githubusercontent.com:aud"]!.GetValue<string>());
        Assert.Equal("""{"Ref":"GitHubActionsSubject"}""", trust["Condition"]!["StringLike"]!["token.actions.githubusercontent.com:sub"]!.ToJsonString());
        var grant = Assert.Single(DeployedTemplate.Grants("GitHubActionsRole"));
        Assert.Equal("states:StartExecution", grant.Action);
        Assert.Equal("""{"Ref":"BackupStateMachine"}""", Assert.Single(grant.Resources));
        Assert.Equal("CreateOidcProvider", DeployedTemplate.Resource("GitHubOidcProvider")["Condition"]!.GetValue<string>());
    }

    [Fact]
    public void The_schedule_backs_up_every_installation_when_asked()
    {
        var schedule = DeployedTemplate.Resources.Single(r => r.Value!["Type"]!.GetValue<string>() == "AWS::Scheduler::Schedule").Value!["Properties"]!;

        var input = schedule["Target"]!["Input"]!["Fn::If"]!.AsArray();
        Assert.Equal("AllInstallations", input[0]!.GetValue<string>());
        Assert.Equal("{\"allOrgs\": true}", input[1]!.GetValue<string>());
        Assert.Equal("{}", input[2]!.GetValue<string>());
    }

    [Fact]
    public void Run_summaries_go_to_the_topic_the_alarms_use()
    {
        var substitutions = DeployedTemplate.Properties("BackupStateMachine")["DefinitionSubstitutions"]!;

        Assert.Equal("""{"Ref":"AlarmTopic"}""", substitutions["NotificationTopicArn"]!.ToJsonString());
        Assert.Contains(DeployedTemplate.Grants("StateMachineRole"), g => g.Action == "sns:Publish" && g.Resources.Single() == """{"Ref":"AlarmTopic"}""");
        Assert.Null(DeployedTemplate.Properties("AlarmTopic")["KmsMasterKeyId"]);
    }

    [Theory]
    [InlineData("backup-on-push-aws.yml", true)]
    [InlineData("backup-on-push-r2.yml", false)]
    public void The_example_workflows_are_valid_github_actions_workflows_shown_in_the_aws_guide(string file, bool usesOidc)
    {
        var path = RepositoryRoot.Combine("examples", "github-actions", file);
        Assert.Contains(File.ReadAllText(path), File.ReadAllText(RepositoryRoot.Combine("docs", "aws.md")), StringComparison.Ordinal);
        var workflow = YamlFile.Load(path);

        Assert.False(string.IsNullOrEmpty(workflow["name"]?.GetValue<string>()));
        Assert.NotNull(workflow["on"]!["push"]);
        var jobs = workflow["jobs"]!.AsObject();
        Assert.NotEmpty(jobs);
        foreach (var (_, job) in jobs)
        {
            Assert.False(string.IsNullOrEmpty(job!["runs-on"]?.GetValue<string>()));
            var steps = job["steps"]!.AsArray();
            Assert.NotEmpty(steps);
            Assert.All(steps, step => Assert.True(step!["uses"] is not null ^ step["run"] is not null, "a step has either uses or run"));
        }

        Assert.Equal(usesOidc, workflow["permissions"]?["id-token"]?.GetValue<string>() == "write");
    }
}
