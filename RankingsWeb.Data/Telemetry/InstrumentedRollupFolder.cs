using System.Diagnostics;
using RankingsWeb.Data.Aggregation;

namespace RankingsWeb.Data.Telemetry;

/// <summary>
/// Wraps the provider's fold so every run (Hangfire's, an import's, the demo seeder's) is counted, timed and traced
/// in one place, whichever provider folds.
/// </summary>
public sealed class InstrumentedRollupFolder(IRollupFolder inner, RankingsMetrics metrics) : IRollupFolder
{
    public async Task<FoldResult> FoldAsync(CancellationToken ct)
    {
        using var activity = RankingsActivities.Source.StartActivity("fold");
        try
        {
            var result = await inner.FoldAsync(ct);
            metrics.FoldRan(result.RecordsFolded, result.Elapsed);
            activity?.SetTag(RankingsActivities.Folded, result.RecordsFolded);
            activity?.SetTag("rankings.fold.transactions", result.Transactions);
            activity?.SetTag("rankings.fold.high_water_seq", result.HighWaterSeq);
            return result;
        }
        catch (Exception e)
        {
            activity?.SetStatus(ActivityStatusCode.Error, e.GetType().Name);
            throw;
        }
    }
}
