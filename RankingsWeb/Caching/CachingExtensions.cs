using RankingsWeb.Data;

namespace RankingsWeb.Caching;

/// <summary>The public cache: ASP.NET Core's output cache with one base policy, <see cref="PublicCachePolicy"/>.</summary>
public static class CachingExtensions
{
    public static IServiceCollection AddRankingsCaching(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(RankingsOptions.Section).Get<RankingsOptions>() ?? new RankingsOptions();
        // Checked at registration, like Rankings:Database: a bad value stops the start, not the first request.
        if (options.PublicCacheSeconds < 0)
            throw new InvalidOperationException($"Rankings:PublicCacheSeconds must be 0 (no cache) or more (got {options.PublicCacheSeconds}).");
        if (options.PublicCacheMegabytes < 1)
            throw new InvalidOperationException($"Rankings:PublicCacheMegabytes must be 1 or more (got {options.PublicCacheMegabytes}).");
        SharedPageAntiforgery.Decorate(services);
        services.AddSingleton<BuildStamp>();
        services.AddSingleton<PublicVersions>();
        services.AddSingleton<PublicCachePolicy>();
        services.AddSingleton<DemoDataBadge>();
        services.AddOutputCache(o =>
        {
            // The store refuses entries beyond the limit (and compacts), so random query strings cannot grow it.
            o.SizeLimit = options.PublicCacheMegabytes * 1024L * 1024L;
            o.MaximumBodySize = Math.Min(o.MaximumBodySize, o.SizeLimit);
            o.UseCaseSensitivePaths = true;
            // Resolved per request from the container, so the policy can use services that need the store this builds.
            o.AddBasePolicy(b => b.AddPolicy<PublicCachePolicy>(), excludeDefaultPolicy: true);
        });
        return services;
    }

    /// <summary>After authentication, so the policy knows who is signed in.</summary>
    public static IApplicationBuilder UseRankingsCaching(this IApplicationBuilder app)
    {
        app.Use(KeepEnhancedNavigationHeader);
        return app.UseOutputCache();
    }

    /// <summary>
    /// The output cache replays a stored <c>blazor-enhanced-nav: allow</c> as <c>Allow</c> (its entry format keeps
    /// common header strings in a table it looks up ignoring case, and "Allow" is a header's name), and blazor.web.js
    /// compares the value case-sensitively: every enhanced navigation to a cached page fell back to a full page load,
    /// fetching the page twice. The value is set back as Blazor wrote it before the answer starts.
    /// </summary>
    private static Task KeepEnhancedNavigationHeader(HttpContext context, RequestDelegate next)
    {
        if (PublicCachePolicy.IsEnhancedNavigation(context.Request))
        {
            context.Response.OnStarting(static state =>
            {
                var headers = ((HttpResponse)state).Headers;
                if (headers.TryGetValue(EnhancedNavigationHeader, out var value) && value.Count == 1
                    && string.Equals(value[0], EnhancedNavigationAllowed, StringComparison.OrdinalIgnoreCase))
                {
                    headers[EnhancedNavigationHeader] = EnhancedNavigationAllowed;
                }
                return Task.CompletedTask;
            }, context.Response);
        }
        return next(context);
    }

    private const string EnhancedNavigationHeader = "blazor-enhanced-nav";
    private const string EnhancedNavigationAllowed = "allow";
}
