using System.Diagnostics;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace GitHubBackup.StandIn;

/// <summary>
/// git smart HTTP, served by the real <c>git http-backend</c> as CGI. Request and response bodies stream
/// through (packs can be hundreds of MB); git decompresses gzip request bodies itself.
/// </summary>
internal static class GitHttpBackend
{
    public static async Task ServeAsync(HttpContext context, string projectRoot, string pathInfo, bool allowPush)
    {
        var request = context.Request;
        var info = new ProcessStartInfo("git", ["http-backend"])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var environment = info.Environment;
        environment["GIT_PROJECT_ROOT"] = projectRoot;
        environment["GIT_HTTP_EXPORT_ALL"] = "1";
        environment["PATH_INFO"] = pathInfo;
        environment["REQUEST_METHOD"] = request.Method;
        environment["QUERY_STRING"] = request.QueryString.HasValue ? request.QueryString.Value![1..] : "";
        environment["CONTENT_TYPE"] = request.ContentType ?? "";
        environment["REMOTE_USER"] = "x-access-token";
        environment["REMOTE_ADDR"] = context.Connection.RemoteIpAddress?.ToString() ?? "127.0.0.1";
        environment["GIT_CONFIG_NOSYSTEM"] = "1";
        environment["GIT_CONFIG_GLOBAL"] = "/dev/null";
        environment["GIT_CONFIG_COUNT"] = "1";
        environment["GIT_CONFIG_KEY_0"] = "http.receivepack";
        environment["GIT_CONFIG_VALUE_0"] = allowPush ? "true" : "false";
        if (request.ContentLength is { } length)
        {
            environment["CONTENT_LENGTH"] = length.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        if (request.Headers["Git-Protocol"].ToString() is { Length: > 0 } protocol)
        {
            environment["GIT_PROTOCOL"] = protocol;
        }

        if (request.Headers.ContentEncoding.ToString() is { Length: > 0 } encoding)
        {
            environment["HTTP_CONTENT_ENCODING"] = encoding;
        }

        using var git = Process.Start(info)!;
        var stderr = git.StandardError.ReadToEndAsync();
        var feed = FeedAsync(request.Body, git.StandardInput.BaseStream);

        var output = git.StandardOutput.BaseStream;
        var headers = await ReadCgiHeadersAsync(output);
        foreach (var (name, value) in headers)
        {
            if (name.Equals("Status", StringComparison.OrdinalIgnoreCase))
            {
                context.Response.StatusCode = int.Parse(value.Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
            }
            else
            {
                context.Response.Headers.Append(name, value);
            }
        }

        await output.CopyToAsync(context.Response.Body, 64 * 1024, context.RequestAborted);
        await feed;
        await git.WaitForExitAsync(context.RequestAborted);
        if (git.ExitCode != 0 && !context.Response.HasStarted)
        {
            context.Response.StatusCode = 500;
            await context.Response.WriteAsync(await stderr);
        }
    }

    private static async Task FeedAsync(Stream from, Stream to)
    {
        try
        {
            await from.CopyToAsync(to, 64 * 1024);
        }
        catch (IOException)
        {
            // git stopped reading: it answers from what it has.
        }
        finally
        {
            to.Close();
        }
    }

    /// <summary>CGI response headers end at the first empty line; read byte by byte so the body is untouched.</summary>
    private static async Task<List<(string Name, string Value)>> ReadCgiHeadersAsync(Stream output)
    {
        var headers = new List<(string, string)>();
        var line = new StringBuilder();
        var one = new byte[1];
        while (await output.ReadAsync(one) == 1)
        {
            if (one[0] == '\n')
            {
                var text = line.ToString().TrimEnd('\r');
                line.Clear();
                if (text.Length == 0)
                {
                    break;
                }

                var colon = text.IndexOf(':', StringComparison.Ordinal);
                headers.Add((text[..colon].Trim(), text[(colon + 1)..].Trim()));
            }
            else
            {
                line.Append((char)one[0]);
            }
        }

        return headers;
    }
}
