using Microsoft.Extensions.DependencyInjection;
using RankingsWeb.Data;
using RankingsWeb.Data.Analytics;
using RankingsWeb.Data.Ingestion;
using RankingsWeb.Data.Queries;
using RankingsWeb.Data.Retention;
using RankingsWeb.Tests.TestInfrastructure;

namespace RankingsWeb.Tests.Data.Retention;

/// <summary>
/// Retention of the ingest log's bulky part (<see cref="IngestLogRetention"/>), on both databases: rejected lines and
/// their batches' counts by reason go after <see cref="RetentionPolicy.IngestLogDays"/>, in bounded statements; newer
/// ones and the rollups stay.
/// </summary>
public class IngestLogRetentionTests
{
    private static readonly DateOnly Day0 = new(2026, 10, 1);

    /// <summary>A request of <paramref name="good"/> valid records and <paramref name="bad"/> lines that are not JSON.</summary>
    private static async Task<IngestSummary> IngestAsync(TestDatabase db, DateOnly day, int good, int bad, int seed)
    {
        var lines = TestRecord.Ndjson(RecordMaker.Make(good, day, 1, seed)).TrimEnd('\n');
        for (var i = 0; i < bad; i++) lines += $"\nnot json {seed}-{i}";
        using var body = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(lines + "\n"));
        return await db.Get<IngestionService>().IngestAsync(body, IngestReader.Format.Ndjson, "test", CancellationToken.None);
    }

    private static Task<long> CountAsync(TestDatabase db, string table) => ScalarAsync(db, $"SELECT COUNT(*) FROM {table}");

    private static async Task<long> ScalarAsync(TestDatabase db, string sql)
    {
        await using var conn = await db.Get<IReadConnections>().OpenReadAsync();
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = sql;
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task Retention_DropsRejectedLinesPastIngestLogDays_KeepsNewerOnesAndRollups()
    {
        var clock = new SettableClock(new DateTimeOffset(Day0.ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero));
        await using var db = await TestDatabase.CreateAsync(s =>
        {
            s.AddSingleton<TimeProvider>(clock);
            s.Configure<RankingsOptions>(o => { o.RawRetentionDays = 3; o.DedupDays = 3; });
        });
        var policy = db.Get<RetentionPolicy>();
        Assert.Equal(30, policy.IngestLogDays); // never shorter than the ingestion page's 30 days

        var old = await IngestAsync(db, Day0, good: 20, bad: 7, seed: 1);
        clock.AddDays(10);
        var newer = await IngestAsync(db, DateOnly.FromDateTime(clock.Now.UtcDateTime), good: 20, bad: 5, seed: 2);
        Assert.Equal((20, 7, 20, 5), (old.Accepted, old.Rejected.Count, newer.Accepted, newer.Rejected.Count));
        await db.FoldPendingAsync();
        var tokens = await ScalarAsync(db, "SELECT SUM(tokens_prompt + tokens_completion) FROM rollups");
        Assert.Equal((12L, 2L), (await CountAsync(db, "rejected_lines"), await CountAsync(db, "rejection_counts")));

        // Day0 + 30: nothing is older than 30 days yet. Day0 + 31: the first request's lines and counts go.
        clock.AddDays(20);
        Assert.Equal(0, (await db.Get<IRawRetention>().RunAsync(CancellationToken.None)).RejectedLinesDropped);
        Assert.Equal(12, await CountAsync(db, "rejected_lines"));
        clock.AddDays(1);
        var result = await db.Get<IRawRetention>().RunAsync(CancellationToken.None);
        Assert.Equal(7, result.RejectedLinesDropped);
        Assert.Contains("dropped 7 rejected lines", result.Describe());

        Assert.Equal((5L, 1L), (await CountAsync(db, "rejected_lines"), await CountAsync(db, "rejection_counts")));
        var lines = await db.Get<IngestionHealthQueries>().RejectedLinesAsync(null, null, 100);
        Assert.All(lines, l => Assert.StartsWith("not json 2-", l.Raw));
        // The first request's batch goes with its lines (BatchRetentionTests): both are past RetentionPolicy.BatchDays.
        Assert.Equal(1, await CountAsync(db, "ingest_batches"));
        Assert.Equal(tokens, await ScalarAsync(db, "SELECT SUM(tokens_prompt + tokens_completion) FROM rollups"));

        // Once the second request is past the window too, everything of the log's bulky part is gone.
        clock.AddDays(10);
        Assert.Equal(5, (await db.Get<IRawRetention>().RunAsync(CancellationToken.None)).RejectedLinesDropped);
        Assert.Equal((0L, 0L), (await CountAsync(db, "rejected_lines"), await CountAsync(db, "rejection_counts")));
    }

    [Fact]
    public async Task IngestLogRetention_DeletesInBoundedStatements()
    {
        await using var db = await TestDatabase.CreateAsync();
        var batch = (await IngestAsync(db, DateOnly.FromDateTime(DateTime.UtcNow), good: 1, bad: 1, seed: 3)).BatchIds[0];
        // More old lines than one statement takes, written straight in (a request keeps only the first lines' text).
        var n = RetentionPolicy.IngestLogStep + 5;
        await ExecAsync(db, $"""
            INSERT INTO rejected_lines (batch_id, line, record_id, error, reason, raw, received_at)
            SELECT {batch}, g, NULL, 'e', 'r', 'x', 1000 FROM {Series(n)}
            """);
        var statements = new List<int>();
        var dropped = await IngestLogRetention.RunAsync(86_400_000, async work =>
        {
            await using var conn = await OpenWriteAsync(db);
            await using var cmd = work(conn);
            var deleted = await cmd.ExecuteNonQueryAsync();
            statements.Add(deleted);
            return deleted;
        }, CancellationToken.None);
        Assert.Equal(n, dropped);
        Assert.Equal([RetentionPolicy.IngestLogStep, 5, 0], statements); // lines in two statements, then the counts' one
        Assert.Equal(1, await CountAsync(db, "rejected_lines")); // the request's own line, received now
    }

    private static string Series(int n) => TestProvider.IsPostgres
        ? $"generate_series(1, {n}) AS g"
        : $"(WITH RECURSIVE s(g) AS (SELECT 1 UNION ALL SELECT g + 1 FROM s WHERE g < {n}) SELECT g FROM s)";

    /// <summary>A connection that may write (SQLite's read connections are read-only).</summary>
    private static async Task<System.Data.Common.DbConnection> OpenWriteAsync(TestDatabase db)
    {
        if (TestProvider.IsPostgres) return await db.Get<RankingsWeb.Data.Postgres.PostgresDatabase>().DataSource.OpenConnectionAsync();
        var conn = new Microsoft.Data.Sqlite.SqliteConnection(db.ConnectionString);
        await conn.OpenAsync();
        return conn;
    }

    private static async Task ExecAsync(TestDatabase db, string sql)
    {
        await using var conn = await OpenWriteAsync(db);
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = sql;
        await cmd.ExecuteNonQueryAsync();
    }
}
