using Microsoft.AspNetCore.Antiforgery;
using Microsoft.Extensions.Options;

namespace RankingsWeb.Caching;

/// <summary>
/// No antiforgery token on a static public page (<see cref="PublicPaths"/>) rendered for an anonymous visitor. Blazor
/// persists a token into every page it renders on a first load when interactive server rendering is configured,
/// static pages included, and making one sets the antiforgery cookie and <c>no-store</c>: no such page could be
/// shared. Sharing one anyway would hand that visitor's token to everyone and undo the cookie's protection for them.
/// These pages post no form for an anonymous visitor, so they need none; sign-in, signed-in visitors and every other
/// page keep theirs.
/// </summary>
public sealed class SharedPageAntiforgery(IAntiforgery inner, IOptions<AntiforgeryOptions> options) : IAntiforgery
{
    public AntiforgeryTokenSet GetAndStoreTokens(HttpContext httpContext) => IsShared(httpContext) ? None : inner.GetAndStoreTokens(httpContext);

    public AntiforgeryTokenSet GetTokens(HttpContext httpContext) => IsShared(httpContext) ? None : inner.GetTokens(httpContext);

    public Task<bool> IsRequestValidAsync(HttpContext httpContext) => inner.IsRequestValidAsync(httpContext);

    public Task ValidateRequestAsync(HttpContext httpContext) => inner.ValidateRequestAsync(httpContext);

    public void SetCookieTokenAndHeader(HttpContext httpContext) => inner.SetCookieTokenAndHeader(httpContext);

    /// <summary>No request token: Blazor then renders and persists none.</summary>
    private AntiforgeryTokenSet None => new(null, null, options.Value.FormFieldName, options.Value.HeaderName);

    private static bool IsShared(HttpContext httpContext) =>
        PublicPaths.IsSharedPage(httpContext) && httpContext.User.Identity?.IsAuthenticated != true;

    /// <summary>Wraps the registered antiforgery service (registering the framework's first if nobody has).</summary>
    public static void Decorate(IServiceCollection services)
    {
        services.AddAntiforgery();
        var registered = services.Last(d => d.ServiceType == typeof(IAntiforgery));
        services.Remove(registered);
        services.AddSingleton<IAntiforgery>(sp => new SharedPageAntiforgery(
            registered.ImplementationInstance as IAntiforgery
                ?? registered.ImplementationFactory?.Invoke(sp) as IAntiforgery
                ?? (IAntiforgery)ActivatorUtilities.CreateInstance(sp, registered.ImplementationType!),
            sp.GetRequiredService<IOptions<AntiforgeryOptions>>()));
    }
}
