using Microsoft.Extensions.DependencyInjection;
using RankingsWeb.Data;
using RankingsWeb.Data.Postgres;
using RankingsWeb.Data.Queries;
using RankingsWeb.Data.Retention;
using RankingsWeb.Tests.TestInfrastructure;

namespace RankingsWeb.Tests.Data.Retention;

/// <summary>
/// PostgreSQL's raw records partitioned by arrival day: where rows land, what a retention run drops and keeps, and what
/// deduplication and the fold do around it. A settable clock moves the days; RawRetentionDays 3, DedupDays 6.
/// </summary>
public class PostgresRetentionTests
{
    private static readonly DateOnly Day0 = new(2026, 11, 20);

    private static async Task<(TestDatabase Db, SettableClock Clock)> CreateAsync()
    {
        var clock = new SettableClock(new DateTimeOffset(Day0.ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero));
        var db = await TestDatabase.CreateAsync(s =>
        {
            s.AddSingleton<TimeProvider>(clock);
            s.Configure<RankingsOptions>(o => { o.RawRetentionDays = 3; o.DedupDays = 6; });
        });
        return (db, clock);
    }

    private static async Task<long> TotalTokensAsync(TestDatabase db) =>
        (await db.Get<RankingsQueries>().RankingsAsync(Dimension.Models, new DayWindow(Days.FromDate(Day0) - 400, Days.FromDate(Day0) + 400), Filters.None, 1000)).TotalTokens;

    private static Task<long> FoldAsync(TestDatabase db) => db.FoldPendingAsync();

    [PostgresFact]
    public async Task RecordsOfManyDays_LandInTheirArrivalDaysPartitions()
    {
        var (db, clock) = await CreateAsync();
        await using var _ = db;
        var expected = new Dictionary<string, long>();
        for (var d = 0; d < 5; d++)
        {
            // Each batch names ten record days; all of it lands in the partition of the day it arrived.
            var records = RecordMaker.Make(100, DateOnly.FromDateTime(clock.Now.UtcDateTime), 10, seed: 40 + d);
            Assert.Equal(100, (await db.IngestAsync(records)).Accepted);
            expected[$"raw_records_{clock.Now.UtcDateTime:yyyyMMdd}"] = 100;
            clock.AddDays(1);
        }
        var rows = await PostgresReads.RowsAsync(db, "SELECT tableoid::regclass::text, MIN(arrival_day), MAX(arrival_day), COUNT(*), COUNT(DISTINCT day) FROM raw_records GROUP BY 1 ORDER BY 1");
        Assert.Equal(expected, rows.ToDictionary(r => (string)r[0]!, r => (long)r[3]!));
        Assert.All(rows, r => Assert.Equal(r[1], r[2]));
        Assert.All(rows, r => Assert.True((long)r[4]! > 1, "a batch's records name several days"));

        // The partition catalog agrees: each raw partition is one day; the ids sit in partitions of DedupDays (6) days.
        var parts = await PostgresReads.RowsAsync(db, "SELECT c.relname, pg_get_expr(c.relpartbound, c.oid) FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'raw_records'::regclass AND c.relname = 'raw_records_20261120'");
        Assert.Equal($"FOR VALUES FROM ({Days.FromDate(Day0)}) TO ({Days.FromDate(Day0) + 1})", parts.Single()[1]);
        var ids = await PostgresReads.RowsAsync(db, "SELECT tableoid::regclass::text, COUNT(*) FROM record_ids GROUP BY 1");
        Assert.Equal(500, ids.Sum(r => (long)r[1]!));
        Assert.All(ids, r => Assert.EndsWith("_6d", (string)r[0]!));
        // Partitions are made ahead: the last arrival day plus PostgresPartitions.DaysAhead.
        var ahead = DateOnly.FromDateTime(clock.Now.UtcDateTime).AddDays(-1 + PostgresPartitions.DaysAhead);
        Assert.Equal(1, await PostgresReads.ScalarAsync(db, $"SELECT COUNT(*) FROM pg_class WHERE relname = 'raw_records_{ahead:yyyyMMdd}'"));
    }

    [PostgresFact]
    public async Task Retention_DropsOldPartitions_RollupsUnchanged_ResendIsDuplicateUntilDedupDays_LateRecordsFoldedOnce()
    {
        var (db, clock) = await CreateAsync();
        await using var _ = db;
        var first = RecordMaker.Make(300, Day0, 5, seed: 50);
        Assert.Equal(300, (await db.IngestAsync(first)).Accepted);
        Assert.Equal(300, await FoldAsync(db));
        var rollups = await PostgresReads.RollupRowsAsync(db, Days.MinDay, Days.MaxDay);
        var total = await TotalTokensAsync(db);
        Assert.Equal(first.Sum(r => r.Tokens), total);
        var retention = db.Get<IRawRetention>();

        // RawRetentionDays 3: Day0's partition goes on the run at Day0 + 4 (its whole range is before today − 3).
        clock.AddDays(3);
        Assert.Equal(0, (await retention.RunAsync(CancellationToken.None)).RawRecordsDropped);
        clock.AddDays(1);
        var run = await retention.RunAsync(CancellationToken.None);
        Assert.Equal((300L, 0L), (run.RawRecordsDropped, run.IdsDropped));
        Assert.Equal(0, await PostgresReads.ScalarAsync(db, "SELECT COUNT(*) FROM raw_records"));
        Assert.Equal(0, await PostgresReads.ScalarAsync(db, "SELECT COUNT(*) FROM pg_class WHERE relname = 'raw_records_20261120'"));
        Assert.Equal(rollups, await PostgresReads.RollupRowsAsync(db, Days.MinDay, Days.MaxDay));
        Assert.Equal(total, await TotalTokensAsync(db));
        Assert.Equal(300, (await db.Get<StatusQueries>().GetAsync()).Records);

        // A resend inside DedupDays is a duplicate, though its raw records are gone.
        var resend = await db.IngestAsync(first);
        Assert.Equal((0, 300), (resend.Accepted, resend.Duplicates));

        // Late records naming days long past retention: stored in today's partition, folded once.
        var late = RecordMaker.Make(40, Day0.AddDays(-20), 3, seed: 51, prefix: "late");
        Assert.Equal(40, (await db.IngestAsync(late)).Accepted);
        Assert.Equal(40, await FoldAsync(db));
        Assert.Equal(0, await FoldAsync(db));
        Assert.Equal(total + late.Sum(r => r.Tokens), await TotalTokensAsync(db));
        Assert.Equal((0, 40), ((await db.IngestAsync(late)).Accepted, (await db.IngestAsync(late)).Duplicates));

        // Past DedupDays (6) the ids' partition goes too, and a resend is accepted as new: the documented behaviour.
        long idsDropped = 0;
        while (idsDropped == 0)
        {
            Assert.Equal((0, 300), ((await db.IngestAsync(first)).Accepted, 300));
            clock.AddDays(1);
            idsDropped = (await retention.RunAsync(CancellationToken.None)).IdsDropped;
            Assert.True(clock.Now.UtcDateTime < Day0.AddDays(20).ToDateTime(TimeOnly.MinValue), "the ids partition was never dropped");
        }
        Assert.True(Days.Today(clock) - Days.FromDate(Day0) > 6, "ids were forgotten inside DedupDays");
        Assert.Equal(300, (await db.IngestAsync(first)).Accepted);
    }

    [PostgresFact]
    public async Task RawPartitionWithRecordsNotYetFolded_IsKept()
    {
        var (db, clock) = await CreateAsync();
        await using var _ = db;
        var records = RecordMaker.Make(50, Day0, 2, seed: 52);
        Assert.Equal(50, (await db.IngestAsync(records)).Accepted);
        clock.AddDays(10);
        var run = await db.Get<IRawRetention>().RunAsync(CancellationToken.None);
        Assert.Equal(0, run.RawRecordsDropped);
        Assert.Equal(50, await PostgresReads.ScalarAsync(db, "SELECT COUNT(*) FROM raw_records_20261120"));
        Assert.Equal(50, await FoldAsync(db));
        Assert.Equal(50, (await db.Get<IRawRetention>().RunAsync(CancellationToken.None)).RawRecordsDropped);
        Assert.Equal(records.Sum(r => r.Tokens), await TotalTokensAsync(db));
    }
}
