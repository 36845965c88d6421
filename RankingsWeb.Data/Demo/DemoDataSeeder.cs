using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RankingsWeb.Data.Aggregation;
using RankingsWeb.Data.Ingestion;
using RankingsWeb.Data.Queries;

namespace RankingsWeb.Data.Demo;

/// <summary>Fills an empty database with two years of demo traffic through the normal ingestion path.</summary>
public sealed class DemoDataSeeder(
    IOptions<RankingsOptions> options, IngestionService ingestion, IRollupFolder folder, StatusQueries status,
    TimeProvider clock, ILogger<DemoDataSeeder> logger)
{
    /// <summary>The batches' source: how <see cref="DemoDataQueries"/> tells demo traffic from real traffic.</summary>
    public const string Source = "demo-data";

    public async Task<bool> SeedIfEmptyAsync(CancellationToken ct = default)
    {
        var o = options.Value;
        if (!o.SeedDemoData) return false;
        if ((await status.GetAsync(ct)).Records > 0) return false;

        var sw = Stopwatch.StartNew();
        var now = clock.GetUtcNow().UtcDateTime;
        var endDay = Days.FromDate(DateOnly.FromDateTime(now));
        var generator = new DemoDataGenerator(endDay, Math.Max(0.05, now.TimeOfDay.TotalDays), o.DemoDays, o.DemoRecords);
        long accepted = 0, rejected = 0;
        string? firstReason = null;
        foreach (var chunk in generator.NdjsonChunks())
        {
            using var stream = new MemoryStream(chunk, writable: false);
            var r = await ingestion.IngestAsync(stream, IngestReader.Format.Ndjson, Source, ct);
            accepted += r.Accepted;
            rejected += r.Rejected.Count;
            firstReason ??= r.Rejected.FirstOrDefault()?.Error;
        }
        // The generator's records are valid by construction: a rejection means generator and parser disagree on the rules.
        if (rejected > 0)
            logger.LogWarning("{Rejected:N0} demo records were rejected, the first because: {Reason}", rejected, firstReason);
        var fold = await folder.FoldAsync(ct);
        logger.LogInformation("Seeded {Records:N0} demo records over {Days} days in {Seconds:F1} s (fold {FoldSeconds:F1} s)",
            accepted, o.DemoDays, sw.Elapsed.TotalSeconds, fold.Elapsed.TotalSeconds);
        return true;
    }
}
