using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using RankingsWeb.Api;
using RankingsWeb.Auth;
using RankingsWeb.Caching;
using RankingsWeb.Data;
using RankingsWeb.Data.Configuration;

namespace RankingsWeb.Security;

/// <summary>
/// The global rate limit (<see cref="RateLimitOptions"/>): public pages and the read API per client address (the
/// connection's address, which the forwarded headers middleware has already replaced with the visitor's behind a
/// trusted proxy), ingestion per ingest key. Signed-in analysts and admins, static files, health probes, account and
/// analyst pages are not limited (sign-in has its own throttle, <see cref="SignInThrottle"/>). A refused request
/// answers 429 with <c>Retry-After</c>: problem details on the API, a short page elsewhere.
/// </summary>
public static class RateLimits
{
    public static IServiceCollection AddRankingsRateLimits(this IServiceCollection services)
    {
        services.AddValidatedOptions<RateLimitOptions>(RateLimitOptions.Section, "RateLimits");
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<RateLimitOptions>, IOptions<RankingsOptions>>((o, limits, rankings) =>
        {
            var l = limits.Value;
            var ingestKey = rankings.Value.IngestApiKey;
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http => Partition(http, l, ingestKey));
            o.OnRejected = RejectAsync;
        });
        return services;
    }

    internal static RateLimitPartition<string> Partition(HttpContext http, RateLimitOptions limits, string ingestKey)
    {
        var request = http.Request;
        if (request.Path.Equals("/api/v1/usage", StringComparison.OrdinalIgnoreCase) && HttpMethods.IsPost(request.Method))
        {
            // The configured key's own bucket; anything else (missing or wrong keys, answered 401) by address, so
            // guessing keys does not spend the real sender's allowance. The key itself is never a partition name.
            var key = ApiKeys.Check(request, ingestKey) == KeyCheck.Ok
                ? "ingest-key:" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(ingestKey)), 0, 8)
                : "ingest-address:" + SignInThrottle.ClientKey(http.Connection.RemoteIpAddress);
            return Bucket(key, limits.IngestPermitsPerMinute, limits.IngestBurst);
        }
        if (!IsPublicRead(request) || IsAnalyst(http)) return RateLimitPartition.GetNoLimiter("");
        return Bucket("address:" + SignInThrottle.ClientKey(http.Connection.RemoteIpAddress), limits.PermitsPerMinute, limits.Burst);
    }

    /// <summary>The public pages and read API (the output cache's surfaces), status, and the API description and reference.</summary>
    private static bool IsPublicRead(HttpRequest request)
    {
        if (PublicPaths.Classify(request) != PublicSurface.None) return true;
        if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method)) return false;
        var path = request.Path;
        return path.StartsWithSegments("/api/v1/status") || path.StartsWithSegments("/openapi") || path.Equals("/api", StringComparison.OrdinalIgnoreCase);
    }

    private static bool IsAnalyst(HttpContext http) =>
        http.User.Identity?.IsAuthenticated == true && (http.User.IsInRole(Roles.Analyst) || http.User.IsInRole(Roles.Admin));

    private static RateLimitPartition<string> Bucket(string key, int perMinute, int burst)
    {
        if (perMinute <= 0 || burst <= 0) return RateLimitPartition.GetNoLimiter("");
        // Whole tokens per period: at 60 a minute or more, a second's worth each second; below, one token per 60/n s.
        var (period, tokens) = perMinute >= 60
            ? (TimeSpan.FromSeconds(1), (int)Math.Ceiling(perMinute / 60.0))
            : (TimeSpan.FromSeconds(60.0 / perMinute), 1);
        return RateLimitPartition.GetTokenBucketLimiter(key, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = burst,
            TokensPerPeriod = tokens,
            ReplenishmentPeriod = period,
            QueueLimit = 0,
            AutoReplenishment = true,
        });
    }

    private static async ValueTask RejectAsync(OnRejectedContext context, CancellationToken ct)
    {
        var http = context.HttpContext;
        if (http.GetEndpoint()?.Metadata.GetMetadata<EnableRateLimitingAttribute>()?.PolicyName == SignInThrottle.Policy)
        {
            await SignInThrottle.RejectAsync(context, ct);
            return;
        }
        var seconds = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)) : 1;
        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        var message = $"too many requests from this client: wait {seconds} s (Retry-After) and try again";
        if (ApiErrors.IsApi(http) || http.Request.Path.StartsWithSegments("/openapi"))
        {
            await ApiKeys.Error(StatusCodes.Status429TooManyRequests, message).ExecuteAsync(http);
            return;
        }
        http.Response.ContentType = "text/html; charset=utf-8";
        await http.Response.WriteAsync($"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>Too many requests · RankingsWeb</title></head>
            <body><h1>Too many requests</h1>
            <p data-testid="rate-limited">Too many requests from your address. Wait {seconds} seconds, then reload the page.</p>
            </body></html>
            """, ct);
    }
}
