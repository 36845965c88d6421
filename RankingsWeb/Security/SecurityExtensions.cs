using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace RankingsWeb.Security;

/// <summary>
/// Transport security and the headers, in pipeline order. Behind a reverse proxy that terminates TLS, the app sees
/// plain HTTP from the proxy; the proxy's X-Forwarded-Proto and X-Forwarded-For are believed only from the proxies
/// and networks configured (ASP.NET's default: loopback only), so the request becomes https and the sign-in cookie is
/// Secure, and the client address is the visitor's.
/// </summary>
public static class SecurityExtensions
{
    public const string KnownProxiesKey = "Rankings:ForwardedHeaders:KnownProxies";
    public const string KnownNetworksKey = "Rankings:ForwardedHeaders:KnownNetworks";

    public static IServiceCollection AddRankingsSecurity(this IServiceCollection services)
    {
        services.AddOptions<ForwardedHeadersOptions>().Configure<IConfiguration>((o, config) =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            var proxies = List(config.GetSection(KnownProxiesKey));
            var networks = List(config.GetSection(KnownNetworksKey));
            // Configured lists replace the default, so a deployment can also stop trusting loopback.
            if (proxies.Count + networks.Count == 0) return;
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            foreach (var p in proxies)
                o.KnownProxies.Add(IPAddress.TryParse(p, out var ip) ? ip : throw new InvalidOperationException($"{KnownProxiesKey}: '{p}' is not an IP address."));
            foreach (var n in networks)
                o.KnownIPNetworks.Add(System.Net.IPNetwork.TryParse(n, out var net) ? net : throw new InvalidOperationException($"{KnownNetworksKey}: '{n}' is not a network in CIDR notation (10.0.0.0/8)."));
        });
        // Blazor's form antiforgery cookie is not Secure by default, even over HTTPS.
        services.AddAntiforgery(o => o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest);
        return services;
    }

    /// <summary>First in the pipeline: everything after it sees the scheme and client address the proxy saw.</summary>
    public static WebApplication UseRankingsSecurity(this WebApplication app)
    {
        app.UseForwardedHeaders();
        app.UseSecurityHeaders();
        if (!app.Environment.IsDevelopment())
        {
            // Both act only on what is or can be https: HSTS is sent on https answers only, and the redirection does
            // nothing when no https port is known (a plain-HTTP run, or a proxy without HTTPS_PORT set).
            app.UseHsts();
            app.UseHttpsRedirection();
        }
        return app;
    }

    /// <summary>A list as JSON array / indexed keys, or as one comma-separated value (handy in one environment variable).</summary>
    private static List<string> List(IConfigurationSection section) =>
        (section.Value is { } one ? one.Split(',') : section.Get<string[]>() ?? [])
        .Select(s => s.Trim()).Where(s => s.Length > 0).ToList();
}
