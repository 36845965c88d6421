using Hangfire;
using RankingsWeb.Data.Aggregation;

namespace RankingsWeb.Jobs;

/// <summary>Hangfire adapter for the fold. Reentrant: the fold itself is exactly-once, the attribute only avoids waiting on locks.</summary>
public sealed class FoldJob(IRollupFolder folder, ILogger<FoldJob> logger)
{
    public const string RecurringId = "fold-rollups";

    [DisableConcurrentExecution(timeoutInSeconds: 300)]
    [AutomaticRetry(Attempts = 5, DelaysInSeconds = [1, 2, 5, 10, 30])]
    public async Task RunAsync(CancellationToken ct)
    {
        var result = await folder.FoldAsync(ct);
        if (result.RecordsFolded > 0)
            logger.LogInformation("Folded {Records} records in {Ms} ms (mark {Mark})", result.RecordsFolded,
                (long)result.Elapsed.TotalMilliseconds, result.HighWaterSeq);
    }
}
