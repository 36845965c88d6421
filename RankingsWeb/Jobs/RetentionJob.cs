using Hangfire;
using RankingsWeb.Data.Retention;

namespace RankingsWeb.Jobs;

/// <summary>
/// Hangfire adapter for retention, every hour on the workers: drops what <c>Rankings:RawRetentionDays</c> and
/// <c>Rankings:DedupDays</c> no longer keep, and makes the partitions ahead. Reentrant: each store's run finishes
/// whatever a killed run left, and serializes itself against the fold and a re-fold.
/// </summary>
public sealed class RetentionJob(IRawRetention retention, ILogger<RetentionJob> logger)
{
    public const string RecurringId = "raw-retention";
    public const string Schedule = "17 * * * *"; // hourly, off the hour most other jobs in the world pick

    [AutomaticRetry(Attempts = 3, DelaysInSeconds = [30, 120, 600])]
    public async Task RunAsync(CancellationToken ct)
    {
        var result = await retention.RunAsync(ct);
        logger.LogInformation("Retention: {Result}", result.Describe());
    }
}

/// <summary>
/// Hangfire adapter for a re-fold an admin asked for on the ingestion page. Not retried: a refused range stays refused,
/// and the failed job shows the reason on the page and in the dashboard; a re-fold that failed otherwise changed
/// nothing (one transaction) and can be asked for again.
/// </summary>
public sealed class RefoldJob(IRefolder refolder, ILogger<RefoldJob> logger)
{
    [AutomaticRetry(Attempts = 0)]
    [JobDisplayName("Re-fold {0} to {1} (asked by {2})")]
    public async Task RunAsync(string from, string to, string requestedBy, CancellationToken ct)
    {
        if (!Data.Queries.Days.TryParse(from, out var fromDay) || !Data.Queries.Days.TryParse(to, out var toDay))
            throw new RefoldRangeException($"Re-fold dates are YYYY-MM-DD (got '{from}' and '{to}').");
        var result = await refolder.RefoldAsync(fromDay, toDay, ct);
        logger.LogInformation("Re-fold asked by {User}: {Result}", requestedBy, result.Describe());
    }
}
