using Microsoft.Data.Sqlite;
using RankingsWeb.Data;
using RankingsWeb.Data.Aggregation;
using RankingsWeb.Data.Queries;
using RankingsWeb.Data.Sqlite;
using RankingsWeb.Tests.TestInfrastructure;

namespace RankingsWeb.Tests.Data.Migrations;

/// <summary>
/// Migration RequestsAndToolCalls (contract v1.1), on the provider under test: a database written at the migration
/// before it holds folded rollups and records still waiting for the fold, stored as that build stored them (SQLite:
/// a format-1 record block; PostgreSQL: usage_records rows without the new columns). After the upgrade the rollups
/// read back unchanged with no tool calls, the waiting records fold as one request each, and a v1.1 record adds its
/// requests and tool calls.
/// </summary>
public class RequestsAndToolCallsUpgradeTests
{
    private const string Migration = "RequestsAndToolCalls";
    private static readonly DateOnly Date = new(2026, 11, 20);
    private static readonly int Day = Days.FromDate(Date);
    private static readonly long At = new DateTimeOffset(Date.ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero).ToUnixTimeMilliseconds();

    // Folded before the upgrade: one cube row of openai/gpt-5 (prompt, completion, reasoning, cached, requests, cost nanos).
    private static readonly (long P, long C, long R, long K, long Q, long Cost) Folded = (1_000, 400, 100, 50, 12, 7_000);

    // Waiting for the fold at the upgrade: two of openai/gpt-5, one of x-ai/grok-4.
    private static readonly (string Id, string Model, string Author, long P, long C, long R, long K, long Cost)[] Waiting =
    [
        ("old-1", "openai/gpt-5", "openai", 300, 30, 3, 10, 900),
        ("old-2", "openai/gpt-5", "openai", 200, 20, 0, 0, 100),
        ("old-3", "x-ai/grok-4", "x-ai", 50, 5, 0, 0, 0),
    ];

    [Fact]
    public async Task DatabaseBeforeRequestsAndToolCalls_Upgrades_RollupsSurvive_WaitingRecordsFoldAsOneRequestEach()
    {
        await using var db = await TestDatabase.CreateAsync(migrate: false);
        var migration = SchemaSteps.All(db).Single(m => m.EndsWith("_" + Migration, StringComparison.Ordinal));
        await SchemaSteps.MigrateToAsync(db, SchemaSteps.Before(db, migration));

        if (TestProvider.IsPostgres) await WritePostgresAsync(db);
        else await WriteSqliteAsync(db);

        await db.Services.MigrateRankingsDatabaseAsync();
        Assert.Equal(SchemaSteps.All(db), await SchemaSteps.AppliedAsync(db));

        var queries = db.Get<RankingsQueries>();
        var window = new DayWindow(Day, Day + 1);
        // Before the fold: the rollups as they were, no tool calls.
        var before = (await queries.RankingsAsync(Dimension.Models, window, Filters.None, 10)).Items.Single();
        Assert.Equal(("openai/gpt-5", Folded.P + Folded.C, Folded.Q, 0L), (before.Key, before.Tokens, before.Requests, before.ToolCalls));

        Assert.Equal(3, await db.FoldPendingAsync());
        var gpt = Waiting.Where(w => w.Model == "openai/gpt-5").ToList();
        await AssertGpt5Async(queries, window,
            tokens: Folded.P + Folded.C + gpt.Sum(w => w.P + w.C), prompt: Folded.P + gpt.Sum(w => w.P), cached: Folded.K + gpt.Sum(w => w.K),
            requests: Folded.Q + gpt.Count, toolCalls: 0, cost: (Folded.Cost + gpt.Sum(w => w.Cost)) / 1_000_000_000m);

        // A v1.1 record on top: its requests and tool calls add to the upgraded rows, in the per-dimension table and the cube.
        var summary = await db.IngestAsync([new TestRecord("new-1", DateTimeOffset.FromUnixTimeMilliseconds(At).AddHours(1), "openai/gpt-5", 70, 7, Requests: 5, ToolCalls: 9)]);
        Assert.Equal(1, summary.Accepted);
        Assert.Equal(1, await db.FoldPendingAsync());
        await AssertGpt5Async(queries, window,
            tokens: Folded.P + Folded.C + gpt.Sum(w => w.P + w.C) + 77, prompt: Folded.P + gpt.Sum(w => w.P) + 70, cached: Folded.K + gpt.Sum(w => w.K),
            requests: Folded.Q + gpt.Count + 5, toolCalls: 9, cost: (Folded.Cost + gpt.Sum(w => w.Cost)) / 1_000_000_000m);
        Assert.Equal(4, (await db.Get<StatusQueries>().GetAsync()).Records);
    }

    private static async Task AssertGpt5Async(RankingsQueries queries, DayWindow window, long tokens, long prompt, long cached, long requests, long toolCalls, decimal cost)
    {
        var items = (await queries.RankingsAsync(Dimension.Models, window, Filters.None, 10)).Items;
        var gpt = items.Single(i => i.Key == "openai/gpt-5");
        Assert.Equal((tokens, prompt, cached, requests, toolCalls, cost), (gpt.Tokens, gpt.TokensPrompt, gpt.TokensCached, gpt.Requests, gpt.ToolCalls, gpt.Cost));
        var grok = items.Single(i => i.Key == "x-ai/grok-4");
        Assert.Equal((55L, 1L, 0L), (grok.Tokens, grok.Requests, grok.ToolCalls));

        // The cube (a filter sends reads there, and on SQLite through the rollups view created again by the migration).
        var byAuthor = await queries.RankingsAsync(Dimension.Models, window, new Filters(Author: "openai"), 10);
        Assert.Equal((tokens, requests, toolCalls), (byAuthor.Items.Single().Tokens, byAuthor.Items.Single().Requests, byAuthor.Items.Single().ToolCalls));
        var perRequest = await queries.SeriesAsync(Dimension.Models, window, new Filters(Author: "openai"), Interval.Day, Metric.ToolCallsPerRequest, 10);
        Assert.Equal(Ratio(toolCalls, requests), perRequest.Series.Single().Values.Single());
    }

    private static IEnumerable<(int FoldIndex, string Key)> DimensionRows(string model, string author) =>
        FoldFanOut.PerDimension.Select(d => (d.FoldIndex, new FactKeys(model, author, "", "uncategorized", "", "none")[d]));

    private static async Task WriteSqliteAsync(TestDatabase db)
    {
        var sql = new List<string>
        {
            "INSERT INTO cube_keys (model_key, variant, app_key, category, provider, author) VALUES ('openai/gpt-5', 'none', '', 'uncategorized', '', 'openai')",
            $"""
            INSERT INTO cube (day, key_id, tokens_prompt, tokens_completion, tokens_reasoning, tokens_cached, requests, cost_nanos)
            SELECT {Day}, id, {Folded.P}, {Folded.C}, {Folded.R}, {Folded.K}, {Folded.Q}, {Folded.Cost} FROM cube_keys
            """,
        };
        sql.AddRange(DimensionRows("openai/gpt-5", "openai").Select(d => $"""
            INSERT INTO dimension_rollups (dimension, day, key, tokens_prompt, tokens_completion, tokens_reasoning, tokens_cached, requests, cost_nanos)
            VALUES ({d.FoldIndex}, {Day}, '{d.Key}', {Folded.P}, {Folded.C}, {Folded.R}, {Folded.K}, {Folded.Q}, {Folded.Cost})
            """));
        sql.AddRange(Waiting.Select(w => $"INSERT INTO record_ids (id, batch_id) VALUES ('{w.Id}', 1)"));
        await SchemaSteps.ExecuteAsync(db, string.Join(";\n", sql));

        // The block as the build before v1.1 wrote it (format 1), above the fold's mark.
        var block = LegacyRecordBlock.Format1([.. Waiting.Select(w => (w.Id, At, Day,
            new ComboKey(w.Model, "none", w.Author, "", "", RankingsWeb.Data.Entities.AppSource.None, "uncategorized", ""), w.P, w.C, w.R, w.K, w.Cost))]);
        await using var conn = new SqliteConnection(db.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = "INSERT INTO record_blocks (batch_id, records, data) VALUES (1, @n, @data)";
        cmd.Parameters.AddWithValue("@n", Waiting.Length);
        cmd.Parameters.AddWithValue("@data", block);
        await cmd.ExecuteNonQueryAsync();
    }

    private static async Task WritePostgresAsync(TestDatabase db)
    {
        var sql = new List<string>
        {
            $"""
            INSERT INTO rollups (day, model_key, variant, app_key, category, provider, author,
                tokens_prompt, tokens_completion, tokens_reasoning, tokens_cached, requests, cost_nanos)
            VALUES ({Day}, 'openai/gpt-5', 'none', '', 'uncategorized', '', 'openai', {Folded.P}, {Folded.C}, {Folded.R}, {Folded.K}, {Folded.Q}, {Folded.Cost})
            """,
        };
        sql.AddRange(DimensionRows("openai/gpt-5", "openai").Select(d => $"""
            INSERT INTO dimension_rollups (dimension, day, key, tokens_prompt, tokens_completion, tokens_reasoning, tokens_cached, requests, cost_nanos)
            VALUES ({d.FoldIndex}, {Day}, '{d.Key}', {Folded.P}, {Folded.C}, {Folded.R}, {Folded.K}, {Folded.Q}, {Folded.Cost})
            """));
        // Stored and queued, as that build's usage store did, but not yet folded.
        sql.AddRange(Waiting.Select(w => $"""
            WITH inserted AS (
                INSERT INTO usage_records (id, created_at, day, model_key, variant, author, app_key, app_title, app_source, category, provider,
                    tokens_prompt, tokens_completion, tokens_reasoning, tokens_cached, cost_nanos, batch_id)
                VALUES ('{w.Id}', {At}, {Day}, '{w.Model}', 'none', '{w.Author}', NULL, NULL, 0, 'uncategorized', NULL, {w.P}, {w.C}, {w.R}, {w.K}, {w.Cost}, 1)
                RETURNING seq)
            INSERT INTO fold_queue (seq) SELECT seq FROM inserted
            """));
        await SchemaSteps.ExecuteAsync(db, string.Join(";\n", sql));
    }

    /// <summary>A series ratio as the API answers it: the quotient of the sums, to <see cref="RankingsWeb.Data.Queries.MetricInfo.RatioDecimals"/> places.</summary>
    private static decimal Ratio(long numerator, long denominator) =>
        Math.Round((decimal)numerator / denominator, RankingsWeb.Data.Queries.MetricInfo.RatioDecimals, MidpointRounding.AwayFromZero);
}
