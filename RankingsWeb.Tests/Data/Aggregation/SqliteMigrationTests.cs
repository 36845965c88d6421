using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using RankingsWeb.Data;
using RankingsWeb.Data.Aggregation;
using RankingsWeb.Data.Ingestion;
using RankingsWeb.Data.Queries;
using RankingsWeb.Tests.TestInfrastructure;
using static RankingsWeb.Tests.Data.Aggregation.SqliteStoreChecks;

namespace RankingsWeb.Tests.Data.Aggregation;

/// <summary>SQLite databases of an earlier schema, upgraded by the migrations and the start-up packing: every record and rollup kept.</summary>
public class SqliteMigrationTests
{
    [SqliteFact]
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

    [SqliteFact]
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

    [SqliteFact]
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
