// A function's process under Lambda's custom runtime: `bootstrap` starts it; it serves the invocations of the
// handler the function's Handler names (_HANDLER) through the Runtime API until Lambda stops it.
using GitHubBackup.Lambdas;

return await LambdaRuntime.RunAsync(
    Environment.GetEnvironmentVariable("AWS_LAMBDA_RUNTIME_API"),
    Environment.GetEnvironmentVariable("_HANDLER"));
