using Microsoft.Extensions.DependencyInjection;
using RankingsWeb.Data;
using RankingsWeb.Data.Aggregation;
using RankingsWeb.Data.Entities;
using RankingsWeb.Data.Ingestion;
using RankingsWeb.Data.Postgres;
using RankingsWeb.Data.Queries;
using RankingsWeb.Data.Retention;
using RankingsWeb.Tests.TestInfrastructure;

namespace RankingsWeb.Tests.Data.Retention;

/// <summary>
/// PostgreSQL re-fold after a derivation rule was fixed (issue 15, item 4): raw rows keep the records' inputs
/// (migration RawRecordInputs), and the re-fold derives their keys again with the current rules, as SQLite's does
/// (<see cref="SqliteRederiveTests"/>). Rows whose inputs are not known, or are refused by the current rules, keep
/// their stored keys.
/// </summary>
public class PostgresRederiveTests
{
    private static readonly int Day0 = Days.FromDate(new DateOnly(2026, 11, 1));

    private static DateTimeOffset At(int day) => new(Days.ToDate(day).ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero);

    private static Task<TestDatabase> CreateAsync(SettableClock clock, bool migrate = true) => TestDatabase.CreateAsync(s =>
    {
        s.AddSingleton<TimeProvider>(clock);
        s.Configure<RankingsOptions>(o => (o.RawRetentionDays, o.DedupDays) = (35, 35));
    }, migrate);

    /// <summary>The "old build", as in <see cref="SqliteRederiveTests"/>: providers only lower-cased, apps keep a leading "www.".</summary>
    private static ValidRecord OldRules(ValidRecord r)
    {
        var sent = r.Inputs!.Value;
        var appKey = r.AppSource == AppSource.Url && sent.AppUrl!.Contains("://www.", StringComparison.Ordinal) ? "www." + r.AppKey : r.AppKey;
        return r with { Provider = sent.Provider?.ToLowerInvariant(), AppKey = appKey };
    }

    private static int DayOf(TestRecord r) => Days.FromDate(DateOnly.FromDateTime(r.CreatedAt.UtcDateTime));

    [PostgresFact]
    public async Task Refold_AfterARuleFix_RederivesTheKeysFromTheKeptInputs_ExactlyAsAFreshIngestUnderTheCurrentRules()
    {
        var clock = new SettableClock(At(Day0));
        await using var db = await CreateAsync(clock);
        ((PostgresUsageStore)db.Get<IUsageStore>()).StoreKeysForTest = OldRules;
        var batches = new List<List<TestRecord>>();
        for (var d = 0; d < 4; d++)
        {
            clock.Now = At(Day0 + d);
            var batch = RecordMaker.Make(60, Days.ToDate(Day0 + d), 3, seed: 500 + d);
            Assert.Equal(60, (await db.IngestAsync(batch)).Accepted);
            batches.Add(batch);
            // A referer whose old key rebuilds it exactly ("https://" + "www.rebuilt.example"): kept as "rebuilt".
            var rebuilt = RecordMaker.Make(5, Days.ToDate(Day0 + d), 1, seed: 600 + d, prefix: "rb")
                .Select(r => r with { AppUrl = "https://www.rebuilt.example", Provider = "Amazon Bedrock" }).ToList();
            Assert.Equal(5, (await db.IngestAsync(rebuilt)).Accepted);
            batches.Add(rebuilt);
            await db.FoldPendingAsync();
        }
        var records = batches.SelectMany(b => b).ToList();
        var (from, to) = (Day0 - 1, Day0 + 2); // records span Day0 - 2 … Day0 + 3: one day each side stays as the old build folded it

        // Most rows keep nothing beyond 0 and four nulls; the rebuilt referer is not stored, the others are.
        Assert.Equal(0, await PostgresReads.ScalarAsync(db, "SELECT COUNT(*) FROM raw_records WHERE inputs IS NULL"));
        Assert.Equal(0, await PostgresReads.ScalarAsync(db, "SELECT COUNT(*) FROM raw_records WHERE in_app_url = 'https://www.rebuilt.example' OR in_model IS NOT NULL"));
        Assert.Equal(records.Count(r => r.AppUrl is { } u && u != "https://www.rebuilt.example"),
            await PostgresReads.ScalarAsync(db, "SELECT COUNT(*) FROM raw_records WHERE in_app_url IS NOT NULL"));
        Assert.Equal(records.Count(r => r.AppUrl == "https://" + r.KeyIn("apps") + "/"), // "https://cline.bot/" keeps "/"
            await PostgresReads.ScalarAsync(db, "SELECT COUNT(*) FROM raw_records WHERE in_app_url = '/' AND inputs & 64 <> 0"));
        Assert.Equal(records.Count(r => r.Category is null),
            await PostgresReads.ScalarAsync(db, "SELECT COUNT(*) FROM raw_records WHERE inputs & 8 <> 0"));

        Assert.Contains((Day0, "amazon bedrock"), (await DimensionRowsAsync(db, Dimension.Providers)).Keys);
        Assert.Contains((Day0, "www.rebuilt.example"), (await DimensionRowsAsync(db, Dimension.Apps)).Keys);

        var result = await db.Get<IRefolder>().RefoldAsync(from, to, CancellationToken.None);
        Assert.Equal(records.Count(r => DayOf(r) >= from && DayOf(r) <= to), result.Records);
        Assert.Equal(0, result.RefusedInputs);

        foreach (var dimension in (Dimension[])[Dimension.Providers, Dimension.Apps])
        {
            var name = dimension == Dimension.Providers ? "providers" : "apps";
            var expected = records.Where(r => DayOf(r) >= from && DayOf(r) <= to && r.KeyIn(name) is not null)
                .GroupBy(r => (DayOf(r), r.KeyIn(name)!))
                .ToDictionary(g => g.Key, g => (Tokens: g.Sum(r => r.Tokens), Requests: (long)g.Count()));
            var actual = (await DimensionRowsAsync(db, dimension)).Where(kv => kv.Key.Day >= from && kv.Key.Day <= to && kv.Key.Key != "").ToDictionary();
            Assert.Equal(expected.OrderBy(kv => kv.Key), actual.OrderBy(kv => kv.Key));
        }
        Assert.Contains((Day0, "amazon-bedrock"), (await DimensionRowsAsync(db, Dimension.Providers)).Keys);
        Assert.Contains((Day0, "rebuilt.example"), (await DimensionRowsAsync(db, Dimension.Apps)).Keys);
        Assert.Contains((Day0, "kilocode.ai"), (await DimensionRowsAsync(db, Dimension.Apps)).Keys);

        // Every per-day table of the range, row for row, equals a fresh database that ingested the same batches under
        // the current rules and folded them.
        var rows = await RollupRowsAsync(db, from, to);
        await using (var reference = await CreateAsync(new SettableClock(At(Day0 + 3))))
        {
            foreach (var batch in batches) Assert.Equal(batch.Count, (await reference.IngestAsync(batch)).Accepted);
            await reference.FoldPendingAsync();
            Assert.Equal(await RollupRowsAsync(reference, from, to), rows);
        }

        // Idempotent.
        await db.Get<IRefolder>().RefoldAsync(from, to, CancellationToken.None);
        Assert.Equal(rows, await RollupRowsAsync(db, from, to));

        // Outside the range the old keys stay, as the old build folded them.
        Assert.Contains((to + 1, "amazon bedrock"), (await DimensionRowsAsync(db, Dimension.Providers)).Keys);
        Assert.DoesNotContain((to + 1, "amazon-bedrock"), (await DimensionRowsAsync(db, Dimension.Providers)).Keys);
        Assert.Equal(SqliteRetentionScenario.TokensByDay(records), await TokensByDayAsync(db));
    }

    [PostgresFact]
    public async Task Refold_OfRecordsTheCurrentRulesRefuse_KeepsTheirStoredKeys_AndCountsThem()
    {
        var clock = new SettableClock(At(Day0));
        await using var db = await CreateAsync(clock);
        // The "old build" took any category and lower-cased it; this build refuses "Legal Advice!" (not a-z0-9-).
        ((PostgresUsageStore)db.Get<IUsageStore>()).StoreKeysForTest = r => r.Category == "legal"
            ? r with { Category = "legal advice!", Inputs = r.Inputs!.Value with { Category = "Legal Advice!" } }
            : r;
        var records = RecordMaker.Make(300, Days.ToDate(Day0), 1, seed: 42);
        Assert.Equal(300, (await db.IngestAsync(records)).Accepted);
        await db.FoldPendingAsync();
        var before = await RollupRowsAsync(db, Day0, Day0);

        var result = await db.Get<IRefolder>().RefoldAsync(Day0, Day0, CancellationToken.None);

        var legal = records.Where(r => r.Category == "legal").ToList();
        Assert.NotEmpty(legal);
        Assert.Equal((300L, (long)legal.Count), (result.Records, result.RefusedInputs));
        Assert.Equal(before, await RollupRowsAsync(db, Day0, Day0));
        var categories = await DimensionRowsAsync(db, Dimension.Categories);
        Assert.Equal((legal.Sum(r => r.Tokens), (long)legal.Count), categories[(Day0, "legal advice!")]);
        Assert.DoesNotContain((Day0, "legal"), categories.Keys);
    }

    /// <summary>
    /// An upgrade from PartitionedRawRecords: the partitions already made (the legacy one and those made ahead) get the
    /// input columns, rows stored before keep their stored keys at a re-fold, and rows stored after are re-derived.
    /// </summary>
    [PostgresFact]
    public async Task Upgrade_RowsStoredBefore_KeepTheirKeys_RowsStoredAfter_AreRederived()
    {
        var clock = new SettableClock(At(Day0));
        await using var db = await CreateAsync(clock, migrate: false);
        var migration = SchemaSteps.All(db).Single(m => m.EndsWith("_RawRecordInputs", StringComparison.Ordinal));
        await SchemaSteps.MigrateToAsync(db, SchemaSteps.Before(db, migration));
        await db.Get<PostgresPartitions>().EnsureAsync(Day0, CancellationToken.None);

        // Rows the previous build stored with its (old) provider key, in the schema before the migration.
        var old = Enumerable.Range(0, 40).Select(i => (Id: $"old-{i}", P: 100L + i, C: 7L * i, Provider: i % 2 == 0 ? "amazon bedrock" : null)).ToList();
        await SchemaSteps.ExecuteAsync(db, $"""
            INSERT INTO ingest_batches (received_at, source, accepted, duplicates, rejected, xid)
            VALUES ({At(Day0).ToUnixTimeMilliseconds()}, 'old', {old.Count}, 0, 0, pg_current_xact_id()::text::bigint);
            INSERT INTO record_ids (id, arrival_day) SELECT 'old-' || i, {Day0} FROM generate_series(0, {old.Count - 1}) i;
            INSERT INTO raw_records (xid, arrival_day, id, created_at, day, model_key, variant, author, app_key, app_title, app_source,
                category, provider, tokens_prompt, tokens_completion, tokens_reasoning, tokens_cached, cost_nanos, requests, tool_calls, batch_id)
            VALUES {string.Join(",\n", old.Select(r => $"(pg_current_xact_id()::text::bigint, {Day0}, '{r.Id}', {At(Day0).ToUnixTimeMilliseconds()}, {Day0}, 'openai/gpt-5', 'none', 'openai', NULL, NULL, 0, 'uncategorized', {(r.Provider is null ? "NULL" : $"'{r.Provider}'")}, {r.P}, {r.C}, 0, 0, 0, 1, 0, 1)"))};
            """);

        await db.Services.MigrateRankingsDatabaseAsync();
        Assert.Equal(SchemaSteps.All(db), await SchemaSteps.AppliedAsync(db));
        // Every partition, the ones made before the migration included, has the columns.
        var partitions = await PostgresReads.RowsAsync(db, """
            SELECT c.relname, COUNT(a.attname) FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
            LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname IN ('inputs', 'in_model', 'in_provider', 'in_app_url', 'in_category') AND NOT a.attisdropped
            WHERE i.inhparent = 'raw_records'::regclass GROUP BY c.relname
            """);
        Assert.True(partitions.Count >= PostgresPartitions.DaysAhead + 1);
        Assert.All(partitions, p => Assert.Equal(5L, Convert.ToInt64(p[1])));

        // Records after the upgrade, stored by the "old build" on a day made ahead before the migration.
        clock.Now = At(Day0 + 2);
        ((PostgresUsageStore)db.Get<IUsageStore>()).StoreKeysForTest = OldRules;
        var fresh = RecordMaker.Make(100, Days.ToDate(Day0), 1, seed: 7);
        Assert.Equal(100, (await db.IngestAsync(fresh)).Accepted);
        await db.FoldPendingAsync();
        Assert.Equal(old.Count, await PostgresReads.ScalarAsync(db, "SELECT COUNT(*) FROM raw_records WHERE inputs IS NULL"));

        var result = await db.Get<IRefolder>().RefoldAsync(Day0, Day0, CancellationToken.None);
        Assert.Equal((140L, 0L), (result.Records, result.RefusedInputs));

        var expected = fresh.Where(r => r.Provider is not null).Select(r => (Key: r.KeyIn("providers")!, r.Tokens))
            .Concat(old.Where(r => r.Provider is not null).Select(r => (Key: r.Provider!, Tokens: r.P + r.C)))
            .GroupBy(x => (Day0, x.Key)).ToDictionary(g => g.Key, g => (g.Sum(x => x.Tokens), (long)g.Count()));
        var actual = (await DimensionRowsAsync(db, Dimension.Providers)).Where(kv => kv.Key.Key != "").ToDictionary();
        Assert.Equal(expected.OrderBy(kv => kv.Key), actual.OrderBy(kv => kv.Key));
        Assert.Contains((Day0, "amazon bedrock"), actual.Keys);
        Assert.Contains((Day0, "amazon-bedrock"), actual.Keys);
        Assert.Equal(fresh.Sum(r => r.Tokens) + old.Sum(r => r.P + r.C), (await TokensByDayAsync(db))[Day0]);
    }

    /// <summary>(day, key) → (tokens, requests) of one dimension's per-day rows.</summary>
    private static async Task<Dictionary<(int Day, string Key), (long Tokens, long Requests)>> DimensionRowsAsync(TestDatabase db, Dimension dimension) =>
        (await PostgresReads.RowsAsync(db, $"SELECT day, key, tokens_prompt + tokens_completion, requests FROM dimension_rollups WHERE dimension = {Dimensions.All.Single(d => d.Dimension == dimension).FoldIndex}"))
        .ToDictionary(r => (Convert.ToInt32(r[0]), (string)r[1]!), r => (Convert.ToInt64(r[2]), Convert.ToInt64(r[3])));

    private static async Task<Dictionary<int, long>> TokensByDayAsync(TestDatabase db) =>
        (await PostgresReads.RowsAsync(db, $"SELECT day, SUM(tokens_prompt + tokens_completion) FROM dimension_rollups WHERE dimension = {Dimensions.All.Single(d => d.Dimension == Dimension.Models).FoldIndex} GROUP BY day"))
        .ToDictionary(r => Convert.ToInt32(r[0]), r => Convert.ToInt64(r[1]));

    /// <summary>Every row of every per-day table the fold writes for days [from, to], by named columns (no ids), as text, sorted.</summary>
    private static async Task<List<string>> RollupRowsAsync(TestDatabase db, int from, int to)
    {
        var rows = new List<string>();
        foreach (var (table, columns) in ((string, string)[])[
            ("rollups", "day, model_key, variant, app_key, category, provider, author, " + FoldFanOut.SumColumns),
            ("dimension_rollups", "dimension, day, key, " + FoldFanOut.SumColumns),
            ("app_attribution", "app_key, day, app_source, title, requests, tokens")])
        {
            foreach (var row in await PostgresReads.RowsAsync(db, $"SELECT {columns} FROM {table} WHERE day BETWEEN {from} AND {to}"))
                rows.Add(table + ": " + string.Join(" | ", row.Select(v => Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture) ?? "NULL")));
        }
        rows.Sort(StringComparer.Ordinal);
        return rows;
    }
}
