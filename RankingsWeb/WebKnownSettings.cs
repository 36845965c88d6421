using RankingsWeb.Auth;
using RankingsWeb.Data;
using RankingsWeb.Data.Configuration;
using RankingsWeb.Security;

namespace RankingsWeb;

/// <summary>
/// The keys under <c>Rankings:</c> the web host reads beyond the data services' own, in one place, so a command run with
/// the site's configuration (<see cref="Cli.CliHost"/>: <c>refold</c>, <c>retention</c> beside a deployed site, with
/// its environment file) accepts them as the site does, instead of stopping on <c>Rankings:AdminEmail</c> as a typo.
/// The options classes' keys are registered again by their own <c>AddValidatedOptions</c> on the web host: a union.
/// </summary>
public static class WebKnownSettings
{
    public static IServiceCollection AddWebKnownSettings(this IServiceCollection services)
    {
        services.AddSingleton(KnownSettings.Of<AccountSecurityOptions>());
        services.AddSingleton(KnownSettings.Of<RateLimitOptions>("RateLimits"));
        // Read as loose keys by AdminBootstrapper and by the forwarded-headers set-up (SecurityExtensions).
        services.AddSingleton(KnownSettings.Of("AdminEmail", "AdminPassword"));
        services.AddSingleton(KnownSettings.Of("ForwardedHeaders:KnownProxies:*", "ForwardedHeaders:KnownNetworks:*"));
        return services;
    }
}
