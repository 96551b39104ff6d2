// Runs one Lambda invocation the way the Lambda service does, for the state-machine tests: the functions' own
// program (src/Lambdas, the one `bootstrap` starts) runs as a process with the function's environment (this
// process's), _HANDLER = the handler string, and AWS_LAMBDA_RUNTIME_API pointing at a Runtime API stub that
// hands it the payload (stdin). The response is written to stdout (exit 0), a function error's document
// {"errorType", "errorMessage", "stackTrace"} too (exit 3); the function's log goes to stderr.
using System.Diagnostics;
using GitHubBackup.LambdaHost;

if (args is not [var handler])
{
    await Console.Error.WriteLineAsync("usage: LambdaHost HANDLER  (payload on stdin)");
    return 2;
}

using var payload = new MemoryStream();
await Console.OpenStandardInput().CopyToAsync(payload);

await using var api = await RuntimeApiStub.StartAsync();
var info = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "GitHubBackup.Lambdas.dll")])
{
    RedirectStandardOutput = true,
    RedirectStandardError = true,
    UseShellExecute = false,
};
info.Environment["_HANDLER"] = handler;
info.Environment["AWS_LAMBDA_RUNTIME_API"] = api.Address;
using var function = Process.Start(info)!;
function.OutputDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine(e.Data); };
function.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine(e.Data); };
function.BeginOutputReadLine();
function.BeginErrorReadLine();
try
{
    var invocation = api.InvokeAsync(payload.ToArray());
    var ended = await Task.WhenAny(invocation, api.InitError, function.WaitForExitAsync());
    await using var stdout = Console.OpenStandardOutput();
    if (ended == invocation && invocation.Result is { Response: { } response })
    {
        await stdout.WriteAsync(response);
        return 0;
    }

    if (ended == invocation && invocation.Result is { Error: { } error })
    {
        await stdout.WriteAsync(error.Document);
        return 3;
    }

    await Console.Error.WriteLineAsync(ended == api.InitError
        ? $"init error: {System.Text.Encoding.UTF8.GetString(api.InitError.Result.Document)}"
        : $"the function's process exited ({function.ExitCode}) before answering.");
    return 1;
}
finally
{
    // A runtime never ends on its own: it waits for the next invocation until Lambda stops it.
    if (!function.HasExited)
    {
        function.Kill(entireProcessTree: true);
    }
}
