using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using RankingsWeb.Data;
using RankingsWeb.Data.Aggregation;
using RankingsWeb.Data.Queries;
using RankingsWeb.Data.Retention;
using RankingsWeb.Data.Sqlite;
using RankingsWeb.Tests.TestInfrastructure;

namespace RankingsWeb.Tests.Data.Migrations;

/// <summary>
/// Migration RetiredIds (SQLite only): a database written at the migration before it, with records stored and folded,
/// upgrades; retention then drops the old block, keeps its ids in the new table, and a resend is still a duplicate.
/// </summary>
public class RetiredIdsUpgradeTests
{
    [SqliteFact]
    public async Task DatabaseBeforeRetiredIds_Upgrades_RetentionKeepsTheIdsOfDroppedBlocks()
    {
        var day0 = Days.FromDate(new DateOnly(2026, 11, 1));
        var clock = new TestClock(new DateTimeOffset(Days.ToDate(day0).ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero));
        await using var db = await TestDatabase.CreateAsync(s =>
        {
            s.AddSingleton<TimeProvider>(clock);
            s.Configure<RankingsOptions>(o => (o.RawRetentionDays, o.DedupDays) = (3, 5));
        }, migrate: false);
        var migration = SchemaSteps.All(db).Single(m => m.EndsWith("_RetiredIds", StringComparison.Ordinal));
        await SchemaSteps.MigrateToAsync(db, SchemaSteps.Before(db, migration));
        // Written by the previous build's code paths: ingest and fold touch no table the migration adds.
        var records = RecordMaker.Make(30, Days.ToDate(day0), 2, seed: 5);
        Assert.Equal(30, (await db.IngestAsync(records)).Accepted);
        await db.Get<IRollupFolder>().FoldAsync(CancellationToken.None);

        await db.Services.MigrateRankingsDatabaseAsync();
        Assert.Equal(SchemaSteps.All(db), await SchemaSteps.AppliedAsync(db));

        clock.Now = clock.Now.AddDays(4);
        var retention = new SqliteRawRetention(db.Get<SqliteDatabase>(), db.Get<RetentionPolicy>(), NullLogger<SqliteRawRetention>.Instance);
        var result = await retention.RunAsync(CancellationToken.None);
        Assert.Equal((1, 30L, 0L), (result.UnitsDropped, result.RawRecordsDropped, result.IdsDropped));
        Assert.Equal((0, 30), ((await db.IngestAsync(records)).Accepted, (await db.IngestAsync(records)).Duplicates));
        Assert.Equal(30, (await db.Get<StatusQueries>().GetAsync()).Records);
    }
}
