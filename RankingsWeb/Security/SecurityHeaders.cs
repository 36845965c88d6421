namespace RankingsWeb.Security;

/// <summary>
/// The response headers every answer carries (pages, API, static files, the Hangfire dashboard, errors). The content
/// security policy is defence in depth behind escaping: no inline script, so markup that ever slipped into a page
/// could not run. Styles need 'unsafe-inline' (MudBlazor's theme and apexcharts write style elements and attributes);
/// the Blazor circuit's WebSocket is same-origin, which 'self' covers.
/// </summary>
public static class SecurityHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; " +
        "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use(static (context, next) =>
    {
        // At the start of the response, so an error page or a middleware that clears headers still sends them.
        context.Response.OnStarting(static state =>
        {
            var headers = ((HttpContext)state).Response.Headers;
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
            return Task.CompletedTask;
        }, context);
        return next(context);
    });
}
