using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using RankingsWeb.Data.Telemetry;

namespace RankingsWeb.Telemetry;

/// <summary>
/// Metrics and traces through OpenTelemetry, exported by OTLP as the standard <c>OTEL_EXPORTER_OTLP_*</c> variables
/// say (endpoint, protocol, headers, per-signal endpoints). With none of them set the SDK is not added at all: nothing
/// listens, so the instruments (<see cref="RankingsMetrics"/>) and spans (<see cref="RankingsActivities"/>) stay
/// disabled and cost next to nothing. An exporter that cannot reach its collector drops the data and retries; it never
/// fails a request.
/// </summary>
public static class TelemetryExtensions
{
    public const string DefaultServiceName = "RankingsWeb";

    private const string OtlpPrefix = "OTEL_EXPORTER_OTLP_";

    public static IServiceCollection AddRankingsTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        if (!ExporterConfigured(configuration)) return services;
        // UseOtlpExporter, not one AddOtlpExporter per signal: only it reads the per-signal variables
        // (OTEL_EXPORTER_OTLP_METRICS_ENDPOINT, …). It exports logs too, at the levels the Logging settings allow.
        services.AddOpenTelemetry().AddRankingsSignals(configuration).UseOtlpExporter();
        return services;
    }

    /// <summary>What is measured and traced, and as which service; the exporter is added by the caller (tests add an in-memory one).</summary>
    public static OpenTelemetryBuilder AddRankingsSignals(this OpenTelemetryBuilder otel, IConfiguration configuration) => otel
        .ConfigureResource(r => r.AddService(ServiceName(configuration)))
        .WithMetrics(m => m
            .AddMeter(RankingsMetrics.MeterName)
            .AddAspNetCoreInstrumentation() // http.server.request.duration and the rest of ASP.NET Core's own meters
            .AddMeter("System.Runtime")) // the runtime's own meter (GC, thread pool, exceptions) since .NET 9
        .WithTracing(t => t
            .AddSource(RankingsActivities.SourceName)
            // A load balancer probes these every few seconds: their spans would bury the ones worth reading.
            .AddAspNetCoreInstrumentation(o => o.Filter = http => !IsProbe(http.Request.Path)));

    /// <summary>Any <c>OTEL_EXPORTER_OTLP_*</c> variable with a value turns the exporter on.</summary>
    public static bool ExporterConfigured(IConfiguration configuration) =>
        configuration.GetChildren().Any(c => c.Key.StartsWith(OtlpPrefix, StringComparison.OrdinalIgnoreCase) && !string.IsNullOrWhiteSpace(c.Value));

    /// <summary><c>OTEL_SERVICE_NAME</c> when set, else RankingsWeb.</summary>
    public static string ServiceName(IConfiguration configuration) =>
        configuration["OTEL_SERVICE_NAME"] is { Length: > 0 } name && !string.IsNullOrWhiteSpace(name) ? name : DefaultServiceName;

    private static bool IsProbe(PathString path) =>
        path.StartsWithSegments("/healthz", StringComparison.OrdinalIgnoreCase) || path.StartsWithSegments("/readyz", StringComparison.OrdinalIgnoreCase);
}
