using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace RankingsWeb.Auth;

/// <summary>
/// Limits sign-in attempts per client address (<see cref="AccountSecurityOptions.SignInAttemptsPerMinute"/>): the
/// defence against password guessing, in place of account lockout, which would let a guesser lock the admin out.
/// </summary>
public static class SignInThrottle
{
    /// <summary>The rate limiter policy on the sign-in page (<c>[EnableRateLimiting]</c>).</summary>
    public const string Policy = "sign-in";

    public static IServiceCollection AddSignInThrottle(this IServiceCollection services) => services.AddRateLimiter(o =>
    {
        o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
        o.OnRejected = RejectAsync;
        o.AddPolicy(Policy, Partition);
    });

    private static RateLimitPartition<string> Partition(HttpContext http)
    {
        // Showing the form costs nothing; every posted attempt counts, right or wrong.
        if (!HttpMethods.IsPost(http.Request.Method)) return RateLimitPartition.GetNoLimiter("");
        var permits = http.RequestServices.GetRequiredService<IOptions<AccountSecurityOptions>>().Value.SignInAttemptsPerMinute;
        return RateLimitPartition.GetFixedWindowLimiter(ClientKey(http.Connection.RemoteIpAddress), _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = Math.Max(1, permits),
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
        });
    }

    /// <summary>The address an attempt counts against: IPv4 as is, IPv6 by its /64 (one subscriber usually holds a whole /64).</summary>
    public static string ClientKey(IPAddress? address)
    {
        if (address is null) return "unknown";
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (address.AddressFamily != AddressFamily.InterNetworkV6) return address.ToString();
        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }

    /// <summary>The sign-in page's own answer; <see cref="Security.RateLimits"/> routes sign-in rejections here.</summary>
    internal static async ValueTask RejectAsync(OnRejectedContext context, CancellationToken cancellationToken)
    {
        var seconds = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)) : 60;
        context.HttpContext.RequestServices.GetRequiredService<RankingsWeb.Data.Telemetry.RankingsMetrics>().SignInFailed(throttled: true);
        var response = context.HttpContext.Response;
        response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        response.ContentType = "text/html; charset=utf-8";
        await response.WriteAsync($"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>Too many sign-in attempts · RankingsWeb</title></head>
            <body><h1>Too many sign-in attempts</h1>
            <p data-testid="sign-in-throttled">Too many sign-in attempts from your address. Wait {seconds} seconds, then <a href="/account/login">try again</a>.</p>
            </body></html>
            """, cancellationToken);
    }
}
