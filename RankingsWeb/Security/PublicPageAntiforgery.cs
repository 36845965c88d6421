using Microsoft.AspNetCore.Antiforgery;
using RankingsWeb.Components;

namespace RankingsWeb.Security;

/// <summary>
/// Antiforgery that stores nothing for an anonymous read of a public page. With Interactive Server as the app's only
/// render mode, Blazor persists an antiforgery token into every statically rendered page, and storing it means a
/// Set-Cookie and <c>Cache-Control: no-store</c> on the answer: the public pages would be uncacheable and different
/// for every visitor. Those pages post no form (their controls are links and GET forms), so the token they carry is
/// never used; it is minted without its cookie. Everything else — sign-in, the signed-in layout's sign-out form, the
/// interactive pages — behaves exactly as before.
/// </summary>
internal sealed class PublicPageAntiforgery(IAntiforgery inner) : IAntiforgery
{
    public AntiforgeryTokenSet GetAndStoreTokens(HttpContext httpContext) =>
        PublicPages.IsAnonymousRead(httpContext) ? inner.GetTokens(httpContext) : inner.GetAndStoreTokens(httpContext);

    public AntiforgeryTokenSet GetTokens(HttpContext httpContext) => inner.GetTokens(httpContext);

    public Task<bool> IsRequestValidAsync(HttpContext httpContext) => inner.IsRequestValidAsync(httpContext);

    public Task ValidateRequestAsync(HttpContext httpContext) => inner.ValidateRequestAsync(httpContext);

    public void SetCookieTokenAndHeader(HttpContext httpContext) => inner.SetCookieTokenAndHeader(httpContext);

    /// <summary>Wraps the registered <see cref="IAntiforgery"/> (call after <c>AddAntiforgery</c>).</summary>
    public static void Decorate(IServiceCollection services)
    {
        var registered = services.Last(d => d.ServiceType == typeof(IAntiforgery));
        services.Remove(registered);
        services.Add(ServiceDescriptor.Describe(typeof(IAntiforgery), sp => new PublicPageAntiforgery(
            registered.ImplementationFactory?.Invoke(sp) as IAntiforgery
            ?? registered.ImplementationInstance as IAntiforgery
            ?? (IAntiforgery)ActivatorUtilities.CreateInstance(sp, registered.ImplementationType!)), registered.Lifetime));
    }
}
