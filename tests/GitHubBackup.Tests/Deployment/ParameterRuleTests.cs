using System.Globalization;

namespace GitHubBackup.Tests.Deployment;

/// <summary>
/// The template's Rules, evaluated the way CloudFormation evaluates them before it creates anything: each bad
/// parameter combination is refused at deploy time with a description saying what to change, and no good one is.
/// </summary>
public class ParameterRuleTests
{
    private static IReadOnlyList<(string Rule, string Description)> Refusals(params (string Name, string Value)[] parameters) =>
        TemplateEvaluator.Deployed(parameters.ToDictionary(p => p.Name, p => p.Value)).RefusingRules();

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);

    [Fact]
    public void The_defaults_pass_every_rule()
    {
        Assert.Empty(Refusals());
    }

    /// <summary>
    /// Fargate's Linux task sizes (docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-tasks-services.html,
    /// "Task CPU and memory"): MiB from, to, in steps of.
    /// </summary>
    [Theory]
    [InlineData(512, 1024, 4096, 1024)]
    [InlineData(1024, 2048, 8192, 1024)]
    [InlineData(2048, 4096, 16384, 1024)]
    [InlineData(4096, 8192, 30720, 1024)]
    [InlineData(8192, 16384, 61440, 4096)]
    [InlineData(16384, 32768, 122880, 8192)]
    public void Only_the_memory_sizes_fargate_offers_for_the_cpu_pass(int cpu, int from, int to, int step)
    {
        for (var memory = 512; memory <= 131072; memory += 512)
        {
            var offered = memory >= from && memory <= to && (memory - from) % step == 0;

            var refusals = Refusals(("TaskCpu", Text(cpu)), ("TaskMemory", Text(memory)));

            Assert.True(offered == (refusals.Count == 0), $"TaskCpu {cpu} TaskMemory {memory}: offered {offered}, refused by [{string.Join(", ", refusals)}]");
        }
    }

    [Fact]
    public void Every_task_cpu_the_template_allows_has_its_memory_rule()
    {
        var allowed = DeployedTemplate.Transformed["Parameters"]!["TaskCpu"]!["AllowedValues"]!.AsArray().Select(v => v!.ToString());

        Assert.All(allowed, cpu => Assert.NotEmpty(Refusals(("TaskCpu", cpu), ("TaskMemory", "3"))));
    }

    /// <summary>
    /// No lifecycle rule expires snapshots any more (prune does, by reference), so no retention conflicts with an
    /// archive age: S3 refuses an expiration not later than a transition only within one rule, and the run-file
    /// expiry is a rule of its own. Kept snapshots stay readable whatever the pair.
    /// </summary>
    [Fact]
    public void Archiving_is_not_refused_for_any_retention()
    {
        var archiveDays = DeployedTemplate.Transformed["Parameters"]!["ArchiveAfterDays"]!["AllowedValues"]!.AsArray().Select(v => int.Parse(v!.ToString(), CultureInfo.InvariantCulture));
        foreach (var archive in archiveDays)
        {
            foreach (var retention in new[] { 1, 7, 35, 90, 365, 400 })
            {
                var refused = Refusals(("ArchiveAfterDays", Text(archive)), ("BackupRetentionDays", Text(retention)), ("ArchiveStorageClass", "GLACIER_IR"));

                Assert.True(refused.Count == 0, $"archive after {archive}, retention {retention}: [{string.Join(", ", refused)}]");
            }
        }
    }

    /// <summary>S3's Transition.Days: STANDARD_IA (and ONEZONE_IA) take objects at least 30 days old; GLACIER_IR any age.</summary>
    [Theory]
    [InlineData("STANDARD_IA", 1, true)]
    [InlineData("STANDARD_IA", 7, true)]
    [InlineData("STANDARD_IA", 14, true)]
    [InlineData("STANDARD_IA", 30, false)]
    [InlineData("STANDARD_IA", 0, false)]
    [InlineData("GLACIER_IR", 1, false)]
    [InlineData("GLACIER_IR", 7, false)]
    public void Standard_ia_is_refused_for_snapshots_younger_than_thirty_days(string storageClass, int archiveAfter, bool refused)
    {
        var refusals = Refusals(("ArchiveStorageClass", storageClass), ("ArchiveAfterDays", Text(archiveAfter)), ("BackupRetentionDays", "400"));

        Assert.Equal(refused, refusals.Count > 0);
        Assert.All(refusals, r => Assert.Contains("30 days", r.Description, StringComparison.Ordinal));
    }

    /// <summary>Fargate Spot has no ARM64 capacity (Fargate capacity providers: "Linux tasks with the ARM64 architecture don't support the Fargate Spot capacity provider").</summary>
    [Theory]
    [InlineData("x86_64", "true", false)]
    [InlineData("x86_64", "false", false)]
    [InlineData("arm64", "false", false)]
    [InlineData("arm64", "true", true)]
    public void Fargate_spot_is_refused_for_arm64(string architecture, string spot, bool refused)
    {
        Assert.Equal(refused, Refusals(("Architecture", architecture), ("UseFargateSpot", spot)).Any(r => r.Rule == "SpotOnlyOnX86"));
    }

    [Fact]
    public void Replication_of_kms_encrypted_backups_is_refused()
    {
        var key = "arn:aws:kms:us-east-1:123456789012:key/0f2b";
        var replica = "arn:aws:s3:::acme-backup-replica";

        Assert.Single(Refusals(("ReplicaBucketArn", replica), ("KmsKeyArn", key)));
        Assert.Empty(Refusals(("ReplicaBucketArn", replica)));
        Assert.Empty(Refusals(("KmsKeyArn", key)));
    }

    [Fact]
    public void Every_refusal_says_what_to_change()
    {
        var rules = DeployedTemplate.Transformed["Rules"]!.AsObject();

        Assert.All(rules, rule => Assert.All(rule.Value!["Assertions"]!.AsArray(), a => Assert.False(string.IsNullOrWhiteSpace(a!["AssertDescription"]?.GetValue<string>()), rule.Key)));
    }
}
