using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace RankingsWeb.Health;

/// <summary>
/// <c>/healthz</c>: liveness, the process answers (no check, no database). <c>/readyz</c>: readiness, from the checks
/// tagged <see cref="Ready"/>: Healthy and Degraded answer 200 (a degraded node still serves), Unhealthy 503. Both
/// are anonymous, never cached, never rate limited, and answer JSON naming each check with its status and a short
/// description (no connection strings or paths: they are public).
/// </summary>
public static class HealthEndpoints
{
    public const string Ready = "ready";
    public const string LivenessPath = "/healthz";
    public const string ReadinessPath = "/readyz";

    /// <summary>Long enough for a slow disk, short enough that a load balancer's probe gets an answer.</summary>
    private static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(5);

    public static IServiceCollection AddRankingsHealth(this IServiceCollection services)
    {
        // Singletons: the schema check memoises its answer.
        services.AddSingleton<DatabaseHealthCheck>();
        services.AddSingleton<SchemaHealthCheck>();
        services.AddSingleton<JobServerHealthCheck>();
        services.AddSingleton<FoldLagHealthCheck>();
        services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database", HealthStatus.Unhealthy, [Ready], CheckTimeout)
            .AddCheck<SchemaHealthCheck>("schema", HealthStatus.Unhealthy, [Ready], CheckTimeout)
            .AddCheck<JobServerHealthCheck>("job_server", HealthStatus.Unhealthy, [Ready], CheckTimeout)
            .AddCheck<FoldLagHealthCheck>("fold_lag", HealthStatus.Unhealthy, [Ready], CheckTimeout);
        return services;
    }

    public static IEndpointRouteBuilder MapRankingsHealth(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks(LivenessPath, Options(_ => false)).AllowAnonymous().DisableRateLimiting().WithName("healthz");
        app.MapHealthChecks(ReadinessPath, Options(c => c.Tags.Contains(Ready))).AllowAnonymous().DisableRateLimiting().WithName("readyz");
        return app;
    }

    private static HealthCheckOptions Options(Func<HealthCheckRegistration, bool> predicate) => new()
    {
        Predicate = predicate,
        ResultStatusCodes =
        {
            [HealthStatus.Healthy] = StatusCodes.Status200OK,
            [HealthStatus.Degraded] = StatusCodes.Status200OK,
            [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable,
        },
        ResponseWriter = WriteAsync,
        AllowCachingResponses = false,
    };

    /// <summary>The answer's shape (also described in the OpenAPI document).</summary>
    public sealed record HealthReportDto(string Status, double DurationMs, IReadOnlyList<HealthCheckDto> Checks);

    public sealed record HealthCheckDto(string Name, string Status, string? Description, double DurationMs, IReadOnlyDictionary<string, object>? Data);

    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        var dto = new HealthReportDto(report.Status.ToString(), Math.Round(report.TotalDuration.TotalMilliseconds, 1),
            [.. report.Entries.Select(e => new HealthCheckDto(e.Key, e.Value.Status.ToString(),
                e.Value.Description ?? (e.Value.Exception is { } x ? $"the check failed ({x.GetType().Name})" : null),
                Math.Round(e.Value.Duration.TotalMilliseconds, 1), e.Value.Data.Count > 0 ? e.Value.Data : null))]);
        context.Response.ContentType = "application/json; charset=utf-8";
        return context.Response.WriteAsync(JsonSerializer.Serialize(dto, Json));
    }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };
}
