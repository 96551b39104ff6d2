using System.IO.Compression;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace GitHubBackup.StandIn;

/// <summary>
/// Tells a fetch (objects transferred: a clone or a fetch) from a ref listing. Protocol v2 sends both as POSTs to
/// git-upload-pack ("command=ls-refs" vs "command=fetch"); in protocol v0 every POST is a fetch. The body is small
/// (wants and haves), so it is read whole and put back for git.
/// </summary>
internal static class UploadPackRequest
{
    public static async Task<bool> IsFetchAsync(HttpRequest request)
    {
        var body = new MemoryStream();
        await request.Body.CopyToAsync(body);
        body.Position = 0;
        request.Body = body;

        var raw = body.ToArray();
        var text = request.Headers.ContentEncoding.ToString().Contains("gzip", StringComparison.OrdinalIgnoreCase)
            ? Decompress(raw)
            : Encoding.ASCII.GetString(raw);
        return !text.Contains("command=", StringComparison.Ordinal) || text.Contains("command=fetch", StringComparison.Ordinal);
    }

    private static string Decompress(byte[] gzip)
    {
        using var decompressed = new GZipStream(new MemoryStream(gzip), CompressionMode.Decompress);
        using var reader = new StreamReader(decompressed, Encoding.ASCII);
        return reader.ReadToEnd();
    }
}
