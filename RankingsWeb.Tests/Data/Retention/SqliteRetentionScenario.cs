using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using RankingsWeb.Data;
using RankingsWeb.Data.Aggregation;
using RankingsWeb.Data.Queries;
using RankingsWeb.Data.Retention;
using RankingsWeb.Data.Sqlite;
using RankingsWeb.Tests.TestInfrastructure;

namespace RankingsWeb.Tests.Data.Retention;

/// <summary>
/// A SQLite test database on a clock the test moves a day at a time, with short retention, and what the retention and
/// re-fold tests read back: stored blocks and ids by arrival day, and every per-day rollup row as text.
/// </summary>
internal sealed class SqliteRetentionScenario : IAsyncDisposable
{
    /// <summary>Day 0 of a scenario: 2026-11-01.</summary>
    public static readonly int Day0 = Days.FromDate(new DateOnly(2026, 11, 1));

    private SqliteRetentionScenario(TestDatabase db, TestClock clock) => (Db, Clock) = (db, clock);

    public TestDatabase Db { get; }
    public TestClock Clock { get; }

    public static async Task<SqliteRetentionScenario> CreateAsync(int rawDays, int dedupDays)
    {
        var clock = new TestClock(At(Day0));
        var db = await TestDatabase.CreateAsync(s =>
        {
            s.AddSingleton<TimeProvider>(clock);
            s.Configure<RankingsOptions>(o => (o.RawRetentionDays, o.DedupDays) = (rawDays, dedupDays));
        });
        return new SqliteRetentionScenario(db, clock);
    }

    /// <summary>Noon of a day, UTC.</summary>
    public static DateTimeOffset At(int day) => new(Days.ToDate(day).ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero);

    public int Today
    {
        get => Days.Today(Clock);
        set => Clock.Now = At(value);
    }

    public SqliteRawRetention Retention(int stepBlocks = 64, long stepRecords = 50_000) =>
        new(Db.Get<SqliteDatabase>(), Db.Get<RetentionPolicy>(), NullLogger<SqliteRawRetention>.Instance) { StepBlocks = stepBlocks, StepRecords = stepRecords };

    public SqliteRefolder Refolder() => new(Db.Get<SqliteDatabase>(), Db.Get<RetentionPolicy>());

    /// <summary>
    /// <paramref name="count"/> records arriving today as one batch (one block), over the three days up to today (late
    /// ones included); ids start with <paramref name="prefix"/>.
    /// </summary>
    public async Task<List<TestRecord>> IngestAsync(int count, int seed, string prefix = "r")
    {
        var records = RecordMaker.Make(count, Days.ToDate(Today), 3, seed, prefix);
        Assert.Equal(count, (await Db.IngestAsync(records)).Accepted);
        return records;
    }

    public Task<FoldResult> FoldAsync() => Db.Get<IRollupFolder>().FoldAsync(CancellationToken.None);

    public async Task<long> ScalarAsync(string sql)
    {
        await using var conn = new SqliteConnection(Db.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = sql;
        return Convert.ToInt64(await cmd.ExecuteScalarAsync());
    }

    public Task<long> ExecuteAsync(string sql) => ScalarAsync(sql + "; SELECT changes()");

    /// <summary>Blocks and their records, of batches that arrived before <paramref name="day"/>.</summary>
    public async Task<(long Blocks, long Records)> BlocksArrivedBeforeAsync(int day) =>
        (await ScalarAsync($"SELECT COUNT(*) FROM record_blocks b JOIN ingest_batches i ON i.id = b.batch_id WHERE i.received_at < {day * 86_400_000L}"),
         await ScalarAsync($"SELECT COALESCE(SUM(records), 0) FROM record_blocks b JOIN ingest_batches i ON i.id = b.batch_id WHERE i.received_at < {day * 86_400_000L}"));

    /// <summary>
    /// Every row of every per-day table the fold writes for days <paramref name="from"/>…<paramref name="to"/>, as text
    /// (the cube through the rollups view, so two databases compare by keys, not key ids), sorted.
    /// </summary>
    public Task<List<string>> RollupRowsAsync(int from = int.MinValue, int to = int.MaxValue) => RollupRowsAsync(Db.ConnectionString, from, to);

    public static async Task<List<string>> RollupRowsAsync(string connectionString, int from, int to)
    {
        var rows = new List<string>();
        await using var conn = new SqliteConnection(connectionString);
        await conn.OpenAsync();
        foreach (var (table, columns) in ((string, string)[])[
            ("rollups", "day, model_key, variant, app_key, category, provider, author, " + FoldFanOut.SumColumns),
            ("dimension_rollups", "dimension, day, key, " + FoldFanOut.SumColumns),
            ("app_attribution", "app_key, day, app_source, title, requests, tokens")])
        {
            await using var cmd = conn.CreateCommand();
            cmd.CommandText = $"SELECT {columns} FROM {table} WHERE day BETWEEN {from} AND {to}";
            await using var reader = await cmd.ExecuteReaderAsync();
            while (await reader.ReadAsync())
                rows.Add(table + ": " + string.Join(" | ", Enumerable.Range(0, reader.FieldCount).Select(i => Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture))));
        }
        rows.Sort(StringComparer.Ordinal);
        return rows;
    }

    /// <summary>Tokens per record day in the models' per-dimension rows.</summary>
    public async Task<Dictionary<int, long>> TokensByDayAsync()
    {
        var byDay = new Dictionary<int, long>();
        await using var conn = new SqliteConnection(Db.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = $"SELECT day, SUM(tokens_prompt + tokens_completion) FROM dimension_rollups WHERE dimension = {Dimensions.All.Single(d => d.Dimension == Dimension.Models).FoldIndex} GROUP BY day";
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync()) byDay[reader.GetInt32(0)] = reader.GetInt64(1);
        return byDay;
    }

    /// <summary>The same, summed from test records independently of the product.</summary>
    public static Dictionary<int, long> TokensByDay(IEnumerable<TestRecord> records) =>
        records.GroupBy(r => Days.FromDate(DateOnly.FromDateTime(r.CreatedAt.UtcDateTime))).ToDictionary(g => g.Key, g => g.Sum(r => r.Tokens));

    public ValueTask DisposeAsync() => Db.DisposeAsync();
}
