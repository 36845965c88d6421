using Microsoft.Extensions.Diagnostics.HealthChecks;
using RankingsWeb.Data;

namespace RankingsWeb.Health;

/// <summary>
/// The database's migration history matches this build's migrations. Start-up migrates, so a mismatch means another
/// node (a newer or older version) changed the schema under this one, or migrations were rolled back. The answer is
/// kept for <see cref="Memo"/>: a load balancer probing every second would otherwise read the history table as often.
/// </summary>
public sealed class SchemaHealthCheck(SchemaMigrations migrations, TimeProvider clock, ILogger<SchemaHealthCheck> logger) : IHealthCheck
{
    public static readonly TimeSpan Memo = TimeSpan.FromSeconds(5);

    private sealed record Answer(HealthCheckResult Result, DateTimeOffset At);

    /// <summary>A reference, so concurrent probes read a whole answer or none (never half of a struct being written).</summary>
    private volatile Answer? _last;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        if (_last is { } last && clock.GetUtcNow() - last.At < Memo) return last.Result;
        HealthCheckResult result;
        try
        {
            var (pending, unknown) = await migrations.CompareAsync(ct);
            result = (pending.Count, unknown.Count) switch
            {
                (0, 0) => HealthCheckResult.Healthy("the schema is current"),
                (_, > 0) => HealthCheckResult.Unhealthy($"the database has {unknown.Count} migration(s) this version does not know (a newer version wrote it): {string.Join(", ", unknown)}"),
                _ => HealthCheckResult.Unhealthy($"the schema is behind this version by {pending.Count} migration(s): {string.Join(", ", pending)}; restart a node of this version to migrate it"),
            };
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            logger.LogWarning(e, "Readiness: could not read the migration history");
            result = HealthCheckResult.Unhealthy($"could not read the migration history ({e.GetType().Name})");
        }
        _last = new Answer(result, clock.GetUtcNow());
        return result;
    }
}
