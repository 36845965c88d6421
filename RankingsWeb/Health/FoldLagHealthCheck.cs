using System.Globalization;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using RankingsWeb.Data;
using RankingsWeb.Data.Queries;

namespace RankingsWeb.Health;

/// <summary>
/// How long the oldest accepted record has waited for the fold. Above <c>Rankings:MaxFoldLagSeconds</c> the node is
/// Degraded, not Unhealthy: it still serves correct (if late) rankings, and taking it out of a load balancer would
/// not make the fold catch up.
/// </summary>
public sealed class FoldLagHealthCheck(StatusQueries status, IOptions<RankingsOptions> options, TimeProvider clock, ILogger<FoldLagHealthCheck> logger) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        try
        {
            var oldest = await status.OldestPendingAsync(ct);
            if (oldest is null) return HealthCheckResult.Healthy("no records wait for the fold");
            var lag = clock.GetUtcNow() - oldest.Value;
            var max = options.Value.MaxFoldLagSeconds;
            var data = new Dictionary<string, object> { ["lag_seconds"] = Math.Round(Math.Max(0, lag.TotalSeconds), 1) };
            var seconds = Math.Max(0, lag.TotalSeconds).ToString("0", CultureInfo.InvariantCulture);
            return lag.TotalSeconds > max
                ? HealthCheckResult.Degraded($"the oldest record not yet in the rankings arrived {seconds} s ago (Rankings:MaxFoldLagSeconds is {max})", data: data)
                : HealthCheckResult.Healthy($"the oldest record not yet in the rankings arrived {seconds} s ago", data: data);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            // The database check reports the cause; this one only says it could not measure.
            logger.LogDebug(e, "Readiness: fold lag not measured");
            return HealthCheckResult.Unhealthy($"fold lag could not be measured ({e.GetType().Name})");
        }
    }
}
