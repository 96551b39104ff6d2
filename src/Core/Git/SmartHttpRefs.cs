using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace GitHubBackup.Core.Git;

/// <summary>
/// Lists a remote's refs with one HTTP request, in process: <c>GET info/refs?service=git-upload-pack</c> in
/// protocol v0 answers with every ref (what <c>git ls-remote --refs</c> prints), without starting git. On a
/// nightly run most repositories only need this, so it is the cost of "nothing changed".
/// Failures read like git's own ("The requested URL returned error: 503"), so they are classified the same.
/// </summary>
public sealed class SmartHttpRefs : IDisposable
{
    private const string Command = "git ls-remote";
    private const int MaxRedirects = 5;

    // Redirects are followed here, not by the handler: the credential goes with the request, so only to the origin
    // it was sent to.
    private readonly HttpClient _http = new(new SocketsHttpHandler { AllowAutoRedirect = false, AutomaticDecompression = DecompressionMethods.All })
    {
        Timeout = TimeSpan.FromMinutes(2),
    };

    public async Task<RemoteRefs> ListAsync(Uri repository, GitCredential credential, CancellationToken cancellationToken)
    {
        var url = new Uri(repository.ToString().TrimEnd('/') + "/info/refs?service=git-upload-pack");
        for (var redirects = 0; ; redirects++)
        {
            using var response = await SendAsync(url, repository, credential, cancellationToken);
            if (IsRedirect(response.StatusCode) && response.Headers.Location is { } location)
            {
                var next = new Uri(url, location);
                if (!SameOrigin(next, repository) || redirects == MaxRedirects)
                {
                    throw new GitCommandException(Command, 128, $"fatal: unable to access '{repository}': redirected to another server ({next.GetLeftPart(UriPartial.Authority)}); refusing to follow with a credential");
                }

                url = next;
                continue;
            }

            if (!response.IsSuccessStatusCode)
            {
                var notFound = response.StatusCode == HttpStatusCode.NotFound ? $"fatal: repository '{repository}' not found\n" : "";
                throw new GitCommandException(Command, 128, $"{notFound}fatal: unable to access '{repository}': The requested URL returned error: {(int)response.StatusCode}");
            }

            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            return Parse(body, repository);
        }
    }

    private async Task<HttpResponseMessage> SendAsync(Uri url, Uri repository, GitCredential credential, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{credential.Username}:{credential.Password}")));
        request.Headers.UserAgent.ParseAdd("git/2.39.5 github-backup");
        try
        {
            return await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            throw new GitCommandException(Command, 128, $"fatal: unable to access '{repository}': Failed to connect: {e.Message}");
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new GitCommandException(Command, 128, $"fatal: unable to access '{repository}': Operation timed out: {e.Message}");
        }
    }

    private static bool IsRedirect(HttpStatusCode status) => (int)status is >= 300 and < 400;

    private static bool SameOrigin(Uri a, Uri b) =>
        string.Equals(a.Scheme, b.Scheme, StringComparison.OrdinalIgnoreCase) && string.Equals(a.IdnHost, b.IdnHost, StringComparison.OrdinalIgnoreCase) && a.Port == b.Port;

    public void Dispose() => _http.Dispose();

    /// <summary>
    /// pkt-lines: "# service=..." and a flush, then "SHA REF\0capabilities", "SHA REF", peeled "SHA REF^{}", a flush.
    /// The capabilities carry "symref=HEAD:refs/heads/BRANCH" (git's protocol v0, what GitHub sends).
    /// </summary>
    internal static RemoteRefs Parse(ReadOnlySpan<byte> body, Uri repository)
    {
        var refs = new List<GitRef>();
        string? head = null;
        var position = 0;
        while (position + 4 <= body.Length)
        {
            if (!int.TryParse(Encoding.ASCII.GetString(body.Slice(position, 4)), System.Globalization.NumberStyles.HexNumber, null, out var length))
            {
                throw new GitCommandException(Command, 128, $"fatal: invalid ref advertisement from '{repository}' (not a smart HTTP server?)");
            }

            if (length == 0)
            {
                position += 4;
                continue;
            }

            if (length < 4 || position + length > body.Length)
            {
                throw new GitCommandException(Command, 128, $"fatal: truncated ref advertisement from '{repository}'");
            }

            var line = Encoding.UTF8.GetString(body.Slice(position + 4, length - 4)).TrimEnd('\n');
            position += length;
            var withoutCapabilities = line.Split('\0')[0];
            head ??= HeadOf(line);
            var parts = withoutCapabilities.Split(' ', 2);
            if (line.StartsWith('#') || parts.Length != 2 || !parts[1].StartsWith("refs/", StringComparison.Ordinal) || parts[1].EndsWith("^{}", StringComparison.Ordinal))
            {
                continue;
            }

            refs.Add(new GitRef(parts[1], parts[0]));
        }

        return new RemoteRefs(refs.OrderBy(r => r.Name, StringComparer.Ordinal).ToList(), head);
    }

    private static string? HeadOf(string line)
    {
        const string Symref = "symref=HEAD:refs/heads/";
        var capabilities = line.Split('\0', 2) is [_, var list] ? list.Split(' ') : [];
        return capabilities.FirstOrDefault(c => c.StartsWith(Symref, StringComparison.Ordinal))?[Symref.Length..];
    }
}
