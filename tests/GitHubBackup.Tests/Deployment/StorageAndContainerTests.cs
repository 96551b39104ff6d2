using System.Text.Json.Nodes;

namespace GitHubBackup.Tests.Deployment;

/// <summary>The bucket and the container, as deployed: private, TLS-only, versioned, expiring, non-root.</summary>
public class StorageAndContainerTests
{
    [Fact]
    public void The_bucket_blocks_every_kind_of_public_access_and_is_versioned_and_encrypted()
    {
        var bucket = DeployedTemplate.Properties("BackupBucket");

        var block = bucket["PublicAccessBlockConfiguration"]!.AsObject();
        Assert.Equal(4, block.Count);
        Assert.All(block, setting => Assert.True(setting.Value!.GetValue<bool>(), setting.Key));
        Assert.Equal("Enabled", bucket["VersioningConfiguration"]!["Status"]!.GetValue<string>());
        Assert.NotNull(bucket["BucketEncryption"]);
        Assert.Equal("Retain", DeployedTemplate.Resource("BackupBucket")["DeletionPolicy"]!.GetValue<string>());
    }

    [Fact]
    public void The_bucket_refuses_every_request_that_is_not_tls()
    {
        var statement = Assert.Single(DeployedTemplate.Properties("BackupBucketPolicy")["PolicyDocument"]!["Statement"]!.AsArray())!;

        Assert.Equal("Deny", statement["Effect"]!.GetValue<string>());
        Assert.Equal("s3:*", statement["Action"]!.GetValue<string>());
        Assert.Equal("false", statement["Condition"]!["Bool"]!["aws:SecureTransport"]!.GetValue<string>());
        Assert.Equal(2, statement["Resource"]!.AsArray().Count);
    }

    /// <summary>
    /// A snapshot references objects earlier nights wrote (schema 2), so an age is no measure of what is still needed:
    /// no lifecycle rule expires current objects outside run files and staging, with or without archiving; prune
    /// (by reference) removes the rest, and the lifecycle finishes what is safe: prune's noncurrent versions, delete
    /// markers, abandoned uploads and staged objects of killed writers.
    /// </summary>
    [Theory]
    [InlineData("0")]
    [InlineData("30")]
    public void No_lifecycle_rule_expires_snapshot_data_by_age(string archiveAfterDays)
    {
        var deployed = TemplateEvaluator.Deployed(new Dictionary<string, string> { ["ArchiveAfterDays"] = archiveAfterDays });
        var rules = deployed.Evaluate(DeployedTemplate.Properties("BackupBucket")["LifecycleConfiguration"]!["Rules"])!.AsArray().Select(r => r!.AsObject()).ToList();

        var expiring = rules.Where(r => r["ExpirationInDays"] is not null || r["ExpirationDate"] is not null).ToDictionary(r => r["Prefix"]!.GetValue<string>(), r => r["ExpirationInDays"]!.ToString());
        Assert.Equal(new Dictionary<string, string> { ["github-backup/runs/"] = "35", ["github-backup/.staging/"] = "1" }, expiring);
        Assert.Contains(rules, r => r["NoncurrentVersionExpiration"]?["NoncurrentDays"]?.ToString() == "7" && r["Prefix"]!.GetValue<string>() == "github-backup/");
        Assert.Contains(rules, r => r["ExpiredObjectDeleteMarker"]?.GetValue<bool>() == true);
        Assert.Contains(rules, r => r["AbortIncompleteMultipartUpload"]?["DaysAfterInitiation"]?.ToString() == "1");
    }

    [Fact]
    public void The_runner_container_is_not_root_has_a_read_only_root_and_gets_the_key_only_as_a_secret()
    {
        var container = DeployedTemplate.Properties("RunnerTaskDefinition")["ContainerDefinitions"]!.AsArray().Single()!;

        var user = container["User"]!.GetValue<string>();
        Assert.NotEqual("0", user);
        Assert.NotEqual("root", user);
        Assert.True(container["ReadonlyRootFilesystem"]!.GetValue<bool>());
        Assert.True(container["Essential"]!.GetValue<bool>());
        Assert.DoesNotContain(container["Environment"]!.AsArray(), e => e!["Name"]!.GetValue<string>().Contains("KEY", StringComparison.Ordinal));
        Assert.Equal("GITHUB_APP_PRIVATE_KEY", container["Secrets"]![0]!["Name"]!.GetValue<string>());
    }

    [Fact]
    public void The_runner_may_only_reach_out_over_https()
    {
        var group = DeployedTemplate.Properties("RunnerSecurityGroup");

        Assert.Null(group["SecurityGroupIngress"]);
        Assert.All(group["SecurityGroupEgress"]!.AsArray(), rule =>
        {
            Assert.Equal(443, rule!["FromPort"]!.GetValue<int>());
            Assert.Equal(443, rule["ToPort"]!.GetValue<int>());
        });
    }

    [Fact]
    public void Alarms_watch_failed_repositories_missing_successful_runs_and_failed_executions()
    {
        var alarms = DeployedTemplate.Resources.Where(r => r.Value!["Type"]!.GetValue<string>() == "AWS::CloudWatch::Alarm").ToDictionary(r => r.Key, r => r.Value!["Properties"]!);

        Assert.Equal("ReposFailed", alarms["ReposFailedAlarm"]["MetricName"]!.GetValue<string>());
        var noRun = alarms["NoSuccessfulRunAlarm"];
        Assert.Equal("breaching", noRun["TreatMissingData"]!.GetValue<string>());
        Assert.Equal(26 * 3600, noRun["Period"]!.GetValue<int>() * noRun["EvaluationPeriods"]!.GetValue<int>());
        Assert.Contains("ExecutionsFailed", alarms["ExecutionFailedAlarm"].ToJsonString(), StringComparison.Ordinal);
        Assert.All(alarms.Values, a => Assert.Contains("AlarmTopic", a["AlarmActions"]!.ToJsonString(), StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("StillFailingMetricFilter", "batch.finished", "$.failed", "ReposFailed")]
    [InlineData("RestoreDrillFailuresMetricFilter", "verify.finished", "$.failures", "RestoreDrillFailures")]
    public void Runner_log_lines_become_the_metrics_the_alarms_watch(string filter, string @event, string value, string metric)
    {
        var properties = DeployedTemplate.Properties(filter);
        var transformation = properties["MetricTransformations"]![0]!;

        Assert.Contains($"$.event = \"{@event}\"", properties["FilterPattern"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(value, transformation["MetricValue"]!.GetValue<string>());
        Assert.Equal(metric, transformation["MetricName"]!.GetValue<string>());
        Assert.Equal("$.org", transformation["Dimensions"]![0]!["Value"]!.GetValue<string>());
        Assert.Contains(DeployedTemplate.Resources, r => r.Value!["Type"]!.GetValue<string>() == "AWS::CloudWatch::Alarm" && r.Value["Properties"]!["MetricName"]?.GetValue<string>() == metric);
    }

    [Fact]
    public void Log_groups_keep_logs_for_the_configured_retention()
    {
        var groups = DeployedTemplate.Resources.Where(r => r.Value!["Type"]!.GetValue<string>() == "AWS::Logs::LogGroup").ToList();

        Assert.Equal(6, groups.Count);
        Assert.All(groups, g => Assert.Equal("""{"Ref":"LogRetentionDays"}""", g.Value!["Properties"]!["RetentionInDays"]!.ToJsonString()));
    }
}
