using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json;

namespace GitHubBackup.Bench;

/// <summary>
/// What the tools this project replaces do: list the org, then for each repository, one after another,
/// <c>git clone --mirror</c>, <c>git bundle create --all</c>, and upload (here: copy into the destination).
/// </summary>
internal static class Baseline
{
    public static async Task RunAsync(Uri serverRoot, string org, string token, string dest, string scratch)
    {
        using var http = new HttpClient { BaseAddress = new Uri(serverRoot, "api/v3/") };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        http.DefaultRequestHeaders.UserAgent.ParseAdd("baseline");
        var cloneUrls = new List<(string Name, string Url)>();
        for (var page = 1; ; page++)
        {
            using var json = JsonDocument.Parse(await http.GetStringAsync($"orgs/{org}/repos?per_page=100&page={page}"));
            var repos = json.RootElement.EnumerateArray().Select(r => (r.GetProperty("name").GetString()!, r.GetProperty("clone_url").GetString()!)).ToList();
            cloneUrls.AddRange(repos);
            if (repos.Count < 100)
            {
                break;
            }
        }

        var basic = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"x-access-token:{token}"));
        Directory.CreateDirectory(dest);
        foreach (var (name, url) in cloneUrls)
        {
            var mirror = Path.Combine(scratch, name + ".git");
            var bundle = Path.Combine(scratch, name + ".bundle");
            Git(null, "-c", $"http.extraHeader=Authorization: Basic {basic}", "clone", "--mirror", "--quiet", url, mirror);
            if (Git(mirror, "bundle", "create", "--quiet", bundle, "--all") == 0)
            {
                File.Copy(bundle, Path.Combine(dest, name + ".bundle"), overwrite: true);
                File.Delete(bundle);
            }

            Directory.Delete(mirror, recursive: true);
        }
    }

    private static int Git(string? directory, params string[] arguments)
    {
        using var git = Process.Start(new ProcessStartInfo("git", arguments) { WorkingDirectory = directory ?? Environment.CurrentDirectory, RedirectStandardError = true })!;
        git.StandardError.ReadToEnd();
        git.WaitForExit();
        return git.ExitCode;
    }
}
