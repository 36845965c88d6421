using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using RankingsWeb.Data;
using RankingsWeb.Data.Sqlite;
using RankingsWeb.Data.Aggregation;
using RankingsWeb.Data.Ingestion;
using RankingsWeb.Data.Queries;
using RankingsWeb.Tests.TestInfrastructure;

namespace RankingsWeb.Tests.Data.Aggregation;

public class FoldTests
{
    private static readonly DateOnly LastDay = new(2026, 11, 20);

    private static Task<List<TestRecord>> IngestAsync(TestDatabase db, int count, int seed) => db.IngestGeneratedAsync(count, LastDay, seed);

    private static async Task AssertTotalsExactAsync(TestDatabase db, List<TestRecord> records)
    {
        var window = new DayWindow(Days.FromDate(LastDay.AddDays(-30)), Days.FromDate(LastDay.AddDays(1)));
        var answer = await db.Get<RankingsQueries>().RankingsAsync(Dimension.Models, window, Filters.None, 1000);
        Assert.Equal(records.Sum(r => r.Tokens), answer.TotalTokens);
        Assert.Equal(records.Count, answer.Items.Sum(i => i.Requests));
        foreach (var g in records.GroupBy(r => r.ModelKey))
        {
            var item = answer.Items.Single(i => i.Key == g.Key);
            Assert.Equal(g.Sum(r => r.Tokens), item.Tokens);
            Assert.Equal(g.Sum(r => r.Reasoning), item.TokensReasoning);
            Assert.Equal(g.Sum(r => r.Cached), item.TokensCached);
            Assert.Equal(g.Sum(r => r.Cost), item.Cost);
        }
        var status = await db.Get<StatusQueries>().GetAsync();
        Assert.Equal(0, status.Pending);
        Assert.Equal(records.Count, status.Records);
    }

    [Fact]
    public async Task Fold_CrashBeforeCommitThenRetry_SameTotals()
    {
        await using var db = await TestDatabase.CreateAsync();
        // 15 batches of 100: a step takes whole blocks (one per batch here) until it has 400 records.
        var records = new List<TestRecord>();
        for (var b = 0; b < 15; b++) records.AddRange(await IngestAsync(db, 100, seed: 300 + b));
        var folder = new SqliteRollupFolder(db.Get<SqliteDatabase>(), TimeProvider.System) { StepSize = 400 };

        // Crash in the middle: the second step dies after writing rollups, before its commit.
        var steps = 0;
        folder.BeforeCommit = _ =>
        {
            if (++steps == 2) throw new InvalidOperationException("killed mid-fold");
        };
        await Assert.ThrowsAsync<InvalidOperationException>(() => folder.FoldAsync(CancellationToken.None));
        var afterCrash = await db.Get<StatusQueries>().GetAsync();
        Assert.Equal(1500 - 400, afterCrash.Pending); // the first step committed, the second rolled back whole

        folder.BeforeCommit = null;
        var result = await folder.FoldAsync(CancellationToken.None);
        Assert.Equal(1100, result.RecordsFolded);
        await AssertTotalsExactAsync(db, records);

        // A rerun with nothing new changes nothing.
        Assert.Equal(0, (await folder.FoldAsync(CancellationToken.None)).RecordsFolded);
        await AssertTotalsExactAsync(db, records);
    }

    [Fact]
    public async Task Fold_ConcurrentRunsWhileIngesting_NothingCountedTwice()
    {
        await using var db = await TestDatabase.CreateAsync();
        var folder = new SqliteRollupFolder(db.Get<SqliteDatabase>(), TimeProvider.System) { StepSize = 300 };
        var records = await db.IngestWhileFoldingAsync(folder, 600, seed: 10, LastDay);
        await AssertTotalsExactAsync(db, records);
    }

    [Fact]
    public async Task Fold_LosesRaceBetweenPhases_StartsOverAndCountsOnce()
    {
        await using var db = await TestDatabase.CreateAsync();
        var records = await IngestAsync(db, 800, seed: 21);
        var other = new SqliteRollupFolder(db.Get<SqliteDatabase>(), TimeProvider.System) { StepSize = 500 };
        var folder = new SqliteRollupFolder(db.Get<SqliteDatabase>(), TimeProvider.System) { StepSize = 500 };
        var raced = 0;
        folder.BetweenPhases = async () =>
        {
            // The first time: another worker folds the same range after we summed it, before we write.
            if (raced++ == 0) await other.FoldAsync(CancellationToken.None);
        };
        var result = await folder.FoldAsync(CancellationToken.None);
        Assert.Equal(1, raced); // the retry found nothing left: the mark had moved past its range
        Assert.Equal(0, result.RecordsFolded); // the other worker folded everything
        await AssertTotalsExactAsync(db, records);
    }

    [Fact]
    public async Task Fold_AppDisplayName_IsLatestTitle()
    {
        await using var db = await TestDatabase.CreateAsync();
        var t = new DateTimeOffset(2026, 11, 20, 0, 0, 0, TimeSpan.Zero);
        var records = new List<TestRecord>
        {
            new("t2", t.AddHours(2), "a/b", 1, 1, AppUrl: "https://tool.example/", AppTitle: "Tool v2"),
            new("t1", t.AddHours(1), "a/b", 1, 1, AppUrl: "https://tool.example/", AppTitle: "Tool v1"),
            new("t3", t.AddHours(3), "a/b", 1, 1, AppUrl: "https://tool.example/"),
        };
        var ingestion = db.Get<IngestionService>();
        foreach (var r in records)
        {
            using var body = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(r.ToJson()));
            await ingestion.IngestAsync(body, IngestReader.Format.Ndjson, "test", CancellationToken.None);
            await db.Get<IRollupFolder>().FoldAsync(CancellationToken.None);
        }
        var answer = await db.Get<RankingsQueries>().RankingsAsync(Dimension.Apps, new DayWindow(Days.FromDate(LastDay), Days.FromDate(LastDay) + 1), Filters.None, 10);
        Assert.Equal("Tool v2", answer.Items.Single().Name);
    }

    [Fact]
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

    /// <summary>Every stored record, decoded from the blocks in seq order, with the batch that stored its id.</summary>
    private static async Task<List<(string Id, long At, long Day, long P, long C, long R, long K, long Cost, ComboKey Combo, long Batch)>> StoredRecordsAsync(
        string connectionString)
    {
        await using var conn = new SqliteConnection(connectionString);
        await conn.OpenAsync();
        var blocks = new List<(long Records, byte[] Data)>();
        await using (var cmd = conn.CreateCommand())
        {
            cmd.CommandText = "SELECT records, data FROM record_blocks ORDER BY seq";
            await using var reader = await cmd.ExecuteReaderAsync();
            while (await reader.ReadAsync()) blocks.Add((reader.GetInt64(0), (byte[])reader.GetValue(1)));
        }
        var batches = new Dictionary<string, long>();
        await using (var cmd = conn.CreateCommand())
        {
            cmd.CommandText = "SELECT id, batch_id FROM record_ids";
            await using var reader = await cmd.ExecuteReaderAsync();
            while (await reader.ReadAsync()) batches.Add(reader.GetString(0), reader.GetInt64(1));
        }
        var rows = new List<(string, long, long, long, long, long, long, long, ComboKey, long)>();
        foreach (var (n, data) in blocks)
        {
            var block = new RecordBlock.Reader(data, n);
            while (block.Next(out var r))
                rows.Add((r.Id!, r.CreatedAtMs, r.Day, r.TokensPrompt, r.TokensCompletion, r.TokensReasoning, r.TokensCached, r.CostNanos,
                    block.Combos[r.Combo], batches[r.Id!]));
        }
        Assert.Equal(batches.Count, rows.Count); // one id row per stored record, and no other
        return rows;
    }

    [Fact]
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

    [Fact]
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

    [Fact]
    public void RecordBlock_RoundTripsEveryValue_AndRefusesDamagedBlocks()
    {
        var a = new ComboKey("openai/gpt-5", "", "openai", "", "", global::RankingsWeb.Data.Entities.AppSource.None, "programming", "");
        var b = new ComboKey("x/ünï", "thinking", "x", "app.example/путь", "Ap\u0000p 🚀", global::RankingsWeb.Data.Entities.AppSource.Url, "", "amazon-bedrock");
        var writer = new RecordBlock.Writer(4);
        writer.Add("id-1", long.MinValue, int.MinValue, a, long.MaxValue, 0, -1, 1, long.MinValue);
        writer.Add("ид-2 🚀", 1_790_000_000_000, 20_777, b, 127, 128, 16_383, 16_384, 5);
        writer.Add(new string('x', 128), -1, -1, a, 0, 0, 0, 0, 0);
        var data = writer.ToArray();

        var reader = new RecordBlock.Reader(data, 3);
        var read = new List<StoredRecord>();
        while (reader.Next(out var r)) read.Add(r);
        Assert.Equal([a, b], reader.Combos);
        Assert.Equal(
        [
            new StoredRecord("id-1", long.MinValue, int.MinValue, 0, long.MaxValue, 0, -1, 1, long.MinValue),
            new StoredRecord("ид-2 🚀", 1_790_000_000_000, 20_777, 1, 127, 128, 16_383, 16_384, 5),
            new StoredRecord(new string('x', 128), -1, -1, 0, 0, 0, 0, 0, 0),
        ], read);

        // Damaged: cut short, a byte too many, a wrong count, an unknown format. Each is refused, never misread.
        Assert.Throws<InvalidDataException>(() => ReadAll(data[..^1], 3));
        Assert.Throws<InvalidDataException>(() => ReadAll([.. data, 0], 3));
        Assert.Throws<InvalidDataException>(() => ReadAll(data, 4));
        Assert.Throws<InvalidDataException>(() => ReadAll(data, 2));
        Assert.Throws<InvalidDataException>(() => ReadAll([2, .. data[1..]], 3));

        static void ReadAll(byte[] block, long records)
        {
            var r = new RecordBlock.Reader(block, records);
            while (r.Next(out _)) { }
        }
    }
}
