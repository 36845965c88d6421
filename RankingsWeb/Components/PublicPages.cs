namespace RankingsWeb.Components;

/// <summary>
/// The public pages: statically rendered, the same HTML for every anonymous visitor, and so cacheable. One list for
/// the layout's render-mode choice (via <c>[ExcludeFromInteractiveRouting]</c> on the pages), the output cache and
/// the antiforgery rule.
/// </summary>
public static class PublicPages
{
    private static readonly string[] Sections = ["/models", "/authors", "/apps", "/categories", "/providers", "/growth"];

    public static bool IsPublicPage(PathString path) =>
        path == "/" || Sections.Any(s => path.StartsWithSegments(s, StringComparison.OrdinalIgnoreCase));

    /// <summary>An anonymous GET or HEAD of a public page: the answer every visitor shares (see <see cref="Security.PublicPageAntiforgery"/>).</summary>
    public static bool IsAnonymousRead(HttpContext context) =>
        (HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method))
        && context.User.Identity?.IsAuthenticated != true
        && IsPublicPage(context.Request.Path);
}
