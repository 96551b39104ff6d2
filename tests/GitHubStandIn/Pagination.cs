using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace GitHubBackup.StandIn;

/// <summary>GitHub's paging: per_page (default 30, at most 100), page from 1, and a Link header with absolute URLs.</summary>
internal static class Pagination
{
    public static IReadOnlyList<T> Page<T>(HttpContext context, IReadOnlyList<T> all, int maxPageSize)
    {
        var query = context.Request.Query;
        var perPage = Math.Clamp(int.TryParse(query["per_page"], CultureInfo.InvariantCulture, out var p) ? p : 30, 1, maxPageSize);
        var page = Math.Max(1, int.TryParse(query["page"], CultureInfo.InvariantCulture, out var n) ? n : 1);
        var last = Math.Max(1, (all.Count + perPage - 1) / perPage);

        var links = new List<string>();
        if (page < last)
        {
            links.Add(Link(context, page + 1, perPage, "next"));
            links.Add(Link(context, last, perPage, "last"));
        }

        if (page > 1)
        {
            links.Add(Link(context, 1, perPage, "first"));
            links.Add(Link(context, page - 1, perPage, "prev"));
        }

        if (links.Count > 0)
        {
            context.Response.Headers["Link"] = string.Join(", ", links);
        }

        return all.Skip((page - 1) * perPage).Take(perPage).ToList();
    }

    private static string Link(HttpContext context, int page, int perPage, string rel)
    {
        var request = context.Request;
        var query = request.Query.Where(q => q.Key is not ("page" or "per_page"))
            .Select(q => $"{q.Key}={Uri.EscapeDataString(q.Value.ToString())}")
            .Append($"per_page={perPage}")
            .Append($"page={page}");
        return $"<{request.Scheme}://{request.Host}{request.PathBase}{request.Path}?{string.Join('&', query)}>; rel=\"{rel}\"";
    }
}
