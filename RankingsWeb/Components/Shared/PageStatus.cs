using Microsoft.AspNetCore.Components;

namespace RankingsWeb.Components.Shared;

/// <summary>
/// A page's HTTP status, set while it is prerendered (the answer a link, a crawler or a script gets); an interactive
/// render has no response of its own, and there the page's message is what counts.
/// </summary>
public static class PageStatus
{
    public static void Set(IHttpContextAccessor accessor, RendererInfo renderer, int status)
    {
        if (renderer.IsInteractive) return;
        if (accessor.HttpContext is { Response.HasStarted: false } http) http.Response.StatusCode = status;
    }
}
