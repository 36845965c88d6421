using Microsoft.Extensions.Diagnostics.HealthChecks;
using RankingsWeb.Data;

namespace RankingsWeb.Health;

/// <summary>The database answers a query on a fresh read connection (the same path every page and read takes).</summary>
public sealed class DatabaseHealthCheck(IReadConnections connections, ILogger<DatabaseHealthCheck> logger) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        try
        {
            await using var conn = await connections.OpenReadAsync(ct);
            await using var cmd = conn.CreateCommand();
            cmd.CommandText = "SELECT 1";
            await cmd.ExecuteScalarAsync(ct);
            return HealthCheckResult.Healthy("the database answers");
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            // The details (host, port, file path) go to the log only: /readyz is anonymous.
            logger.LogWarning(e, "Readiness: the database did not answer");
            return HealthCheckResult.Unhealthy($"the database did not answer ({e.GetType().Name}); the log has the details");
        }
    }
}
