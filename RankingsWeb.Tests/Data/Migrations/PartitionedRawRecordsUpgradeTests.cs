using RankingsWeb.Data;
using RankingsWeb.Data.Aggregation;
using RankingsWeb.Data.Queries;
using RankingsWeb.Tests.Data.Retention;
using RankingsWeb.Tests.TestInfrastructure;

namespace RankingsWeb.Tests.Data.Migrations;

/// <summary>
/// Migration PartitionedRawRecords (PostgreSQL only): a live database of the schema before it — usage_records, some
/// records already folded, others still in fold_queue — upgrades with its fold state kept exactly: the queued records
/// are folded once after the upgrade, the folded ones never again, and the old ids still make a resend a duplicate.
/// </summary>
public class PartitionedRawRecordsUpgradeTests
{
    private const string Migration = "PartitionedRawRecords";
    private static readonly DateOnly Date = new(2026, 11, 20);
    private static readonly int Day = Days.FromDate(Date);
    private static readonly long At = new DateTimeOffset(Date.ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero).ToUnixTimeMilliseconds();

    private static (string Id, long P, long C)[] Records(string prefix, int n, int seed)
    {
        var rng = new Random(seed);
        return [.. Enumerable.Range(0, n).Select(i => ($"{prefix}-{i}", (long)rng.Next(1, 5000), (long)rng.Next(1, 900)))];
    }

    [PostgresFact]
    public async Task DatabaseWithFoldedAndQueuedRecords_Upgrades_QueuedFoldedOnce_OldIdsStillDuplicates()
    {
        await using var db = await TestDatabase.CreateAsync(migrate: false);
        var migration = SchemaSteps.All(db).Single(m => m.EndsWith("_" + Migration, StringComparison.Ordinal));
        await SchemaSteps.MigrateToAsync(db, SchemaSteps.Before(db, migration));

        var folded = Records("folded", 120, seed: 1);
        var queued = Records("queued", 80, seed: 2);
        var sql = new List<string>
        {
            $"INSERT INTO ingest_batches (id, received_at, source, accepted, duplicates, rejected) VALUES (1, {At}, 'old', {folded.Length}, 0, 0), (2, {At + 1000}, 'old', {queued.Length}, 0, 0)",
            "SELECT setval(pg_get_serial_sequence('ingest_batches', 'id'), 2)",
            // What the old fold had written for the folded batch: the cube row, the per-dimension rows, its count.
            $"""
            INSERT INTO rollups (day, model_key, variant, app_key, category, provider, author, tokens_prompt, tokens_completion, tokens_reasoning, tokens_cached, requests, cost_nanos, tool_calls)
            VALUES ({Day}, 'openai/gpt-5', 'none', '', 'uncategorized', '', 'openai', {folded.Sum(r => r.P)}, {folded.Sum(r => r.C)}, 0, 0, {folded.Length}, 0, 0)
            """,
            $"UPDATE aggregation_state SET folded_records = {folded.Length} WHERE id = 1",
        };
        sql.AddRange(FoldFanOut.PerDimension.Select(d => $"""
            INSERT INTO dimension_rollups (dimension, day, key, tokens_prompt, tokens_completion, tokens_reasoning, tokens_cached, requests, cost_nanos, tool_calls)
            VALUES ({d.FoldIndex}, {Day}, '{new FactKeys("openai/gpt-5", "openai", "", "uncategorized", "", "none")[d]}', {folded.Sum(r => r.P)}, {folded.Sum(r => r.C)}, 0, 0, {folded.Length}, 0, 0)
            """));
        string Insert((string Id, long P, long C) r, int batch) => $"""
            INSERT INTO usage_records (id, created_at, day, model_key, variant, author, app_key, app_title, app_source, category, provider,
                tokens_prompt, tokens_completion, tokens_reasoning, tokens_cached, cost_nanos, requests, tool_calls, batch_id)
            VALUES ('{r.Id}', {At}, {Day}, 'openai/gpt-5', 'none', 'openai', NULL, NULL, 0, 'uncategorized', NULL, {r.P}, {r.C}, 0, 0, 0, 1, 0, {batch})
            """;
        sql.AddRange(folded.Select(r => Insert(r, 1)));
        sql.AddRange(queued.Select(r => $"WITH inserted AS ({Insert(r, 2)} RETURNING seq) INSERT INTO fold_queue (seq) SELECT seq FROM inserted"));
        await SchemaSteps.ExecuteAsync(db, string.Join(";\n", sql));

        await db.Services.MigrateRankingsDatabaseAsync();
        Assert.Equal(SchemaSteps.All(db), await SchemaSteps.AppliedAsync(db));
        Assert.Equal(0, await PostgresReads.ScalarAsync(db, "SELECT COUNT(*) FROM pg_class WHERE relname IN ('usage_records', 'fold_queue')"));
        Assert.Equal(200, await PostgresReads.ScalarAsync(db, "SELECT COUNT(*) FROM raw_records_legacy"));
        Assert.Equal(200, await PostgresReads.ScalarAsync(db, "SELECT COUNT(*) FROM record_ids_legacy"));
        var status = await db.Get<StatusQueries>().GetAsync();
        Assert.Equal((200L, (long)queued.Length), (status.Records, status.Pending));

        Assert.Equal(queued.Length, await db.FoldPendingAsync());
        Assert.Equal(0, await db.FoldPendingAsync());
        var window = new DayWindow(Day, Day + 1);
        var gpt = (await db.Get<RankingsQueries>().RankingsAsync(Dimension.Models, window, Filters.None, 10)).Items.Single();
        Assert.Equal((folded.Sum(r => r.P + r.C) + queued.Sum(r => r.P + r.C), 200L), (gpt.Tokens, gpt.Requests));
        Assert.Equal((200L, 0L), ((await db.Get<StatusQueries>().GetAsync()).Records, (await db.Get<StatusQueries>().GetAsync()).Pending));

        // A resend of old ids, folded or queued at the upgrade, is a duplicate; a new one goes into today's partitions.
        var resend = await db.IngestAsync([
            new TestRecord("folded-3", DateTimeOffset.FromUnixTimeMilliseconds(At), "openai/gpt-5", 1, 1),
            new TestRecord("queued-7", DateTimeOffset.FromUnixTimeMilliseconds(At), "openai/gpt-5", 1, 1),
            new TestRecord("new-1", DateTimeOffset.FromUnixTimeMilliseconds(At), "openai/gpt-5", 10, 5)]);
        Assert.Equal((1, 2), (resend.Accepted, resend.Duplicates));
        Assert.Equal(1, await db.FoldPendingAsync());
        var after = (await db.Get<RankingsQueries>().RankingsAsync(Dimension.Models, window, Filters.None, 10)).Items.Single();
        Assert.Equal(gpt.Tokens + 15, after.Tokens);
    }
}
