using System.Text;
using Microsoft.AspNetCore.Http;

namespace GitHubBackup.StandIn;

/// <summary>A GitHub that misbehaves: names it should never list, redirects, errors that quote the credential.</summary>
public sealed partial class GitHubStandIn
{
    /// <summary>A repository the API lists under exactly <paramref name="name"/> (any string); git serves nothing for it.</summary>
    public StandInRepo ListRepositoryNamed(string org, string name)
    {
        AddOrg(org);
        var repo = Register(org, name, Path.Combine(DataRoot, "unserved", Guid.NewGuid().ToString("N")), new RepoSettings { SizeKb = 1, DefaultBranch = "main" });
        repo.HiddenFromGit = true;
        return repo;
    }

    private async Task<bool> RedirectedAsync(HttpContext context, string org, string repoName)
    {
        if (!_repos.TryGetValue($"{org}/{repoName}", out var repo) || repo.RedirectGitTo is not { } target)
        {
            return false;
        }

        context.Response.StatusCode = 302;
        context.Response.Headers.Location = new Uri(target, context.Request.Path.Value!.TrimStart('/') + context.Request.QueryString).ToString();
        await context.Response.CompleteAsync();
        return true;
    }

    /// <summary>A smart HTTP ref advertisement that is only an ERR pkt-line: git prints it as "fatal: remote error: ...".</summary>
    private static async Task EchoCredentialAsync(HttpContext context)
    {
        var line = $"ERR access denied for Authorization: {context.Request.Headers.Authorization}\n";
        context.Response.ContentType = "application/x-git-upload-pack-advertisement";
        await context.Response.WriteAsync($"{Encoding.UTF8.GetByteCount(line) + 4:x4}{line}");
    }
}
