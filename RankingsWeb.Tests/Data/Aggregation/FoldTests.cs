using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
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

    [Fact]
    public async Task Migration_ToRecordCombos_KeepsEveryRecordAndItsKeys()
    {
        // A database written before records referenced record_combos: text keys on every row.
        await using var db = await TestDatabase.CreateAsync(migrate: false);
        await using (var ctx = await db.Get<IDbContextFactory<RankingsDbContext>>().CreateDbContextAsync())
            await ctx.GetService<IMigrator>().MigrateAsync("20261128143134_DataProtectionKeys");
        var records = RecordMaker.Make(300, LastDay, 10, seed: 51);
        var parsed = records.Select((r, i) => RecordParser.Parse(System.Text.Encoding.UTF8.GetBytes(r.ToJson()), i + 1, DateTimeOffset.UtcNow).Record!).ToList();
        await using (var conn = new SqliteConnection(db.ConnectionString))
        {
            await conn.OpenAsync();
            await using var tx = conn.BeginTransaction();
            await using var cmd = conn.CreateCommand();
            cmd.CommandText = "INSERT INTO ingest_batches (id, received_at, source, accepted, duplicates, rejected) VALUES (1, 0, 'test', 300, 0, 0)";
            await cmd.ExecuteNonQueryAsync(); // the batch the rows name, as the store always wrote it
            cmd.CommandText = """
                INSERT INTO usage_records (id, created_at, day, model_key, variant, author, app_key, app_title, app_source, category, provider,
                    tokens_prompt, tokens_completion, tokens_reasoning, tokens_cached, cost_nanos, batch_id)
                VALUES ($id, $at, $day, $model, $variant, $author, $app, $title, $source, $category, $provider, $p, $c, $r, $k, $cost, 1)
                """;
            foreach (var r in parsed)
            {
                cmd.Parameters.Clear();
                cmd.Parameters.AddWithValue("$id", r.Id);
                cmd.Parameters.AddWithValue("$at", r.CreatedAtMs);
                cmd.Parameters.AddWithValue("$day", r.Day);
                cmd.Parameters.AddWithValue("$model", r.ModelKey);
                cmd.Parameters.AddWithValue("$variant", r.Variant);
                cmd.Parameters.AddWithValue("$author", r.Author);
                cmd.Parameters.AddWithValue("$app", (object?)r.AppKey ?? DBNull.Value);
                cmd.Parameters.AddWithValue("$title", (object?)r.AppTitle ?? DBNull.Value);
                cmd.Parameters.AddWithValue("$source", (int)r.AppSource);
                cmd.Parameters.AddWithValue("$category", r.Category);
                cmd.Parameters.AddWithValue("$provider", (object?)r.Provider ?? DBNull.Value);
                cmd.Parameters.AddWithValue("$p", r.TokensPrompt);
                cmd.Parameters.AddWithValue("$c", r.TokensCompletion);
                cmd.Parameters.AddWithValue("$r", r.TokensReasoning);
                cmd.Parameters.AddWithValue("$k", r.TokensCached);
                cmd.Parameters.AddWithValue("$cost", r.CostNanos);
                await cmd.ExecuteNonQueryAsync();
            }
            await tx.CommitAsync();
        }

        await db.Services.MigrateRankingsDatabaseAsync();
        // Ids stay unique after the move, and new records continue above the old seqs.
        Assert.Equal(0, (await db.IngestAsync(records.Take(10))).Accepted);
        var more = RecordMaker.Make(50, LastDay, 10, seed: 52).Select(r => r with { Id = "new-" + r.Id }).ToList();
        Assert.Equal(50, (await db.IngestAsync(more)).Accepted);
        await db.Get<IRollupFolder>().FoldAsync(CancellationToken.None);
        await AssertTotalsExactAsync(db, [.. records, .. more]);
        foreach (var dimension in new[] { Dimension.Providers, Dimension.Categories, Dimension.Variants })
        {
            var window = new DayWindow(Days.FromDate(LastDay.AddDays(-30)), Days.FromDate(LastDay.AddDays(1)));
            var answer = await db.Get<RankingsQueries>().RankingsAsync(dimension, window, Filters.None, 1000);
            Assert.Equal(records.Concat(more).Sum(r => r.Tokens), answer.TotalTokens);
        }
    }
    [Fact]
    public async Task Migration_ToCompactCube_KeepsEveryRollupRow()
    {
        // A database whose cube was the table rollups, with text keys in every row: folded rows are written here
        // as the fold then wrote them, and the mark says they are folded.
        await using var db = await TestDatabase.CreateAsync(migrate: false);
        await using (var ctx = await db.Get<IDbContextFactory<RankingsDbContext>>().CreateDbContextAsync())
            await ctx.GetService<IMigrator>().MigrateAsync("20261128162111_RecordCombos");
        var records = RecordMaker.Make(400, LastDay, 10, seed: 61);
        var parsed = records.Select((r, i) => RecordParser.Parse(System.Text.Encoding.UTF8.GetBytes(r.ToJson()), i + 1, DateTimeOffset.UtcNow).Record!).ToList();
        await using (var conn = new SqliteConnection(db.ConnectionString))
        {
            await conn.OpenAsync();
            await using var tx = conn.BeginTransaction();
            await InsertLegacyRecordsAsync(conn, tx, parsed, batchSize: 400);
            await using var cmd = conn.CreateCommand();
            cmd.CommandText = """
                INSERT INTO rollups (day, model_key, variant, app_key, category, provider, author,
                    tokens_prompt, tokens_completion, tokens_reasoning, tokens_cached, requests, cost_nanos)
                VALUES ($day, $model, $variant, $app, $category, $provider, $author, $p, $c, $r, $k, 1, $cost)
                ON CONFLICT DO UPDATE SET tokens_prompt = tokens_prompt + excluded.tokens_prompt,
                    tokens_completion = tokens_completion + excluded.tokens_completion, tokens_reasoning = tokens_reasoning + excluded.tokens_reasoning,
                    tokens_cached = tokens_cached + excluded.tokens_cached, requests = requests + 1, cost_nanos = cost_nanos + excluded.cost_nanos
                """;
            foreach (var r in parsed)
            {
                cmd.Parameters.Clear();
                cmd.Parameters.AddWithValue("$day", r.Day);
                cmd.Parameters.AddWithValue("$model", r.ModelKey);
                cmd.Parameters.AddWithValue("$variant", r.Variant);
                cmd.Parameters.AddWithValue("$app", r.AppKey ?? "");
                cmd.Parameters.AddWithValue("$category", r.Category);
                cmd.Parameters.AddWithValue("$provider", r.Provider ?? "");
                cmd.Parameters.AddWithValue("$author", r.Author);
                cmd.Parameters.AddWithValue("$p", r.TokensPrompt);
                cmd.Parameters.AddWithValue("$c", r.TokensCompletion);
                cmd.Parameters.AddWithValue("$r", r.TokensReasoning);
                cmd.Parameters.AddWithValue("$k", r.TokensCached);
                cmd.Parameters.AddWithValue("$cost", r.CostNanos);
                await cmd.ExecuteNonQueryAsync();
            }
            cmd.Parameters.Clear();
            cmd.CommandText = "UPDATE aggregation_state SET high_water_seq = (SELECT MAX(seq) FROM usage_records), folded_records = 400 WHERE id = 1";
            cmd.Transaction = tx;
            Assert.Equal(1, await cmd.ExecuteNonQueryAsync());
            await tx.CommitAsync();
        }

        await db.Services.MigrateRankingsDatabaseAsync();
        await AssertFilteredExactAsync(records);
        // The fold adds to the moved rows, on keys it finds in cube_keys and on new ones.
        var more = RecordMaker.Make(200, LastDay, 10, seed: 62).Select(r => r with { Id = "new-" + r.Id, Category = r.Category ?? "finance" }).ToList();
        Assert.Equal(200, (await db.IngestAsync(more)).Accepted);
        await db.Get<IRollupFolder>().FoldAsync(CancellationToken.None);
        await AssertFilteredExactAsync([.. records, .. more]);

        async Task AssertFilteredExactAsync(List<TestRecord> expected)
        {
            // Filtered reads come from the cube (unfiltered ones from the per-dimension table, which did not move).
            var window = new DayWindow(Days.FromDate(LastDay.AddDays(-30)), Days.FromDate(LastDay.AddDays(1)));
            var queries = db.Get<RankingsQueries>();
            foreach (var model in RecordMaker.Models.Select(m => m.Split(':')[0]))
            {
                var answer = await queries.RankingsAsync(Dimension.Categories, window, new Filters(Model: model), 100);
                var mine = expected.Where(r => r.ModelKey == model).ToList();
                Assert.Equal(mine.Sum(r => r.Tokens), answer.TotalTokens);
                Assert.Equal(mine.Count, answer.Items.Sum(i => i.Requests));
                Assert.Equal(mine.Sum(r => r.Reasoning), answer.Items.Sum(i => i.TokensReasoning));
                Assert.Equal(mine.Sum(r => r.Cost), answer.Items.Sum(i => i.Cost));
            }
            var programming = await queries.RankingsAsync(Dimension.Models, window, new Filters(Category: "programming"), 100);
            foreach (var g in expected.Where(r => r.Category == "programming").GroupBy(r => r.ModelKey))
                Assert.Equal(g.Sum(r => r.Tokens), programming.Items.Single(i => i.Key == g.Key).Tokens);
        }
    }

    [Fact]
    public async Task Migration_ToRecordBlocks_PacksEveryRecordAndMovesTheMark()
    {
        // A database from before the blocks: a row per record, keys in record_combos; 120 of 300 records folded (the
        // rollups of the folded ones are left empty here, so totals afterwards show exactly what the fold still did).
        await using var db = await TestDatabase.CreateAsync(migrate: false);
        await using (var ctx = await db.Get<IDbContextFactory<RankingsDbContext>>().CreateDbContextAsync())
            await ctx.GetService<IMigrator>().MigrateAsync("20261128180913_CompactCube");
        var records = RecordMaker.Make(300, LastDay, 10, seed: 71);
        var parsed = records.Select((r, i) => RecordParser.Parse(System.Text.Encoding.UTF8.GetBytes(r.ToJson()), i + 1, DateTimeOffset.UtcNow).Record!).ToList();
        await using (var conn = new SqliteConnection(db.ConnectionString))
        {
            await conn.OpenAsync();
            await using var tx = conn.BeginTransaction();
            await InsertLegacyRecordsAsync(conn, tx, parsed, batchSize: 50); // batches 1..6; the mark falls inside batch 3
            await using var cmd = conn.CreateCommand();
            cmd.Transaction = tx;
            cmd.CommandText = "UPDATE aggregation_state SET high_water_seq = (SELECT seq FROM usage_records ORDER BY seq LIMIT 1 OFFSET 119), folded_records = 120 WHERE id = 1";
            Assert.Equal(1, await cmd.ExecuteNonQueryAsync());
            await tx.CommitAsync();
        }

        await db.Services.MigrateRankingsDatabaseAsync();
        await db.Services.MigrateRankingsDatabaseAsync(); // a second start finds nothing left to pack
        var status = await db.Get<StatusQueries>().GetAsync();
        Assert.Equal((300, 180), (status.Records, status.Pending));

        // Every record, in arrival order, with its values, keys and batch.
        var stored = await StoredRecordsAsync(db.ConnectionString);
        Assert.Equal(parsed.Select(r => r.Id), stored.Select(r => r.Id));
        foreach (var (r, (row, i)) in parsed.Zip(stored.Select((row, i) => (row, i))))
        {
            Assert.Equal((r.CreatedAtMs, (long)r.Day, r.TokensPrompt, r.TokensCompletion, r.TokensReasoning, r.TokensCached, r.CostNanos),
                (row.At, row.Day, row.P, row.C, row.R, row.K, row.Cost));
            Assert.Equal(ComboKey.Of(r), row.Combo);
            Assert.Equal(i / 50 + 1, row.Batch);
        }
        await using (var conn = new SqliteConnection(db.ConnectionString))
        {
            await conn.OpenAsync();
            await using var cmd = conn.CreateCommand();
            cmd.CommandText = "SELECT COUNT(*) FROM sqlite_schema WHERE name IN ('usage_records_legacy', 'record_combos_legacy')";
            Assert.Equal(0L, await cmd.ExecuteScalarAsync());
        }

        // Old ids stay duplicates; the fold adds exactly the 180 unfolded records and the new ones.
        Assert.Equal(0, (await db.IngestAsync(records.Skip(100).Take(50))).Accepted);
        var more = RecordMaker.Make(40, LastDay, 10, seed: 72).Select(r => r with { Id = "new-" + r.Id }).ToList();
        Assert.Equal(40, (await db.IngestAsync(more)).Accepted);
        await db.Get<IRollupFolder>().FoldAsync(CancellationToken.None);
        var window = new DayWindow(Days.FromDate(LastDay.AddDays(-30)), Days.FromDate(LastDay.AddDays(1)));
        var answer = await db.Get<RankingsQueries>().RankingsAsync(Dimension.Models, window, Filters.None, 1000);
        var folded = records.Skip(120).Concat(more).ToList();
        Assert.Equal(folded.Sum(r => r.Tokens), answer.TotalTokens);
        Assert.Equal(folded.Count, answer.Items.Sum(i => i.Requests));
        Assert.Equal(0, (await db.Get<StatusQueries>().GetAsync()).Pending);
    }

    /// <summary>Writes records as the store did before the blocks: a usage_records row each, keys in record_combos.</summary>
    private static async Task InsertLegacyRecordsAsync(SqliteConnection conn, SqliteTransaction tx, List<ValidRecord> parsed, int batchSize)
    {
        var combos = new Dictionary<ComboKey, long>();
        await using var combo = conn.CreateCommand();
        combo.Transaction = tx;
        combo.CommandText = """
            INSERT INTO record_combos (model_key, variant, author, app_key, app_title, app_source, category, provider)
            VALUES ($model, $variant, $author, $app, $title, $source, $category, $provider) RETURNING id
            """;
        await using var record = conn.CreateCommand();
        record.Transaction = tx;
        record.CommandText = """
            INSERT INTO usage_records (id, created_at, day, combo_id, tokens_prompt, tokens_completion, tokens_reasoning, tokens_cached, cost_nanos, batch_id)
            VALUES ($id, $at, $day, $combo, $p, $c, $r, $k, $cost, $batch)
            """;
        await using (var batches = conn.CreateCommand())
        {
            batches.Transaction = tx;
            batches.CommandText = "INSERT INTO ingest_batches (id, received_at, source, accepted, duplicates, rejected) VALUES ($id, 0, 'test', $n, 0, 0)";
            for (var b = 0; b * batchSize < parsed.Count; b++)
            {
                batches.Parameters.Clear();
                batches.Parameters.AddWithValue("$id", b + 1);
                batches.Parameters.AddWithValue("$n", Math.Min(batchSize, parsed.Count - b * batchSize));
                await batches.ExecuteNonQueryAsync();
            }
        }
        for (var i = 0; i < parsed.Count; i++)
        {
            var r = parsed[i];
            var key = ComboKey.Of(r);
            if (!combos.TryGetValue(key, out var comboId))
            {
                combo.Parameters.Clear();
                combo.Parameters.AddWithValue("$model", key.ModelKey);
                combo.Parameters.AddWithValue("$variant", key.Variant);
                combo.Parameters.AddWithValue("$author", key.Author);
                combo.Parameters.AddWithValue("$app", key.AppKey);
                combo.Parameters.AddWithValue("$title", key.AppTitle);
                combo.Parameters.AddWithValue("$source", (int)key.AppSource);
                combo.Parameters.AddWithValue("$category", key.Category);
                combo.Parameters.AddWithValue("$provider", key.Provider);
                combos[key] = comboId = Convert.ToInt64(await combo.ExecuteScalarAsync());
            }
            record.Parameters.Clear();
            record.Parameters.AddWithValue("$id", r.Id);
            record.Parameters.AddWithValue("$at", r.CreatedAtMs);
            record.Parameters.AddWithValue("$day", r.Day);
            record.Parameters.AddWithValue("$combo", comboId);
            record.Parameters.AddWithValue("$p", r.TokensPrompt);
            record.Parameters.AddWithValue("$c", r.TokensCompletion);
            record.Parameters.AddWithValue("$r", r.TokensReasoning);
            record.Parameters.AddWithValue("$k", r.TokensCached);
            record.Parameters.AddWithValue("$cost", r.CostNanos);
            record.Parameters.AddWithValue("$batch", i / batchSize + 1);
            await record.ExecuteNonQueryAsync();
        }
    }
}
