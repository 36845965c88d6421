using RankingsWeb.Data;
using RankingsWeb.Data.Queries;
using RankingsWeb.Tests.Data.Retention;
using RankingsWeb.Tests.TestInfrastructure;

namespace RankingsWeb.Tests.Data.Migrations;

/// <summary>
/// Every text column of the app's tables, the raw partitions included, compares as bytes (<c>COLLATE "C"</c>), as
/// SQLite's do: keys and ids are identifiers, and a database created with a language's collation compared them by the
/// C library's locale rules in every index probe, sort and group (7 µs of PostgreSQL CPU per ingested record).
/// Migration BinaryCollation brings a live database there with its partitions, rows and duplicates intact.
/// </summary>
public class PostgresCollationTests
{
    private static readonly DateOnly Date = new(2026, 11, 20);

    /// <summary>Each text column of a table (partitions too) and its collation's name.</summary>
    private static Task<List<object?[]>> TextColumnsAsync(TestDatabase db) => PostgresReads.RowsAsync(db, """
        SELECT c.relname || '.' || a.attname, COALESCE(coll.collname, '')
        FROM pg_attribute a
        JOIN pg_class c ON c.oid = a.attrelid
        JOIN pg_namespace n ON n.oid = c.relnamespace
        JOIN pg_type t ON t.oid = a.atttypid
        LEFT JOIN pg_collation coll ON coll.oid = a.attcollation
        WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped
          AND t.typcategory = 'S' AND c.relname <> '__EFMigrationsHistory'
        """);

    private static void AssertAllBinary(List<object?[]> columns)
    {
        Assert.Contains(columns, c => (string)c[0]! == "record_ids.id");
        Assert.Contains(columns, c => ((string)c[0]!).StartsWith("raw_records_2", StringComparison.Ordinal)); // a day's partition
        Assert.Contains(columns, c => (string)c[0]! == "rollups.model_key");
        Assert.Empty(columns.Where(c => (string)c[1]! != "C").Select(c => $"{c[0]} ({c[1]})"));
    }

    [PostgresFact]
    public async Task EveryTextColumn_ComparesAsBytes()
    {
        await using var db = await TestDatabase.CreateAsync();
        await db.IngestAsync(RecordMaker.Make(20, Date, 3, seed: 7)); // partitions made for today
        AssertAllBinary(await TextColumnsAsync(db));
    }

    [PostgresFact]
    public async Task DatabaseWithRecords_Upgrades_SameTotals_OldIdsStillDuplicates()
    {
        await using var db = await TestDatabase.CreateAsync(migrate: false);
        var migration = SchemaSteps.All(db).Single(m => m.EndsWith("_BinaryCollation", StringComparison.Ordinal));
        await SchemaSteps.MigrateToAsync(db, SchemaSteps.Before(db, migration));
        var records = RecordMaker.Make(300, Date, 5, seed: 11);
        Assert.Equal(300, (await db.IngestAsync(records)).Accepted);
        await db.FoldPendingAsync();
        var window = new DayWindow(Days.FromDate(Date) - 10, Days.FromDate(Date) + 1);
        var before = await db.Get<RankingsQueries>().RankingsAsync(Dimension.Apps, window, Filters.None, 100);
        Assert.Contains(await TextColumnsAsync(db), c => (string)c[1]! != "C");

        await db.Services.MigrateRankingsDatabaseAsync();
        Assert.Equal(SchemaSteps.All(db), await SchemaSteps.AppliedAsync(db));
        AssertAllBinary(await TextColumnsAsync(db));
        var after = await db.Get<RankingsQueries>().RankingsAsync(Dimension.Apps, window, Filters.None, 100);
        Assert.Equal(before.TotalTokens, after.TotalTokens);
        Assert.Equal(before.Items.Select(i => (i.Key, i.Tokens, i.Requests)), after.Items.Select(i => (i.Key, i.Tokens, i.Requests)));

        // The ids stored before the upgrade still make a resend a duplicate; new records are stored and folded once.
        var resend = await db.IngestAsync([.. records.Take(50), .. RecordMaker.Make(40, Date, 2, seed: 12, prefix: "n")]);
        Assert.Equal((40, 50), (resend.Accepted, resend.Duplicates));
        Assert.Equal(40, await db.FoldPendingAsync());
    }
}
