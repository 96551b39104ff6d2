using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace GitHubBackup.StandIn;

/// <summary>The REST endpoints under /api/v3/, with GitHub's authentication, errors, paging and rate-limit headers.</summary>
internal sealed class StandInApi(GitHubStandIn standIn)
{
    private const string Docs = "https://docs.github.com/rest";

    /// <summary>Serves one API request; returns the kind of credential it carried, for the log.</summary>
    public async Task<string> HandleAsync(HttpContext context, string route)
    {
        var method = context.Request.Method;
        var segments = route.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var presented = Presented(context.Request);

        if (presented is not null && JwtVerifier.LooksLikeJwt(presented))
        {
            var problem = JwtVerifier.Problem(presented, standIn.App, standIn.Time.GetUtcNow());
            if (problem is not null)
            {
                await WriteErrorAsync(context, 401, problem);
                return "invalid-jwt";
            }

            await ServeAsAppAsync(context, method, segments);
            return "jwt";
        }

        var token = presented is null ? null : standIn.Tokens.Find(presented);
        if (token is null || token.IsExpired(standIn.Time.GetUtcNow()))
        {
            await WriteErrorAsync(context, 401, presented is null ? "Requires authentication" : "Bad credentials");
            return presented is null ? "none" : token is null ? "invalid" : "expired";
        }

        var kind = token.Kind.ToString().ToLowerInvariant();
        var counts = !(segments is ["rate_limit"]);
        if (counts && !token.TrySpend())
        {
            WriteRateLimitHeaders(context, token);
            await WriteErrorAsync(context, 403, $"API rate limit exceeded for {(token.Kind == TokenKind.Installation ? "installation" : "user")}.");
            return kind;
        }

        WriteRateLimitHeaders(context, token);
        await ServeAsTokenAsync(context, method, segments, token);
        return kind;
    }

    public static async Task WriteErrorAsync(HttpContext context, int status, string message)
    {
        context.Response.StatusCode = status;
        await WriteJsonAsync(context, new JsonObject { ["message"] = message, ["documentation_url"] = Docs, ["status"] = status.ToString(CultureInfo.InvariantCulture) });
    }

    private static async Task WriteJsonAsync(HttpContext context, JsonNode body)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        await context.Response.WriteAsync(body.ToJsonString());
    }

    private static string? Presented(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        foreach (var scheme in new[] { "Bearer ", "token " })
        {
            if (header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
            {
                return header[scheme.Length..].Trim();
            }
        }

        return null;
    }

    private static void WriteRateLimitHeaders(HttpContext context, IssuedToken token)
    {
        var headers = context.Response.Headers;
        headers["x-ratelimit-limit"] = token.Budget.ToString(CultureInfo.InvariantCulture);
        headers["x-ratelimit-remaining"] = token.Remaining.ToString(CultureInfo.InvariantCulture);
        headers["x-ratelimit-used"] = (token.Budget - token.Remaining).ToString(CultureInfo.InvariantCulture);
        headers["x-ratelimit-reset"] = token.ResetAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        headers["x-ratelimit-resource"] = "core";
    }

    private async Task ServeAsAppAsync(HttpContext context, string method, string[] segments)
    {
        var app = standIn.App;
        switch (method, segments)
        {
            case ("POST", ["app", "installations", var id, "access_tokens"]):
                if (!long.TryParse(id, CultureInfo.InvariantCulture, out var installationId) || !app.Installations.TryGetValue(installationId, out var org))
                {
                    await WriteErrorAsync(context, 404, "Not Found");
                    return;
                }

                var expiresAt = standIn.Time.GetUtcNow() + standIn.InstallationTokenLifetime;
                var token = standIn.Tokens.Issue(TokenKind.Installation, org, expiresAt, standIn.Options.HourlyRequestBudget);
                context.Response.StatusCode = 201;
                await WriteJsonAsync(context, new JsonObject
                {
                    ["token"] = token.Value,
                    ["expires_at"] = expiresAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
                    ["permissions"] = new JsonObject { ["contents"] = "read", ["metadata"] = "read" },
                    ["repository_selection"] = "all",
                });
                return;

            case ("GET", ["app", "installations"]):
                var installations = app.Installations.OrderBy(i => i.Key).Select(i => (JsonNode)Installation(i.Key, i.Value)).ToList();
                await WriteJsonAsync(context, new JsonArray([.. Pagination.Page(context, installations, standIn.Options.PageSizeMax).Select(n => n.DeepClone())]));
                return;

            case ("GET", ["orgs", var orgName, "installation"]):
                var found = app.Installations.FirstOrDefault(i => string.Equals(i.Value, orgName, StringComparison.OrdinalIgnoreCase));
                if (found.Value is null)
                {
                    await WriteErrorAsync(context, 404, "Not Found");
                    return;
                }

                await WriteJsonAsync(context, Installation(found.Key, found.Value));
                return;

            case ("GET", ["app"]):
                await WriteJsonAsync(context, new JsonObject { ["id"] = app.AppId, ["slug"] = "github-backup-test", ["name"] = "github-backup test" });
                return;

            default:
                await WriteErrorAsync(context, 403, "A JSON web token cannot be used for this resource; use an installation token.");
                return;
        }
    }

    private async Task ServeAsTokenAsync(HttpContext context, string method, string[] segments, IssuedToken token)
    {
        switch (method, segments)
        {
            case ("GET", ["installation", "repositories"]) when token.Kind == TokenKind.Installation:
                var own = Listed(token.Org!);
                var page = Pagination.Page(context, own, standIn.Options.PageSizeMax);
                await WriteJsonAsync(context, new JsonObject
                {
                    ["total_count"] = own.Count,
                    ["repository_selection"] = "all",
                    ["repositories"] = new JsonArray([.. page.Select(r => (JsonNode)RepositoryJson.Of(r, standIn.ServerRoot))]),
                });
                return;

            case ("GET", ["orgs", var org, "repos"]) when Visible(token, org):
                var repos = Pagination.Page(context, Listed(org), standIn.Options.PageSizeMax);
                await WriteJsonAsync(context, new JsonArray([.. repos.Select(r => (JsonNode)RepositoryJson.Of(r, standIn.ServerRoot))]));
                return;

            case ("GET", ["orgs", var org]) when Visible(token, org):
                await WriteJsonAsync(context, new JsonObject { ["login"] = org, ["id"] = RepositoryJson.OrgId(org), ["type"] = "Organization" });
                return;

            case ("GET", ["repos", var owner, var name, .. var rest]) when rest.Length > 0 && Visible(token, owner)
                && Listed(owner).FirstOrDefault(r => string.Equals(r.Name, name, StringComparison.OrdinalIgnoreCase)) is { } metadataRepo:
                await ServeMetadataAsync(context, metadataRepo, rest);
                return;

            case ("GET", ["repos", var owner, var name]) when Visible(token, owner) && Listed(owner).FirstOrDefault(r => string.Equals(r.Name, name, StringComparison.OrdinalIgnoreCase)) is { } repo:
                await WriteJsonAsync(context, RepositoryJson.Of(repo, standIn.ServerRoot));
                return;

            case ("GET", ["user"]) when token.Kind == TokenKind.User:
                await WriteJsonAsync(context, new JsonObject { ["login"] = "backup-operator", ["id"] = 7, ["type"] = "User" });
                return;

            case ("GET", ["rate_limit"]):
                var core = new JsonObject
                {
                    ["limit"] = token.Budget,
                    ["remaining"] = token.Remaining,
                    ["used"] = token.Budget - token.Remaining,
                    ["reset"] = token.ResetAt.ToUnixTimeSeconds(),
                };
                await WriteJsonAsync(context, new JsonObject { ["resources"] = new JsonObject { ["core"] = core }, ["rate"] = core.DeepClone() });
                return;

            default:
                await WriteErrorAsync(context, 404, "Not Found");
                return;
        }
    }

    private async Task ServeMetadataAsync(HttpContext context, StandInRepo repo, string[] rest)
    {
        var metadata = repo.Metadata;
        var since = DateTimeOffset.TryParse(context.Request.Query["since"], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var s) ? s : (DateTimeOffset?)null;
        if (rest is ["issues", ..] && !repo.Settings.HasIssues)
        {
            await WriteErrorAsync(context, 410, "Issues are disabled for this repo");
            return;
        }

        IReadOnlyList<JsonNode>? items = rest switch
        {
            ["issues"] => metadata.Issues(since),
            ["issues", "comments"] => metadata.Comments(since),
            ["pulls"] => metadata.Pulls(),
            ["pulls", var number, var part] when long.TryParse(number, CultureInfo.InvariantCulture, out var n) => metadata.PullPart(n, part),
            ["releases"] => metadata.Releases(),
            ["labels"] => metadata.Labels(),
            ["milestones"] => metadata.Milestones(),
            _ => null,
        };
        if (rest is ["releases", "assets", var assetId] && long.TryParse(assetId, CultureInfo.InvariantCulture, out var id) && metadata.Asset(id) is { } content)
        {
            context.Response.ContentType = "application/octet-stream";
            await context.Response.Body.WriteAsync(content);
            return;
        }

        if (items is null)
        {
            await WriteErrorAsync(context, 404, "Not Found");
            return;
        }

        await WriteJsonAsync(context, new JsonArray([.. Pagination.Page(context, items, standIn.Options.PageSizeMax).Select(i => i.DeepClone())]));
    }

    private bool Visible(IssuedToken token, string org) =>
        standIn.OrgExists(org) && (token.Org is null || string.Equals(token.Org, org, StringComparison.OrdinalIgnoreCase));

    private List<StandInRepo> Listed(string org) =>
        standIn.Repositories.Where(r => !r.Deleted && !r.IsWiki && string.Equals(r.Org, org, StringComparison.OrdinalIgnoreCase)).ToList();

    private JsonObject Installation(long id, string org) => new()
    {
        ["id"] = id,
        ["account"] = new JsonObject { ["login"] = org, ["id"] = RepositoryJson.OrgId(org), ["type"] = "Organization" },
        ["app_id"] = standIn.App.AppId,
        ["target_type"] = "Organization",
        ["repository_selection"] = "all",
        ["permissions"] = new JsonObject { ["contents"] = "read", ["metadata"] = "read" },
    };
}
