using RankingsWeb.Tests.Data.Retention;
using RankingsWeb.Tests.TestInfrastructure;

namespace RankingsWeb.Tests.Data.Migrations;

/// <summary>
/// Every text column of the app's tables, the raw partitions included, compares as bytes (<c>COLLATE "C"</c>), as
/// SQLite's do: keys and ids are identifiers, and a database created with a language's collation compared them by the
/// C library's locale rules in every index probe, sort and group (7 µs of PostgreSQL CPU per ingested record).
/// </summary>
public class PostgresCollationTests
{
    [PostgresFact]
    public async Task EveryTextColumn_ComparesAsBytes()
    {
        await using var db = await TestDatabase.CreateAsync();
        await db.IngestAsync(RecordMaker.Make(20, new DateOnly(2026, 11, 20), 3, seed: 7)); // partitions made for today
        var columns = await PostgresReads.RowsAsync(db, """
            SELECT c.relname || '.' || a.attname, COALESCE(coll.collname, '')
            FROM pg_attribute a
            JOIN pg_class c ON c.oid = a.attrelid
            JOIN pg_namespace n ON n.oid = c.relnamespace
            JOIN pg_type t ON t.oid = a.atttypid
            LEFT JOIN pg_collation coll ON coll.oid = a.attcollation
            WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped
              AND t.typcategory = 'S' AND c.relname <> '__EFMigrationsHistory'
            """);
        Assert.Contains(columns, c => (string)c[0]! == "record_ids.id");
        Assert.Contains(columns, c => ((string)c[0]!).StartsWith("raw_records_2", StringComparison.Ordinal)); // a day's partition
        Assert.Contains(columns, c => (string)c[0]! == "rollups.model_key");
        Assert.Empty(columns.Where(c => (string)c[1]! != "C").Select(c => $"{c[0]} ({c[1]})"));
    }
}
