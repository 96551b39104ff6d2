using System.Globalization;
using System.Text.Json.Nodes;

namespace GitHubBackup.StandIn;

/// <summary>A repository in the shape GitHub's REST API returns it.</summary>
internal static class RepositoryJson
{
    public static JsonObject Of(StandInRepo repo, Uri serverRoot)
    {
        var html = new Uri(serverRoot, $"{repo.Org}/{repo.Name}").ToString();
        var api = new Uri(serverRoot, $"api/v3/repos/{repo.Org}/{repo.Name}").ToString();
        var settings = repo.Settings;
        var headBranch = repo.HeadBranchForApi();
        return new JsonObject
        {
            ["id"] = repo.Id,
            ["node_id"] = Convert.ToBase64String(System.Text.Encoding.ASCII.GetBytes($"010:Repository{repo.Id}")),
            ["name"] = repo.Name,
            ["full_name"] = repo.FullName,
            ["private"] = settings.Private,
            ["visibility"] = settings.Private ? "private" : "public",
            ["owner"] = new JsonObject { ["login"] = repo.Org, ["id"] = OrgId(repo.Org), ["type"] = "Organization" },
            ["html_url"] = html,
            ["description"] = settings.Description,
            ["fork"] = settings.Fork,
            ["url"] = api,
            ["clone_url"] = repo.ListedCloneUrl ?? repo.CloneUrl.ToString(),
            ["git_url"] = $"git://{serverRoot.Authority}/{repo.FullName}.git",
            ["ssh_url"] = $"git@{serverRoot.Host}:{repo.FullName}.git",
            ["default_branch"] = headBranch,
            ["size"] = repo.SizeKb(),
            ["archived"] = settings.Archived,
            ["disabled"] = false,
            ["topics"] = new JsonArray(settings.Topics.Select(t => (JsonNode)t).ToArray()),
            ["has_wiki"] = settings.HasWiki,
            ["has_issues"] = settings.HasIssues,
            ["language"] = null,
            ["pushed_at"] = Timestamp(repo.CreatedAt),
            ["created_at"] = Timestamp(repo.CreatedAt),
            ["updated_at"] = Timestamp(repo.CreatedAt),
        };
    }

    public static long OrgId(string org) => 1000 + Math.Abs(StringComparer.OrdinalIgnoreCase.GetHashCode(org) % 100000);

    private static string Timestamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
