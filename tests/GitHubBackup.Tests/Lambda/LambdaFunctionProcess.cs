using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using GitHubBackup.LambdaHost;
using GitHubBackup.Tests.Deployment;

namespace GitHubBackup.Tests.Lambda;

/// <summary>
/// A function's package started the way Lambda starts a custom runtime: its `bootstrap` runs with the working
/// directory LAMBDA_TASK_ROOT, the runtime environment Lambda defines
/// (https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html#configuration-envvars-runtime) and
/// the function's variables from the transformed template, and nothing else (no HOME, no DOTNET_ROOT), against a
/// stub of the Runtime API.
/// </summary>
public sealed class LambdaFunctionProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _log = new();

    private LambdaFunctionProcess(RuntimeApiStub api, Process process)
    {
        Api = api;
        _process = process;
    }

    public RuntimeApiStub Api { get; }

    /// <summary>What the function printed (Lambda sends stdout and stderr to its log group).</summary>
    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    public Task Exited => _process.WaitForExitAsync();

    public int ExitCode => _process.ExitCode;

    /// <param name="values">A value for each variable the template gives the function (a variable without one fails the test).</param>
    /// <param name="endpoints">The stand-ins' endpoints, which only a test sets.</param>
    /// <param name="handler">Instead of the function's Handler.</param>
    public static async Task<LambdaFunctionProcess> StartAsync(
        string package,
        string functionLogicalId,
        IReadOnlyDictionary<string, string> values,
        IReadOnlyDictionary<string, string> endpoints,
        string? handler = null)
    {
        var function = DeployedTemplate.Properties(functionLogicalId);
        var api = await RuntimeApiStub.StartAsync();
        var info = new ProcessStartInfo(Path.Combine(package, "bootstrap"))
        {
            WorkingDirectory = package,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.Environment.Clear();
        foreach (var name in (function["Environment"]?["Variables"]?.AsObject() ?? []).Select(v => v.Key))
        {
            info.Environment[name] = values.TryGetValue(name, out var value)
                ? value
                : throw new KeyNotFoundException($"The template gives {functionLogicalId} {name}; say what the test's value of it is.");
        }

        foreach (var (name, value) in endpoints)
        {
            info.Environment[name] = value;
        }

        info.Environment["_HANDLER"] = handler ?? function["Handler"]!.GetValue<string>();
        info.Environment["AWS_LAMBDA_RUNTIME_API"] = api.Address;
        info.Environment["LAMBDA_TASK_ROOT"] = package;
        info.Environment["LAMBDA_RUNTIME_DIR"] = "/var/runtime";
        info.Environment["AWS_LAMBDA_FUNCTION_NAME"] = $"github-backup-{functionLogicalId}";
        info.Environment["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"] = function["MemorySize"]!.ToString();
        info.Environment["AWS_LAMBDA_FUNCTION_VERSION"] = "$LATEST";
        info.Environment["AWS_EXECUTION_ENV"] = "AWS_Lambda_provided.al2023";
        info.Environment["AWS_REGION"] = "us-east-1";
        info.Environment["AWS_DEFAULT_REGION"] = "us-east-1";
        info.Environment["AWS_ACCESS_KEY_ID"] = Infrastructure.MotoServer.AccessKey;
        info.Environment["AWS_SECRET_ACCESS_KEY"] = Infrastructure.MotoServer.SecretKey;
        info.Environment["AWS_SESSION_TOKEN"] = "lambda-session-token";
        info.Environment["TZ"] = ":UTC";
        info.Environment["LANG"] = "en_US.UTF-8";
        info.Environment["PATH"] = "/usr/local/bin:/usr/bin/:/bin:/opt/bin";
        info.Environment["LD_LIBRARY_PATH"] = $"/lib64:/usr/lib64:/var/runtime:/var/runtime/lib:{package}:{package}/lib:/opt/lib";

        var process = Process.Start(info)!;
        var started = new LambdaFunctionProcess(api, process);
        process.OutputDataReceived += (_, e) => started.Append(e.Data);
        process.ErrorDataReceived += (_, e) => started.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return started;
    }

    /// <summary>One invocation; fails (with the function's log) if the process ends or reports an init error instead.</summary>
    /// <param name="timeout">The function's time left (Lambda-Runtime-Deadline-Ms); the function's 15 minutes by default.</param>
    public async Task<InvocationResult> InvokeAsync(JsonNode payload, TimeSpan? timeout = null)
    {
        var invocation = Api.InvokeAsync(Encoding.UTF8.GetBytes(payload.ToJsonString()), timeout);
        using var patience = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var ended = await Task.WhenAny(invocation, Api.InitError, Exited).WaitAsync(patience.Token);
        return ended == invocation
            ? await invocation
            : throw new InvalidOperationException($"The function did not answer: {(ended == Api.InitError ? "init error " + Encoding.UTF8.GetString(Api.InitError.Result.Document) : $"exit {ExitCode}")}\n{Log}");
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_log)
            {
                _log.AppendLine(line);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        await Api.DisposeAsync();
    }
}
