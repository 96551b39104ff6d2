using System.Text.Json.Nodes;
using GitHubBackup.Core.Contracts;
using GitHubBackup.Core.Runs;

namespace GitHubBackup.Tests.Deployment;

/// <summary>Issue 12, finding 5: each template defect, checked on the transformed template (the parameter rules: <see cref="ParameterRuleTests"/>).</summary>
public class TemplateDefectTests
{
    private static IEnumerable<KeyValuePair<string, JsonNode?>> OfType(string type) =>
        DeployedTemplate.Resources.Where(r => r.Value!["Type"]!.GetValue<string>() == type);

    /// <summary>EventBridge Scheduler names are unique per account and region; SAM names a ScheduleV2 after its logical id unless given Name.</summary>
    [Fact]
    public void The_schedule_is_named_after_the_stack_so_a_second_stack_in_the_region_deploys()
    {
        var schedule = Assert.Single(OfType("AWS::Scheduler::Schedule")).Value!["Properties"]!;

        Assert.Contains("${AWS::StackName}", schedule["Name"]!["Fn::Sub"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal($"{TemplateEvaluator.StackName}-nightly", TemplateEvaluator.Deployed().Evaluate(schedule["Name"])!.GetValue<string>());
    }

    [Fact]
    public void The_state_machine_may_redrive_its_map_runs_children()
    {
        var redrive = Assert.Single(DeployedTemplate.Grants("StateMachineRole"), g => g.Action == "states:RedriveExecution");

        Assert.Contains("execution:${AWS::StackName}-backup/*", Assert.Single(redrive.Resources), StringComparison.Ordinal);
    }

    /// <summary>Secrets Manager decrypts a secret under a customer-managed key with the reader's kms:Decrypt (through secretsmanager only).</summary>
    [Theory]
    [InlineData("RunnerExecutionRole")]
    [InlineData("PlanFunctionRole")]
    [InlineData("ListOrgsFunctionRole")]
    public void Every_reader_of_the_app_key_may_decrypt_it_when_its_secret_has_a_customer_managed_key(string role)
    {
        var statement = DeployedTemplate.Properties(role)["Policies"]![0]!["PolicyDocument"]!["Statement"]!.AsArray()
            .Select(s => s!["Fn::If"]).Single(s => s?[0]!.GetValue<string>() == "HasSecretKey")!;
        var key = TemplateEvaluator.Deployed(new Dictionary<string, string> { ["GitHubAppPrivateKeySecretKmsKeyArn"] = "arn:aws:kms:us-east-1:123456789012:key/1a2b" });

        var granted = key.Evaluate(statement[1])!;
        Assert.Equal("kms:Decrypt", granted["Action"]!.GetValue<string>());
        Assert.Equal("arn:aws:kms:us-east-1:123456789012:key/1a2b", granted["Resource"]!.GetValue<string>());
        Assert.Equal("secretsmanager.us-east-1.amazonaws.com", granted["Condition"]!["StringEquals"]!["kms:ViaService"]!.GetValue<string>());
        Assert.False(TemplateEvaluator.Deployed().Condition("HasSecretKey"));
    }

    /// <summary>Replicating from an Object Lock bucket needs s3:GetObjectRetention and s3:GetObjectLegalHold on the source (S3 replication with Object Lock).</summary>
    [Fact]
    public void Replication_of_locked_backups_may_read_their_retention_and_legal_hold()
    {
        var grants = DeployedTemplate.Grants("ReplicationRole");

        Assert.Contains(grants, g => g.Action == "s3:GetObjectRetention");
        Assert.Contains(grants, g => g.Action == "s3:GetObjectLegalHold");
        var locked = TemplateEvaluator.Deployed(new Dictionary<string, string> { ["ReplicaBucketArn"] = "arn:aws:s3:::replica", ["ObjectLockMode"] = "GOVERNANCE" });
        Assert.True(locked.Condition("ReplicaWithObjectLock"));
        Assert.False(TemplateEvaluator.Deployed(new Dictionary<string, string> { ["ReplicaBucketArn"] = "arn:aws:s3:::replica" }).Condition("ReplicaWithObjectLock"));
    }

    [Fact]
    public void Deleting_the_stack_is_not_blocked_by_images_in_the_repository()
    {
        Assert.True(DeployedTemplate.Properties("RunnerRepository")["EmptyOnDelete"]!.GetValue<bool>());
    }

    /// <summary>
    /// In all-installations mode each org is its own run, so an alarm on Org=GitHubOrg sees one org. The alarms
    /// watch the series with no dimension, which every producer of the metric also publishes: the EMF line (an
    /// empty dimension set) and a metric filter without dimensions next to each per-org one.
    /// </summary>
    [Theory]
    [InlineData("ReposFailedAlarm")]
    [InlineData("NoSuccessfulRunAlarm")]
    [InlineData("RestoreDrillFailedAlarm")]
    public void Each_alarm_watches_every_org(string alarm)
    {
        var properties = DeployedTemplate.Properties(alarm);
        var metric = properties["MetricName"]!.GetValue<string>();

        Assert.Null(properties["Dimensions"]);
        var allOrgsFilters = OfType("AWS::Logs::MetricFilter").Select(f => f.Value!["Properties"]!["MetricTransformations"]![0]!)
            .Where(t => t["MetricName"]!.GetValue<string>() == metric && t["Dimensions"] is null).ToList();
        var perOrgFilters = OfType("AWS::Logs::MetricFilter").Select(f => f.Value!["Properties"]!["MetricTransformations"]![0]!)
            .Where(t => t["MetricName"]!.GetValue<string>() == metric && t["Dimensions"] is not null).ToList();
        Assert.Equal(perOrgFilters.Count, allOrgsFilters.Count);
        Assert.True(allOrgsFilters.Count > 0 || EmfPublishesForAllOrgs(metric), $"{metric} has no all-orgs series");
    }

    /// <summary>
    /// Later nights read the objects earlier nights wrote: an unchanged repository's bundle is proven and carried, a
    /// changed one is fetched onto its last bundle. GetObject on an object in S3 Glacier Flexible Retrieval (GLACIER)
    /// or S3 Glacier Deep Archive (DEEP_ARCHIVE) "returns an InvalidObjectState error" until a copy is restored with
    /// RestoreObject (the S3 error InvalidObjectState, "Object is archived and inaccessible until restored":
    /// https://docs.aws.amazon.com/botocore/latest/reference/services/s3/client/exceptions/InvalidObjectState.html), and
    /// CopyObject needs the same restore of its source (S3 API reference, CopyObject). GLACIER_IR "is immediately
    /// accessible (less than a second for first byte latency)"
    /// (https://docs.aws.amazon.com/goto/SdkForJava/s3-2006-03-01/StorageClassAnalysis, StorageClass), as STANDARD_IA
    /// is. So the template offers only those two; CloudFormation refuses any other value before it creates anything.
    /// </summary>
    [Fact]
    public void Only_storage_classes_that_a_later_night_can_read_at_once_can_be_archived_to()
    {
        var parameter = DeployedTemplate.Transformed["Parameters"]!["ArchiveStorageClass"]!;

        Assert.Equal(["GLACIER_IR", "STANDARD_IA"], parameter["AllowedValues"]!.AsArray().Select(v => v!.GetValue<string>()).Order(StringComparer.Ordinal));
        Assert.Contains("restore", parameter["ConstraintDescription"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    /// <summary>
    /// A prune that fails is caught by the state machine (the backup stands), so the alarm is what shows it: the
    /// function's own errors (an exception or a timeout: AWS/Lambda Errors) and the deletes the bucket refused
    /// (PruneRefused, which the function's EMF line publishes for all orgs), to the notification topic.
    /// </summary>
    [Fact]
    public void A_failed_or_refused_prune_raises_an_alarm_to_the_topic()
    {
        var alarm = DeployedTemplate.Properties("PruneFailedAlarm");
        var metrics = alarm["Metrics"]!.AsArray().Where(m => m!["MetricStat"] is not null).Select(m => m!["MetricStat"]!["Metric"]!).ToList();

        var errors = Assert.Single(metrics, m => m["Namespace"]!.GetValue<string>() == "AWS/Lambda");
        Assert.Equal("Errors", errors["MetricName"]!.GetValue<string>());
        Assert.Equal("""{"Ref":"PruneFunction"}""", errors["Dimensions"]![0]!["Value"]!.ToJsonString());
        var refused = Assert.Single(metrics, m => m["Namespace"]!.GetValue<string>() == "GitHubBackup");
        Assert.Equal("PruneRefused", refused["MetricName"]!.GetValue<string>());
        Assert.Null(refused["Dimensions"]);
        Assert.Equal("""{"Ref":"AlarmTopic"}""", alarm["AlarmActions"]![0]!.ToJsonString());
        var line = JsonNode.Parse(PruneMetrics.EmbeddedMetricLine(
            new PruneSummary { RunId = "r", Org = "acme", Date = "2026-12-01", Policy = "p", Deleted = [], RefusedDeletes = [], Refused = 2 }, DateTimeOffset.UnixEpoch))!;
        Assert.Contains(line["_aws"]!["CloudWatchMetrics"]![0]!["Dimensions"]!.AsArray(), set => set!.AsArray().Count == 0);
        Assert.Equal(2, line["PruneRefused"]!.GetValue<int>());
    }

    private static bool EmfPublishesForAllOrgs(string metric)
    {
        var summary = new RunSummary
        {
            RunId = "r", Org = "acme", Date = "2026-12-01", ManifestKey = "k", Totals = new ManifestTotals { Succeeded = 1 }, FailedRepos = [], RetryBatches = [],
        };
        var line = JsonNode.Parse(RunMetrics.EmbeddedMetricLine(summary, RunSummarizer.FinalStage, DateTimeOffset.UnixEpoch))!;
        var directive = line["_aws"]!["CloudWatchMetrics"]![0]!;
        return directive["Dimensions"]!.AsArray().Any(set => set!.AsArray().Count == 0)
            && directive["Metrics"]!.AsArray().Any(m => m!["Name"]!.GetValue<string>() == metric);
    }
}
