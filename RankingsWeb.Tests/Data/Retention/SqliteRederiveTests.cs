using Microsoft.Data.Sqlite;
using RankingsWeb.Data.Entities;
using RankingsWeb.Data.Ingestion;
using RankingsWeb.Data.Queries;
using RankingsWeb.Data.Sqlite;
using RankingsWeb.Tests.TestInfrastructure;
using static RankingsWeb.Tests.Data.Retention.SqliteRetentionScenario;

namespace RankingsWeb.Tests.Data.Retention;

/// <summary>
/// A re-fold after a derivation rule was fixed (issue 15, item 4): blocks keep the records' inputs, and the re-fold
/// derives their keys again with the current rules, so the retained days re-folded show the fixed keys.
/// </summary>
public class SqliteRederiveTests
{
    /// <summary>
    /// The "old build": its provider rule only lower-cased ("Amazon Bedrock" gave "amazon bedrock") and its app rule kept a
    /// leading "www." of the referer's host. The store's test hook stores each record with these keys in place of the
    /// parser's, as that build would have; what is kept of the inputs is decided against them, as it was at ingest
    /// (so "https://www.rebuilt.example" is kept as rebuilt from its old key, and re-derived from that).
    /// </summary>
    private static ValidRecord OldRules(ValidRecord r)
    {
        var sent = r.Inputs!.Value;
        var appKey = r.AppSource == AppSource.Url && sent.AppUrl!.Contains("://www.", StringComparison.Ordinal) ? "www." + r.AppKey : r.AppKey;
        return r with { Provider = sent.Provider?.ToLowerInvariant(), AppKey = appKey };
    }

    [SqliteFact]
    public async Task Refold_AfterARuleFix_RederivesTheKeysFromTheKeptInputs_ExactlyAsAFreshIngestUnderTheCurrentRules()
    {
        await using var s = await CreateAsync(rawDays: 35, dedupDays: 35);
        ((SqliteUsageStore)s.Db.Get<IUsageStore>()).StoreKeysForTest = OldRules;
        var batches = new List<List<TestRecord>>();
        for (var d = 0; d < 4; d++)
        {
            s.Today = Day0 + d;
            batches.Add(await s.IngestAsync(60, seed: 500 + d));
            // A referer whose old key rebuilds it exactly ("https://" + "www.rebuilt.example"): kept as "rebuilt".
            var rebuilt = RecordMaker.Make(5, Days.ToDate(s.Today), 1, seed: 600 + d, prefix: "rb")
                .Select(r => r with { AppUrl = "https://www.rebuilt.example", Provider = "Amazon Bedrock" }).ToList();
            Assert.Equal(5, (await s.Db.IngestAsync(rebuilt)).Accepted);
            batches.Add(rebuilt);
            await s.FoldAsync();
        }
        var records = batches.SelectMany(b => b).ToList();
        var (from, to) = (Day0 - 1, Day0 + 2); // records span Day0 - 2 … Day0 + 3: one day each side stays as the old build folded it

        // Folded with the old rules: the old keys are in the rollups.
        Assert.Contains((Day0, "amazon bedrock"), (await DimensionRowsAsync(s, Dimension.Providers)).Keys);
        Assert.Contains((Day0, "www.rebuilt.example"), (await DimensionRowsAsync(s, Dimension.Apps)).Keys);

        var result = await s.Refolder().RefoldAsync(from, to, CancellationToken.None);
        Assert.Equal(records.Count(r => DayOf(r) >= from && DayOf(r) <= to), result.Records);

        // Inside the range: the keys the current rules give, with sums computed here from the test records.
        foreach (var dimension in (Dimension[])[Dimension.Providers, Dimension.Apps])
        {
            var name = dimension == Dimension.Providers ? "providers" : "apps";
            var expected = records.Where(r => DayOf(r) >= from && DayOf(r) <= to && r.KeyIn(name) is not null)
                .GroupBy(r => (DayOf(r), r.KeyIn(name)!))
                .ToDictionary(g => g.Key, g => (Tokens: g.Sum(r => r.Tokens), Requests: (long)g.Count()));
            // The '' row holds the records with no key for the dimension (unattributed): in totals, in no entity's row.
            var actual = (await DimensionRowsAsync(s, dimension)).Where(kv => kv.Key.Day >= from && kv.Key.Day <= to && kv.Key.Key != "").ToDictionary();
            Assert.Equal(expected.OrderBy(kv => kv.Key), actual.OrderBy(kv => kv.Key));
        }
        Assert.Contains((Day0, "amazon-bedrock"), (await DimensionRowsAsync(s, Dimension.Providers)).Keys);
        Assert.Contains((Day0, "rebuilt.example"), (await DimensionRowsAsync(s, Dimension.Apps)).Keys);
        Assert.Contains((Day0, "kilocode.ai"), (await DimensionRowsAsync(s, Dimension.Apps)).Keys);

        // Every per-day table of the range, row for row, equals a fresh database that ingested the same batches under the
        // current rules and folded them.
        await using (var reference = await TestDatabase.CreateAsync())
        {
            foreach (var batch in batches) Assert.Equal(batch.Count, (await reference.IngestAsync(batch)).Accepted);
            await reference.Get<RankingsWeb.Data.Aggregation.IRollupFolder>().FoldAsync(CancellationToken.None);
            Assert.Equal(await RollupRowsAsync(reference.ConnectionString, from, to), await s.RollupRowsAsync(from, to));
        }

        // Outside the range the old keys stay, as the old build folded them.
        Assert.Contains((to + 1, "amazon bedrock"), (await DimensionRowsAsync(s, Dimension.Providers)).Keys);
        Assert.DoesNotContain((to + 1, "amazon-bedrock"), (await DimensionRowsAsync(s, Dimension.Providers)).Keys);
        Assert.Equal(TokensByDay(records), await s.TokensByDayAsync());
    }

    [SqliteFact]
    public async Task Refold_OfRecordsTheCurrentRulesRefuse_KeepsTheirStoredKeys_AndCountsThem()
    {
        await using var s = await CreateAsync(rawDays: 35, dedupDays: 35);
        // The "old build" took any category and lower-cased it; this build refuses "Legal Advice!" (not a-z0-9-).
        ((SqliteUsageStore)s.Db.Get<IUsageStore>()).StoreKeysForTest = r => r.Category == "legal"
            ? r with { Category = "legal advice!", Inputs = r.Inputs!.Value with { Category = "Legal Advice!" } }
            : r;
        var records = RecordMaker.Make(300, Days.ToDate(Day0), 1, seed: 42);
        Assert.Equal(300, (await s.Db.IngestAsync(records)).Accepted);
        await s.FoldAsync();
        var before = await s.RollupRowsAsync(Day0, Day0);

        var result = await s.Refolder().RefoldAsync(Day0, Day0, CancellationToken.None);

        var legal = records.Where(r => r.Category == "legal").ToList();
        Assert.NotEmpty(legal);
        Assert.Equal((300L, (long)legal.Count), (result.Records, result.RefusedInputs));
        Assert.Contains($"{legal.Count} of them kept their stored keys", result.Describe());
        Assert.Equal(before, await s.RollupRowsAsync(Day0, Day0));
        var categories = await DimensionRowsAsync(s, Dimension.Categories);
        Assert.Equal((legal.Sum(r => r.Tokens), (long)legal.Count), categories[(Day0, "legal advice!")]);
        Assert.DoesNotContain((Day0, "legal"), categories.Keys);
    }

    private static int DayOf(TestRecord r) => Days.FromDate(DateOnly.FromDateTime(r.CreatedAt.UtcDateTime));

    /// <summary>(day, key) → (tokens, requests) of one dimension's per-day rows.</summary>
    private static async Task<Dictionary<(int Day, string Key), (long Tokens, long Requests)>> DimensionRowsAsync(SqliteRetentionScenario s, Dimension dimension)
    {
        var rows = new Dictionary<(int, string), (long, long)>();
        await using var conn = new SqliteConnection(s.Db.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = $"SELECT day, key, tokens_prompt + tokens_completion, requests FROM dimension_rollups WHERE dimension = {Dimensions.All.Single(d => d.Dimension == dimension).FoldIndex}";
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync()) rows.Add((reader.GetInt32(0), reader.GetString(1)), (reader.GetInt64(2), reader.GetInt64(3)));
        return rows;
    }
}
