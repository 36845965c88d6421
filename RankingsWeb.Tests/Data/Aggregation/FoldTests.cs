using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using RankingsWeb.Data;
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
        var records = await IngestAsync(db, 1500, seed: 3);
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

        await using var conn = new SqliteConnection(db.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = "SELECT r.id, created_at, day, tokens_prompt, tokens_completion, tokens_reasoning, tokens_cached, cost_nanos, c.model_key, c.provider " +
            "FROM usage_records r JOIN record_combos c ON c.id = r.combo_id ORDER BY seq";
        var rows = new List<(string Id, long At, long Day, long P, long C, long R, long K, long Cost, string Model, string Provider)>();
        await using (var reader = await cmd.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
                rows.Add((reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4), reader.GetInt64(5),
                    reader.GetInt64(6), reader.GetInt64(7), reader.GetString(8), reader.GetString(9)));
        }
        var expected = earlier.Concat(fresh).ToList();
        Assert.Equal(expected.Select(r => r.Id), rows.Select(r => r.Id)); // stored once each, in arrival order
        foreach (var (r, row) in expected.Zip(rows))
        {
            Assert.Equal(r.CreatedAt.ToUnixTimeMilliseconds(), row.At);
            Assert.Equal(Days.FromDate(DateOnly.FromDateTime(r.CreatedAt.UtcDateTime)), row.Day);
            Assert.Equal((r.Prompt, r.Completion, r.Reasoning, r.Cached), (row.P, row.C, row.R, row.K));
            Assert.Equal((long)(r.Cost * 1_000_000_000m), row.Cost);
            Assert.Equal(r.ModelKey, row.Model);
        }
        await db.Get<IRollupFolder>().FoldAsync(CancellationToken.None);
        await AssertTotalsExactAsync(db, expected);
    }

    [Fact]
    public async Task Combos_TwoWritersOnOneFile_ShareRowsAndCountOnce()
    {
        // The import command is another process on the same file, with a combination cache of its own.
        await using var db = await TestDatabase.CreateAsync();
        var other = new SqliteDatabase(db.ConnectionString);
        var otherIngestion = new IngestionService(new SqliteUsageStore(other, TimeProvider.System), TimeProvider.System, []);
        var first = RecordMaker.Make(400, LastDay, 10, seed: 31);
        var second = RecordMaker.Make(400, LastDay, 10, seed: 32).Select(r => r with { Id = "b-" + r.Id }).ToList();
        Assert.Equal(400, (await db.IngestAsync(first)).Accepted);
        using (var body = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(TestRecord.Ndjson(second))))
            Assert.Equal(400, (await otherIngestion.IngestAsync(body, IngestReader.Format.Ndjson, "import", CancellationToken.None)).Accepted);
        Assert.Equal(400, (await db.IngestAsync(second.Select(r => r with { Id = "c-" + r.Id }))).Accepted);
        other.Dispose();

        await db.Get<IRollupFolder>().FoldAsync(CancellationToken.None);
        await AssertTotalsExactAsync(db, [.. first, .. second, .. second]);
        var distinct = first.Concat(second).Select(r => (r.ModelKey, r.Variant, r.AppUrl, r.AppTitle, r.Category, r.Provider)).Distinct().Count();
        await using var conn = new SqliteConnection(db.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = "SELECT COUNT(*) FROM record_combos";
        Assert.Equal(distinct, Convert.ToInt32(await cmd.ExecuteScalarAsync()));
    }

    [Fact]
    public async Task Combos_TitleWithAnEmbeddedNul_IsStoredWholeAndFoundAgain()
    {
        await using var db = await TestDatabase.CreateAsync();
        var first = new TestRecord("nul-1", new DateTimeOffset(2026, 11, 20, 1, 0, 0, TimeSpan.Zero), "a/b", 10, 5, AppTitle: "Tool\u0000Two");
        Assert.Equal(1, (await db.IngestAsync([first])).Accepted);
        // Another process (or the next start) has an empty cache: it must find the stored row, not add a second.
        var other = new SqliteDatabase(db.ConnectionString);
        var otherIngestion = new IngestionService(new SqliteUsageStore(other, TimeProvider.System), TimeProvider.System, []);
        var second = first with { Id = "nul-2" };
        using (var body = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(second.ToJson())))
            Assert.Equal(1, (await otherIngestion.IngestAsync(body, IngestReader.Format.Ndjson, "import", CancellationToken.None)).Accepted);
        other.Dispose();
        await db.Get<IRollupFolder>().FoldAsync(CancellationToken.None);
        await AssertTotalsExactAsync(db, [first, second]);
        await using var conn = new SqliteConnection(db.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = "SELECT COUNT(*), MAX(length(CAST(app_title AS BLOB))) FROM record_combos"; // length() of TEXT stops at a NUL
        await using var r = await cmd.ExecuteReaderAsync();
        Assert.True(await r.ReadAsync());
        Assert.Equal(1, r.GetInt32(0));
        Assert.Equal(8, r.GetInt32(1)); // UTF-8 bytes of "Tool\0Two"
    }

    [Fact]
    public async Task Combos_FromARolledBackAppend_AreNotRemembered()
    {
        await using var db = await TestDatabase.CreateAsync();
        var sqlite = db.Get<SqliteDatabase>();
        var record = RecordMaker.Make(1, LastDay, 1, seed: 41).Single() with { Model = "rolled/back-model" };
        var (parsed, _) = RecordParser.Parse(System.Text.Encoding.UTF8.GetBytes(record.ToJson()), 1, DateTimeOffset.UtcNow);
        await using (var conn = await sqlite.OpenAsync())
        {
            await using var tx = conn.BeginTransaction(deferred: false);
            var ids = new long[1];
            sqlite.Combos.Begin(conn).Resolve([parsed!], ids);
            Assert.True(ids[0] > 0);  // inserted inside the transaction...
            await tx.RollbackAsync(); // ...which never commits: the id must not be reused from memory
        }
        Assert.Equal(0, sqlite.Combos.Cached([parsed!]).Single());

        Assert.Equal(1, (await db.IngestAsync([record])).Accepted);
        await db.Get<IRollupFolder>().FoldAsync(CancellationToken.None);
        await AssertTotalsExactAsync(db, [record]);
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
        Assert.Equal(400, (await db.IngestAsync(records)).Accepted);
        var parsed = records.Select((r, i) => RecordParser.Parse(System.Text.Encoding.UTF8.GetBytes(r.ToJson()), i + 1, DateTimeOffset.UtcNow).Record!).ToList();
        await using (var conn = new SqliteConnection(db.ConnectionString))
        {
            await conn.OpenAsync();
            await using var tx = conn.BeginTransaction();
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
}
