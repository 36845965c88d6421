using Hangfire;
using RankingsWeb.Data.Aggregation;

namespace RankingsWeb.Jobs;

/// <summary>Hangfire adapter for the fold. Reentrant: the fold itself is exactly-once, the attribute only avoids waiting on locks.</summary>
public sealed class FoldJob(IRollupFolder folder, FoldTrigger trigger, ILogger<FoldJob> logger)
{
    public const string RecurringId = "fold-rollups";

    [DisableConcurrentExecution(timeoutInSeconds: 300)]
    [AutomaticRetry(Attempts = 5, DelaysInSeconds = [1, 2, 5, 10, 30])]
    public async Task RunAsync(CancellationToken ct)
    {
        trigger.Started();
        var result = await folder.FoldAsync(ct);
        if (result.RecordsFolded > 0)
            logger.LogInformation("Folded {Records} records in {Ms} ms (mark {Mark})", result.RecordsFolded,
                (long)result.Elapsed.TotalMilliseconds, result.HighWaterSeq);
    }
}

/// <summary>
/// Enqueues one fold right after records are committed. A flag keeps a burst of ingests down to one
/// queued job; the job clears it when it starts, so records arriving during a run queue the next.
/// </summary>
public sealed class FoldTrigger(IBackgroundJobClient jobs, ILogger<FoldTrigger> logger) : Data.Ingestion.IIngestNotifier
{
    private int _queued;

    public void RecordsCommitted(int accepted)
    {
        if (Interlocked.Exchange(ref _queued, 1) == 1) return;
        try
        {
            jobs.Enqueue<FoldJob>(job => job.RunAsync(CancellationToken.None));
        }
        catch (Exception ex)
        {
            // The recurring run folds these records anyway; never fail an ingest over a missed trigger.
            Interlocked.Exchange(ref _queued, 0);
            logger.LogWarning(ex, "Could not enqueue the fold; the recurring run will pick the records up");
        }
    }

    public void Started() => Interlocked.Exchange(ref _queued, 0);
}
