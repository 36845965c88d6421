using Hangfire;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using RankingsWeb.Data;
using RankingsWeb.Jobs;

namespace RankingsWeb.Health;

/// <summary>
/// On a worker node, this process's Hangfire server is announced in the job storage with a recent heartbeat: without
/// it nothing folds here. Other nodes run no server, and say so.
/// </summary>
public sealed class JobServerHealthCheck(IOptions<RankingsOptions> options, IServiceProvider services, TimeProvider clock) : IHealthCheck
{
    /// <summary>Hangfire beats every 30 s: three missed beats mean the server stopped.</summary>
    public static readonly TimeSpan MaxHeartbeatAge = TimeSpan.FromSeconds(90);

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        if (!options.Value.HasRole("worker"))
            return Task.FromResult(HealthCheckResult.Healthy("not a worker node (Rankings:NodeRoles): no job server expected"));
        var name = services.GetRequiredService<JobServerName>().Value;
        try
        {
            var server = services.GetRequiredService<JobStorage>().GetMonitoringApi().Servers()
                .FirstOrDefault(s => s.Name.StartsWith(name, StringComparison.OrdinalIgnoreCase));
            if (server is null) return Task.FromResult(HealthCheckResult.Unhealthy("this worker node's job server is not running, so nothing folds here"));
            var age = clock.GetUtcNow().UtcDateTime - (server.Heartbeat ?? server.StartedAt);
            return Task.FromResult(age > MaxHeartbeatAge
                ? HealthCheckResult.Unhealthy($"this worker node's job server last beat {age.TotalSeconds:0} s ago")
                : HealthCheckResult.Healthy($"the job server runs with {server.WorkersCount} workers"));
        }
        catch (Exception e)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy($"the job storage did not answer ({e.GetType().Name})"));
        }
    }
}
