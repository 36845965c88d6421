using Microsoft.Data.Sqlite;
using RankingsWeb.Data.Sqlite;
using RankingsWeb.Data;
using RankingsWeb.Data.Aggregation;
using RankingsWeb.Data.Ingestion;
using RankingsWeb.Data.Queries;
using RankingsWeb.Tests.TestInfrastructure;
using static RankingsWeb.Tests.Data.Aggregation.SqliteStoreChecks;

namespace RankingsWeb.Tests.Data.Aggregation;

/// <summary>SQLite's append: records packed into blocks, each id stored once, whichever writer and statement brought it.</summary>
public class SqliteAppendTests
{
    [SqliteFact]
    public async Task Append_SeveralRowsPerStatement_StoresEachRowOnceWithItsOwnValues()
    {
        // 64 rows go in one INSERT: 150 lines make two full statements and a shorter one. Duplicates sit inside a
        // statement, across two statements and against an earlier batch.
        await using var db = await TestDatabase.CreateAsync();
        var earlier = RecordMaker.Make(5, LastDay, 3, seed: 41, prefix: "e");
        Assert.Equal(5, (await db.IngestAsync(earlier)).Accepted);
        var fresh = RecordMaker.Make(143, LastDay, 3, seed: 42);
        var batch = fresh.Take(20).Append(fresh[3]).Concat(fresh.Skip(20).Take(60)).Append(fresh[70]).Append(earlier[0])
            .Concat(fresh.Skip(80)).Concat(earlier.Skip(1)).ToList();
        Assert.Equal(150, batch.Count);
        var summary = await db.IngestAsync(batch);
        Assert.Equal(143, summary.Accepted);
        Assert.Equal(7, summary.Duplicates);

        var rows = await StoredRecordsAsync(db.ConnectionString);
        var expected = earlier.Concat(fresh).ToList();
        Assert.Equal(expected.Select(r => r.Id), rows.Select(r => r.Id)); // stored once each, in arrival order
        foreach (var (r, row) in expected.Zip(rows))
        {
            Assert.Equal(r.CreatedAt.ToUnixTimeMilliseconds(), row.At);
            Assert.Equal(Days.FromDate(DateOnly.FromDateTime(r.CreatedAt.UtcDateTime)), row.Day);
            Assert.Equal((r.Prompt, r.Completion, r.Reasoning, r.Cached), (row.P, row.C, row.R, row.K));
            Assert.Equal((long)(r.Cost * 1_000_000_000m), row.Cost);
            Assert.Equal(r.ModelKey, row.Combo.ModelKey);
            Assert.Equal((r.Provider is null ? null : KeyDerivation.ProviderKey(r.Provider)) ?? "", row.Combo.Provider);
        }
        await db.Get<IRollupFolder>().FoldAsync(CancellationToken.None);
        await AssertTotalsExactAsync(db, expected);
    }

    [SqliteFact]
    public async Task Append_TwoWritersOnOneFile_CountEachIdOnce()
    {
        // The import command is another process on the same file: it learns of the other's ids only from record_ids.
        await using var db = await TestDatabase.CreateAsync();
        var other = new SqliteDatabase(db.ConnectionString);
        var otherIngestion = new IngestionService(new SqliteUsageStore(other, TimeProvider.System, Microsoft.Extensions.Options.Options.Create(new RankingsOptions())), TimeProvider.System, []);
        var first = RecordMaker.Make(400, LastDay, 10, seed: 31);
        var second = RecordMaker.Make(400, LastDay, 10, seed: 32).Select(r => r with { Id = "b-" + r.Id }).ToList();
        Assert.Equal(400, (await db.IngestAsync(first)).Accepted);
        // The other writer sends its own 400 with 100 of the first writer's in between (and one of them twice).
        var mixed = second.Take(200).Concat(first.Skip(50).Take(100)).Append(first[60]).Concat(second.Skip(200)).ToList();
        using (var body = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(TestRecord.Ndjson(mixed))))
        {
            var summary = await otherIngestion.IngestAsync(body, IngestReader.Format.Ndjson, "import", CancellationToken.None);
            Assert.Equal((400, 101), (summary.Accepted, summary.Duplicates));
        }
        Assert.Equal(0, (await db.IngestAsync(second.Take(10))).Accepted); // and the first writer sees the other's
        other.Dispose();

        await db.Get<IRollupFolder>().FoldAsync(CancellationToken.None);
        await AssertTotalsExactAsync(db, [.. first, .. second]);
        var stored = await StoredRecordsAsync(db.ConnectionString);
        Assert.Equal(first.Concat(second).Select(r => r.Id), stored.Select(r => r.Id));
    }

    [SqliteFact]
    public async Task Append_TitleWithAnEmbeddedNul_IsRejected_TheRestIsStored()
    {
        // Contract v1.1: NUL in any string field breaks a rule, on every provider (SQLite once stored it whole).
        await using var db = await TestDatabase.CreateAsync();
        var at = new DateTimeOffset(2026, 11, 20, 1, 0, 0, TimeSpan.Zero);
        var nul = new TestRecord("nul-1", at, "a/b", 10, 5, AppTitle: "Tool\u0000Two");
        var fine = new TestRecord("nul-2", at, "a/b", 20, 5, AppTitle: "Tool Two");
        var summary = await db.IngestAsync([nul, fine]);
        Assert.Equal(1, summary.Accepted);
        Assert.Equal("app_title must not contain the character U+0000 (NUL)", Assert.Single(summary.Rejected).Error);
        await db.Get<IRollupFolder>().FoldAsync(CancellationToken.None);
        await AssertTotalsExactAsync(db, [fine]);
        Assert.Equal(["nul-2"], (await StoredRecordsAsync(db.ConnectionString)).Select(r => r.Id));
        await using var conn = new SqliteConnection(db.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = "SELECT display_name FROM apps";
        Assert.Equal("Tool Two", await cmd.ExecuteScalarAsync());
    }
}
