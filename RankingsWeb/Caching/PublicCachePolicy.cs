using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using RankingsWeb.Data;
using RankingsWeb.Data.Telemetry;

namespace RankingsWeb.Caching;

/// <summary>
/// Output caching and HTTP caching of the public surfaces (<see cref="PublicPaths"/>), for anonymous GET and HEAD
/// requests only, and of pages only those that render statically (<see cref="PublicPaths.IsSharedPage"/>). The key is the method, scheme, host, path (case-sensitive: a page may echo the case of its route
/// values), the query in a canonical order (<see cref="CanonicalQuery"/>), the versions (<see cref="PublicVersions"/>)
/// and, for pages, whether the request is an enhanced navigation: Blazor answers those without the persisted
/// state and with streaming framing of its own, so the two are stored apart, tagged apart (ETag) and marked
/// <c>Vary: Accept</c>. Only 200 answers are stored, never one that sets a cookie or that the page marked
/// <c>no-store</c> (a rendered antiforgery token does), never one for a signed-in user.
/// </summary>
/// <remarks>
/// <para>Cache-Control. Anonymous answers: <c>public, no-cache</c>. A CDN or browser may store them but must revalidate
/// each time; a revalidation is answered 304 from this cache without rendering. A <c>max-age</c> would let a CDN show
/// an app for that long after its unlisting, which the contract forbids. Signed-in answers: <c>private, no-store</c>:
/// their pages carry the user's name and links, and no shared cache may hold them.</para>
/// <para>ETag: weak (<c>W/</c>), as two renders of one generation are equal in meaning, not byte for byte (the
/// citation's retrieval time). Made of the build (<see cref="BuildStamp"/>), the data and listing versions and the
/// navigation kind, so it changes whenever the answer may.</para>
/// <para><c>Rankings:PublicCacheSeconds</c> = 0 turns the server's cache and the ETags off; the Cache-Control headers
/// stay, as they protect signed-in pages whatever the cache does.</para>
/// </remarks>
public sealed class PublicCachePolicy(PublicVersions versions, BuildStamp build, IOptions<RankingsOptions> options, ILogger<PublicCachePolicy> logger,
    RankingsMetrics metrics)
    : IOutputCachePolicy
{
    public const string PublicNoCache = "public, no-cache";
    public const string PrivateNoStore = "private, no-store";

    /// <summary>
    /// How long an entry may live. The versions decide freshness; this bounds only what they cannot see (the
    /// retrieval time in download citations, "today" on an empty database) and the memory held by keys nobody asks for again.
    /// </summary>
    public static readonly TimeSpan EntryLifetime = TimeSpan.FromSeconds(60);

    private readonly bool _enabled = options.Value.PublicCacheSeconds > 0;

    async ValueTask IOutputCachePolicy.CacheRequestAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        var http = context.HttpContext;
        var surface = PublicPaths.Classify(http.Request);
        if (surface == PublicSurface.None) return;
        var headers = http.Response.Headers;
        if (IsSignedIn(http))
        {
            // At the start of the answer: the sign-out form's antiforgery token writes a Cache-Control of its own.
            http.Response.OnStarting(static state =>
            {
                ((HttpResponse)state).Headers.CacheControl = PrivateNoStore;
                return Task.CompletedTask;
            }, http.Response);
            return;
        }
        if (surface == PublicSurface.Page && !PublicPaths.IsSharedPage(http)) return;
        headers.CacheControl = PublicNoCache;
        http.Response.OnStarting(WithdrawWhereNotShareable, http);
        if (!_enabled) return;

        CacheGeneration generation;
        try
        {
            generation = await versions.CurrentAsync(cancellation);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Without versions nothing may be served from or stored in the cache; the request itself decides what to answer.
            logger.LogWarning(e, "Public cache versions unreadable; {Path} answered without the cache", http.Request.Path);
            return;
        }
        var enhanced = surface == PublicSurface.Page && IsEnhancedNavigation(http.Request);
        context.EnableOutputCaching = true;
        context.AllowCacheLookup = true;
        context.AllowCacheStorage = true;
        context.AllowLocking = true;
        context.ResponseExpirationTimeSpan = EntryLifetime;
        context.Tags.Add(generation.Tag);
        var vary = context.CacheVaryByRules;
        vary.VaryByValues["query"] = CanonicalQuery.From(http.Request.QueryString);
        vary.VaryByValues["versions"] = $"{generation.Data}.{generation.Listing}";
        if (surface == PublicSurface.Page)
        {
            vary.VaryByValues["navigation"] = enhanced ? "enhanced" : "document";
            headers.Vary = "Accept";
        }
        // Set before the answer is rendered, so the stored entry carries it and a matching If-None-Match is answered from the entry.
        headers.ETag = $"W/\"{build.Value}.{generation.Data}.{generation.Listing}{(enhanced ? ".e" : "")}\"";
    }

    /// <summary>Called for every answer taken from the cache, a 304 to a matching If-None-Match included: a hit.</summary>
    ValueTask IOutputCachePolicy.ServeFromCacheAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        metrics.PublicCacheHit(page: PublicPaths.Classify(context.HttpContext.Request) == PublicSurface.Page);
        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// Called only for a request this policy let the cache look up (caching on, anonymous) that was then rendered: a miss.
    /// </summary>
    ValueTask IOutputCachePolicy.ServeResponseAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        var http = context.HttpContext;
        if (context.AllowCacheLookup) metrics.PublicCacheMiss(page: PublicPaths.Classify(http.Request) == PublicSurface.Page);
        var response = http.Response;
        if (response.StatusCode != StatusCodes.Status200OK || !StringValues.IsNullOrEmpty(response.Headers.SetCookie) || IsSignedIn(http)
            || response.Headers.CacheControl.Any(v => v?.Contains("no-store", StringComparison.OrdinalIgnoreCase) == true))
        {
            context.AllowCacheStorage = false;
        }
        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// At the last moment before the headers go out: an answer that sets a cookie is private whatever the path, and
    /// only a 200 (or the 304 that confirms one) has a validator.
    /// </summary>
    private static Task WithdrawWhereNotShareable(object state)
    {
        var response = ((HttpContext)state).Response;
        if (!StringValues.IsNullOrEmpty(response.Headers.SetCookie))
        {
            response.Headers.CacheControl = PrivateNoStore;
            response.Headers.ETag = default;
        }
        else if (response.StatusCode is not (StatusCodes.Status200OK or StatusCodes.Status304NotModified))
        {
            response.Headers.ETag = default;
        }
        return Task.CompletedTask;
    }

    /// <summary>A bearer key counts too: such answers are never shared (as the framework's own default policy has it).</summary>
    private static bool IsSignedIn(HttpContext http) =>
        http.User.Identity?.IsAuthenticated == true || !StringValues.IsNullOrEmpty(http.Request.Headers.Authorization);

    /// <summary>Blazor's enhanced navigation fetches pages with <c>Accept: text/html; blazor-enhanced-nav=on</c>.</summary>
    internal static bool IsEnhancedNavigation(HttpRequest request) =>
        request.Headers.Accept.Any(v => v?.Contains("blazor-enhanced-nav", StringComparison.OrdinalIgnoreCase) == true);
}
