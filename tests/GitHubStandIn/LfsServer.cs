using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace GitHubBackup.StandIn;

/// <summary>
/// The Git LFS batch API as GitHub serves it: <c>POST REPO.git/info/lfs/objects/batch</c> with Basic auth answers
/// download actions whose hrefs need no credentials (GitHub's are signed storage URLs); the hrefs serve the bytes.
/// </summary>
internal static class LfsServer
{
    public static async Task<string> ServeBatchAsync(HttpContext context, GitHubStandIn standIn, string org, string repoName)
    {
        var (repo, auth) = await standIn.AuthorizeGitAsync(context, org, repoName, "LFS-Authenticate");
        if (repo is null)
        {
            return auth;
        }

        using var request = await JsonDocument.ParseAsync(context.Request.Body);
        var objects = new JsonArray();
        foreach (var wanted in request.RootElement.GetProperty("objects").EnumerateArray())
        {
            var oid = wanted.GetProperty("oid").GetString()!;
            var path = Path.Combine(repo.LfsObjects, oid);
            objects.Add(File.Exists(path)
                ? new JsonObject
                {
                    ["oid"] = oid,
                    ["size"] = new FileInfo(path).Length,
                    ["authenticated"] = true,
                    ["actions"] = new JsonObject
                    {
                        ["download"] = new JsonObject { ["href"] = new Uri(standIn.ServerRoot, $"lfs-objects/{org}/{repoName}/{oid}").ToString(), ["expires_in"] = 3600 },
                    },
                }
                : new JsonObject { ["oid"] = oid, ["size"] = wanted.GetProperty("size").GetInt64(), ["error"] = new JsonObject { ["code"] = 404, ["message"] = "Object does not exist" } });
        }

        context.Response.ContentType = "application/vnd.git-lfs+json";
        await context.Response.WriteAsync(new JsonObject { ["transfer"] = "basic", ["objects"] = objects }.ToJsonString());
        return auth;
    }

    public static async Task ServeObjectAsync(HttpContext context, string objects, string oid)
    {
        var path = Path.Combine(objects, oid);
        if (!File.Exists(path))
        {
            context.Response.StatusCode = 404;
            return;
        }

        context.Response.ContentType = "application/octet-stream";
        context.Response.ContentLength = new FileInfo(path).Length;
        await using var file = File.OpenRead(path);
        await file.CopyToAsync(context.Response.Body);
    }
}
