using Microsoft.Extensions.DependencyInjection;
using RankingsWeb.Data;
using RankingsWeb.Data.Aggregation;
using RankingsWeb.Data.Queries;
using RankingsWeb.Data.Retention;
using RankingsWeb.Tests.TestInfrastructure;

namespace RankingsWeb.Tests.Data.Retention;

/// <summary>PostgreSQL re-fold (RawRetentionDays 12): it rebuilds every rollup row of the range exactly, also while ingestion and folds go on, and refuses what it cannot rebuild.</summary>
public class PostgresRefoldTests
{
    private static readonly DateOnly Day0 = new(2026, 11, 20);

    private static async Task<(TestDatabase Db, SettableClock Clock)> CreateAsync()
    {
        var clock = new SettableClock(new DateTimeOffset(Day0.ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero));
        var db = await TestDatabase.CreateAsync(s =>
        {
            s.AddSingleton<TimeProvider>(clock);
            s.Configure<RankingsOptions>(o => { o.RawRetentionDays = 12; o.DedupDays = 12; });
        });
        return (db, clock);
    }

    private static long TokensOfDays(IEnumerable<TestRecord> records, int from, int to) =>
        records.Where(r => Days.FromDate(DateOnly.FromDateTime(r.CreatedAt.UtcDateTime)) is var d && d >= from && d <= to).Sum(r => r.Tokens);

    private static async Task<long> RolledUpTokensAsync(TestDatabase db, int from, int to) =>
        await PostgresReads.ScalarAsync(db, $"SELECT COALESCE(SUM(tokens_prompt + tokens_completion), 0) FROM rollups WHERE day >= {from} AND day <= {to}");

    [PostgresFact]
    public async Task Refold_OfARange_EqualsTheFoldedRollupsExactly()
    {
        var (db, _) = await CreateAsync();
        await using var __ = db;
        var records = new List<TestRecord>();
        for (var b = 0; b < 4; b++) records.AddRange(await db.IngestGeneratedAsync(400, Day0, seed: 60 + b));
        await db.FoldPendingAsync();
        var (from, to) = (Days.FromDate(Day0) - 2, Days.FromDate(Day0));
        var before = await PostgresReads.RollupRowsAsync(db, Days.MinDay, Days.MaxDay);

        // Break the range's rollups (as a wrong derivation rule would), then rebuild them.
        await SchemaSteps.ExecuteAsync(db, $"UPDATE rollups SET tokens_prompt = tokens_prompt * 2 WHERE day >= {from}; DELETE FROM dimension_rollups WHERE day = {to}; DELETE FROM app_attribution WHERE day = {from}");
        var result = await db.Get<IRefolder>().RefoldAsync(from, to, CancellationToken.None);
        Assert.Equal(records.Count(r => Days.FromDate(DateOnly.FromDateTime(r.CreatedAt.UtcDateTime)) is var d && d >= from && d <= to), result.Records);
        Assert.Equal(before, await PostgresReads.RollupRowsAsync(db, Days.MinDay, Days.MaxDay));
        // Idempotent.
        await db.Get<IRefolder>().RefoldAsync(from, to, CancellationToken.None);
        Assert.Equal(before, await PostgresReads.RollupRowsAsync(db, Days.MinDay, Days.MaxDay));
    }

    [PostgresFact]
    public async Task Refold_WhileIngestingAndFolding_IsExact()
    {
        var (db, _) = await CreateAsync();
        await using var __ = db;
        var records = new List<TestRecord>();
        for (var b = 0; b < 3; b++) records.AddRange(await db.IngestGeneratedAsync(300, Day0, seed: 70 + b));
        await db.FoldPendingAsync();
        var (from, to) = (Days.FromDate(Day0) - 3, Days.FromDate(Day0));

        // Another task ingests records of the same days while folds run and the range is re-folded over and over.
        var ingest = Task.Run(async () =>
        {
            var more = new List<TestRecord>();
            for (var b = 0; b < 6; b++) more.AddRange(await db.IngestGeneratedAsync(250, Day0, seed: 80 + b));
            return more;
        });
        var fold = Task.Run(async () => { while (!ingest.IsCompleted) await db.Get<IRollupFolder>().FoldAsync(CancellationToken.None); });
        var refolds = 0;
        while (!ingest.IsCompleted || refolds == 0)
        {
            await db.Get<IRefolder>().RefoldAsync(from, to, CancellationToken.None);
            refolds++;
        }
        records.AddRange(await ingest);
        await fold;
        await db.FoldPendingAsync();

        Assert.Equal(TokensOfDays(records, from, to), await RolledUpTokensAsync(db, from, to));
        Assert.Equal(TokensOfDays(records, Days.MinDay, Days.MaxDay), await RolledUpTokensAsync(db, Days.MinDay, Days.MaxDay));
        var after = await PostgresReads.RollupRowsAsync(db, Days.MinDay, Days.MaxDay);
        // The same rows a re-fold at rest builds from the raw records: the cube, the per-dimension rows and attribution.
        await db.Get<IRefolder>().RefoldAsync(Days.FromDate(Day0) - 9, to, CancellationToken.None);
        Assert.Equal(after, await PostgresReads.RollupRowsAsync(db, Days.MinDay, Days.MaxDay));
        Assert.Equal(records.Count, (await db.Get<StatusQueries>().GetAsync()).Records);
    }

    [PostgresFact]
    public async Task Refold_OfAnExpiredRange_IsRefusedWithTheReason_AndChangesNothing()
    {
        var (db, clock) = await CreateAsync();
        await using var __ = db;
        await db.IngestGeneratedAsync(200, Day0, seed: 90);
        await db.FoldPendingAsync();
        clock.AddDays(20);
        await db.Get<IRawRetention>().RunAsync(CancellationToken.None);
        var before = await PostgresReads.RollupRowsAsync(db, Days.MinDay, Days.MaxDay);

        var e = await Assert.ThrowsAsync<RefoldRangeException>(() => db.Get<IRefolder>().RefoldAsync(Days.FromDate(Day0) - 1, Days.FromDate(Day0), CancellationToken.None));
        Assert.Contains("Cannot re-fold from 2026-11-19", e.Message);
        Assert.Contains("Rankings:RawRetentionDays", e.Message);
        Assert.Equal(before, await PostgresReads.RollupRowsAsync(db, Days.MinDay, Days.MaxDay));
        Assert.NotEmpty(before);
    }
}
