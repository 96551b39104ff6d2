using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text.Json;

namespace GitHubBackup.Core.GitHub;

/// <summary>The raw-JSON side of the session (see <see cref="IGitHubRest"/>).</summary>
public sealed partial class GitHubSession
{
    private int _requests;

    public RateLimitState RateLimit { get; }

    public int Requests => Volatile.Read(ref _requests);

    public async IAsyncEnumerable<JsonElement> ListAsync(string pathAndQuery, Func<JsonElement, bool>? takeWhile, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var next = pathAndQuery + (pathAndQuery.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "per_page=100";
        while (next is not null)
        {
            using var response = await SendAsync(next, "application/vnd.github+json", cancellationToken);
            if (response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Gone)
            {
                throw new GitHubNotAvailableException((int)response.StatusCode, next);
            }

            await EnsureSuccessAsync(response, next);
            using var page = JsonDocument.Parse(await response.Content.ReadAsStreamAsync(cancellationToken));
            foreach (var item in page.RootElement.EnumerateArray())
            {
                if (takeWhile is not null && !takeWhile(item))
                {
                    yield break;
                }

                yield return item.Clone();
            }

            next = NextPage(response);
            if (next is not null && !IsOnApi(next))
            {
                // The request carries the token: a Link header is the server's word, not a place to send it.
                throw new RunFailedException($"GitHub's Link header named a next page off the API ({next[..Math.Min(200, next.Length)]}); refusing to send the token there.");
            }
        }
    }

    public async Task<Stream> DownloadAssetAsync(string owner, string repository, long assetId, CancellationToken cancellationToken)
    {
        var path = $"repos/{owner}/{repository}/releases/assets/{assetId}";
        var response = await SendAsync(path, "application/octet-stream", cancellationToken);
        await EnsureSuccessAsync(response, path);
        return await response.Content.ReadAsStreamAsync(cancellationToken);
    }

    private static string? NextPage(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Link", out var links)
            ? links.SelectMany(l => l.Split(',')).Select(l => l.Trim())
                .Where(l => l.EndsWith("rel=\"next\"", StringComparison.Ordinal))
                .Select(l => l[1..l.IndexOf('>', StringComparison.Ordinal)])
                .FirstOrDefault()
            : null;

    private bool IsOnApi(string pathOrUrl) =>
        !Uri.TryCreate(pathOrUrl, UriKind.Absolute, out var url)
        || (url.Scheme == Server.ApiBase.Scheme && string.Equals(url.IdnHost, Server.ApiBase.IdnHost, StringComparison.OrdinalIgnoreCase) && url.Port == Server.ApiBase.Port);

    private async Task EnsureSuccessAsync(HttpResponseMessage response, string path)
    {
        if (!response.IsSuccessStatusCode)
        {
            var text = await response.Content.ReadAsStringAsync();
            throw new RunFailedException($"GitHub answered {(int)response.StatusCode} to GET {Server.ApiBase}{path}: {text[..Math.Min(200, text.Length)]}");
        }
    }

    private async Task<HttpResponseMessage> SendAsync(string pathOrUrl, string accept, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, pathOrUrl);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await Tokens.GetTokenAsync(cancellationToken));
        request.Headers.Accept.ParseAdd(accept);
        request.Headers.UserAgent.ParseAdd($"github-backup/{Version}");
        request.Headers.Add("X-GitHub-Api-Version", "2022-11-28");
        Interlocked.Increment(ref _requests);
        return await _rest.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
    }
}
