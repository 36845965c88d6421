using Microsoft.AspNetCore.Components;

namespace RankingsWeb.Caching;

public enum PublicSurface
{
    None,
    Page,
    Api,
}

/// <summary>
/// The public surfaces: their answers depend only on the URL, the data and the listings, never on who asks, so one
/// answer may serve every anonymous visitor. Matched by path prefix (segments, case-insensitive like routing), so a
/// page added under a prefix is covered. Status, ingestion, admin, analytics, account, Hangfire and static files are not.
/// </summary>
public static class PublicPaths
{
    private static readonly PathString[] Pages = ["/models", "/authors", "/apps", "/categories", "/providers", "/growth"];

    /// <summary>The read API: rankings, series, totals, rank history and growth drivers, JSON and CSV.</summary>
    private static readonly PathString[] ReadApi = ["/api/v1/rankings", "/api/v1/series", "/api/v1/totals", "/api/v1/rank-history", "/api/v1/growth"];

    public static PublicSurface Classify(HttpRequest request)
    {
        if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method)) return PublicSurface.None;
        var path = request.Path;
        if (ReadApi.Any(p => path.StartsWithSegments(p))) return PublicSurface.Api;
        return path == "/" || Pages.Any(p => path.StartsWithSegments(p)) ? PublicSurface.Page : PublicSurface.None;
    }

    /// <summary>
    /// Only a page that renders statically (<see cref="ExcludeFromInteractiveRoutingAttribute"/>) may be shared: an
    /// interactive page's markup holds circuit descriptors made for one render, which expire within minutes.
    /// </summary>
    public static bool IsSharedPage(HttpContext context) =>
        Classify(context.Request) == PublicSurface.Page
        && context.GetEndpoint()?.Metadata.GetMetadata<ExcludeFromInteractiveRoutingAttribute>() is not null;
}
