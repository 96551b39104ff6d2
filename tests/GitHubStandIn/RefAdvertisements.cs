using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace GitHubBackup.StandIn;

/// <summary>
/// Protocol v0 ref advertisements, computed once per repository version and then served from memory, as GitHub
/// answers ref listings without starting a process per request. Keeps the stand-in's own CPU out of a
/// benchmark's "nothing changed" measurement; clones still go through git http-backend.
/// </summary>
internal sealed class RefAdvertisements
{
    private readonly ConcurrentDictionary<string, (int Version, byte[] Body)> _cache = new(StringComparer.OrdinalIgnoreCase);

    public static bool IsV0UploadPackAdvertisement(HttpRequest request, string rest) =>
        request.Method == "GET" && rest == "info/refs" && request.Query["service"] == "git-upload-pack"
        && !request.Headers["Git-Protocol"].ToString().Contains("version=2", StringComparison.Ordinal);

    public async Task ServeAsync(HttpContext context, StandInRepo repo)
    {
        context.Response.ContentType = "application/x-git-upload-pack-advertisement";
        context.Response.Headers.CacheControl = "no-cache";
        await context.Response.Body.WriteAsync(For(repo));
    }

    public byte[] For(StandInRepo repo)
    {
        var version = repo.Version;
        if (!_cache.TryGetValue(repo.FullName, out var cached) || cached.Version != version)
        {
            var refs = Git.RunBytes(repo.Path, null, null, "upload-pack", "--stateless-rpc", "--advertise-refs", ".");
            var header = "# service=git-upload-pack\n";
            cached = (version, Encoding.ASCII.GetBytes($"{header.Length + 4:x4}{header}0000").Concat(Encoding.UTF8.GetBytes(refs)).ToArray());
            _cache[repo.FullName] = cached;
        }

        return cached.Body;
    }
}
