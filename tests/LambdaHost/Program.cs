// Runs one Lambda handler the way the managed .NET runtime does, for the state-machine tests: the handler
// string "Assembly::Namespace.Type::Method" is resolved, the type instantiated, the method called with the
// invocation payload (stdin) as a Stream, and its Stream result written to stdout. The process environment
// is the function's environment. A thrown exception becomes the runtime's error document
// {"errorType": <exception type name>, "errorMessage": ...} on stdout, and exit code 3.
using System.Reflection;
using System.Text.Json;

if (args.Length != 1 || args[0].Split("::") is not [var assemblyName, var typeName, var methodName])
{
    await Console.Error.WriteLineAsync("usage: LambdaHost Assembly::Namespace.Type::Method  (payload on stdin)");
    return 2;
}

var type = Assembly.Load(assemblyName).GetType(typeName, throwOnError: true)!;
var method = type.GetMethod(methodName, BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static, [typeof(Stream)])
    ?? throw new MissingMethodException(typeName, methodName);
var handler = method.IsStatic ? null : Activator.CreateInstance(type);

// As in Lambda, what the handler prints is its log (here: stderr); only the returned payload is the result.
var result = Console.OpenStandardOutput();
Console.SetOut(Console.Error);

using var payload = new MemoryStream();
await Console.OpenStandardInput().CopyToAsync(payload);
payload.Position = 0;
try
{
    var returned = method.Invoke(handler, [payload]);
    var response = returned is Task<Stream> pending ? await pending : (Stream)returned!;
    await response.CopyToAsync(result);
    return 0;
}
catch (Exception e)
{
    var error = e is TargetInvocationException { InnerException: { } inner } ? inner : e;
    await result.WriteAsync(JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string>
    {
        ["errorType"] = error.GetType().Name,
        ["errorMessage"] = error.Message,
    }));
    await Console.Error.WriteLineAsync(error.ToString());
    return 3;
}
