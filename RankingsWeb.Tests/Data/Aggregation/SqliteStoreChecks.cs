using Microsoft.Data.Sqlite;
using RankingsWeb.Data.Sqlite;
using RankingsWeb.Data.Ingestion;
using RankingsWeb.Data.Queries;
using RankingsWeb.Tests.TestInfrastructure;

namespace RankingsWeb.Tests.Data.Aggregation;

/// <summary>What the SQLite store tests read back: the rankings' totals against what was ingested, and every stored record decoded from its blocks.</summary>
internal static class SqliteStoreChecks
{
    public static readonly DateOnly LastDay = new(2026, 11, 20);

    public static async Task AssertTotalsExactAsync(TestDatabase db, List<TestRecord> records)
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

    /// <summary>Every stored record, decoded from the blocks in seq order, with the batch that stored its id.</summary>
    public static async Task<List<(string Id, long At, long Day, long P, long C, long R, long K, long Cost, ComboKey Combo, long Batch)>> StoredRecordsAsync(
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
}
