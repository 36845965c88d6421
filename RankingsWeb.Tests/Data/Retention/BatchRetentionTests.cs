using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using RankingsWeb.Data;
using RankingsWeb.Data.Aggregation;
using RankingsWeb.Data.Analytics;
using RankingsWeb.Data.Demo;
using RankingsWeb.Data.Ingestion;
using RankingsWeb.Data.Postgres;
using RankingsWeb.Data.Queries;
using RankingsWeb.Data.Retention;
using RankingsWeb.Data.Sqlite;
using RankingsWeb.Tests.TestInfrastructure;

namespace RankingsWeb.Tests.Data.Retention;

/// <summary>
/// Retention of <c>ingest_batches</c> (<see cref="BatchRetention"/>), on both databases: old batches nothing refers to
/// go, in bounded statements; recent ones, ones still waiting for the fold and the one the demo badge rests on stay; and
/// every reader of batches answers the same just before and just after a run.
/// </summary>
public class BatchRetentionTests
{
    private static readonly int Day0 = Days.FromDate(new DateOnly(2026, 10, 1));

    private sealed class Scenario(TestDatabase db, TestClock clock) : IAsyncDisposable
    {
        public TestDatabase Db { get; } = db;

        public int Today
        {
            get => Days.Today(clock);
            set => clock.Now = new DateTimeOffset(Days.ToDate(value).ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero);
        }

        /// <summary>Raw records and ids 3 days, so batches are kept <see cref="RetentionPolicy.BatchDays"/> = 40 days.</summary>
        public static async Task<Scenario> CreateAsync()
        {
            var clock = new TestClock(new DateTimeOffset(Days.ToDate(Day0).ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero));
            var db = await TestDatabase.CreateAsync(s =>
            {
                s.AddSingleton<TimeProvider>(clock);
                s.Configure<RankingsOptions>(o => { o.RawRetentionDays = 3; o.DedupDays = 40; });
            });
            var scenario = new Scenario(db, clock);
            Assert.Equal(40, db.Get<RetentionPolicy>().BatchDays);
            return scenario;
        }

        /// <summary>One request received today: <paramref name="good"/> records, then <paramref name="bad"/> lines that are not JSON.</summary>
        public async Task<IngestSummary> IngestAsync(int good, int bad, int seed, string source = "http:test", string prefix = "r")
        {
            var lines = good > 0 ? TestRecord.Ndjson(RecordMaker.Make(good, Days.ToDate(Today), 1, seed, prefix)) : "";
            for (var i = 0; i < bad; i++) lines += $"not json {seed}-{i}\n";
            using var body = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(lines));
            return await Db.Get<IngestionService>().IngestAsync(body, IngestReader.Format.Ndjson, source, CancellationToken.None);
        }

        /// <summary>
        /// Folds everything stored (<see cref="TestDatabase.FoldPendingAsync(IRollupFolder?)"/>: on PostgreSQL once the
        /// cluster-wide horizon is past every batch, which a transaction open in another database of a shared server holds
        /// back for a moment). A batch is folded past only when a later batch with records is: callers end with one.
        /// </summary>
        public Task FoldAsync() => Db.FoldPendingAsync();

        /// <summary>The store's retention, with <paramref name="batchStep"/> batches a statement.</summary>
        public IRawRetention Retention(int batchStep = RetentionPolicy.IngestLogStep) => TestProvider.IsPostgres
            ? new PostgresRawRetention(Db.Get<PostgresDatabase>(), Db.Get<PostgresPartitions>(), Db.Get<RetentionPolicy>(),
                NullLogger<PostgresRawRetention>.Instance) { BatchStep = batchStep }
            : new SqliteRawRetention(Db.Get<SqliteDatabase>(), Db.Get<RetentionPolicy>(), NullLogger<SqliteRawRetention>.Instance) { BatchStep = batchStep };

        public Task<RetentionResult> RunAsync(int batchStep = RetentionPolicy.IngestLogStep) => Retention(batchStep).RunAsync(CancellationToken.None);

        public async Task<List<long>> BatchIdsAsync()
        {
            await using var conn = await Db.Get<IReadConnections>().OpenReadAsync();
            await using var cmd = conn.CreateCommand();
            cmd.CommandText = "SELECT id FROM ingest_batches ORDER BY id";
            var ids = new List<long>();
            await using var r = await cmd.ExecuteReaderAsync();
            while (await r.ReadAsync()) ids.Add(r.GetInt64(0));
            return ids;
        }

        /// <summary>
        /// Every answer that reads batches, as text: the status API's figures, the oldest pending arrival, the ingestion
        /// page's 30 days and every day retention promises to keep, its rejected lines (with their batches' sources) and
        /// counts, the demo badge, and the rankings' totals.
        /// </summary>
        public async Task<string> ReadersAsync()
        {
            var status = await Db.Get<StatusQueries>().GetAsync();
            var health = Db.Get<IngestionHealthQueries>();
            var kept = Db.Get<RetentionPolicy>().OldestBatchArrivalDay(Today);
            var rankings = await Db.Get<RankingsQueries>().RankingsAsync(Dimension.Models, new DayWindow(Day0 - 2, Today + 2), Filters.None, 100);
            return string.Join("\n",
                $"status {status.Records} {status.Pending} {status.LastAggregatedAt}",
                $"oldest pending {await Db.Get<StatusQueries>().OldestPendingAsync()}",
                $"page {string.Join(" ", await health.ReceivedAsync(Today - 29))}",
                $"kept days {string.Join(" ", await health.ReceivedAsync(kept))}",
                $"reasons {string.Join(" ", await health.RejectedByReasonAsync(kept))}",
                $"lines {string.Join(" ", await health.RejectedLinesAsync(null, null, 1000))}",
                $"badge {await Db.Get<DemoDataQueries>().ReadAsync()}",
                $"rankings {rankings.TotalTokens} {string.Join(" ", rankings.Items.Select(i => $"{i.Key}={i.Tokens}/{i.Requests}"))}");
        }

        public ValueTask DisposeAsync() => Db.DisposeAsync();
    }

    [Fact]
    public async Task Retention_DropsOldReleasedBatches_KeepsRecentAndUnfoldedOnes_EveryReaderAnswersTheSame()
    {
        await using var s = await Scenario.CreateAsync();
        var a = (await s.IngestAsync(good: 20, bad: 2, seed: 1)).BatchIds[0];
        var b = (await s.IngestAsync(good: 0, bad: 3, seed: 2)).BatchIds[0]; // rejected lines only
        var demo = (await s.IngestAsync(good: 5, bad: 0, seed: 3, DemoDataSeeder.Source, prefix: "d")).BatchIds[0];
        await s.FoldAsync();
        s.Today = Day0 + 2;
        var unfolded = (await s.IngestAsync(good: 10, bad: 0, seed: 4, prefix: "u")).BatchIds[0];
        s.Today = Day0 + 5;
        // A resend of the first request's records: all duplicates, so only its received day keeps this batch.
        var resend = await s.IngestAsync(good: 20, bad: 0, seed: 1);
        Assert.Equal((0, 20), (resend.Accepted, resend.Duplicates));
        s.Today = Day0 + 10;
        var recent = (await s.IngestAsync(good: 10, bad: 0, seed: 5, prefix: "c")).BatchIds[0];

        // Day0 + 31: the first requests' rejected lines go (IngestLogDays 30), no batch is old enough yet.
        s.Today = Day0 + 31;
        var early = await s.RunAsync();
        Assert.Equal((5L, 0L), (early.RejectedLinesDropped, early.BatchesDropped));

        // Day0 + 43: the batches of Day0 go; the unfolded one of Day0 + 2 stays, and so does everything newer.
        s.Today = Day0 + 43;
        var before = await s.ReadersAsync();
        Assert.Contains("status 45 20 ", before);
        var result = await s.RunAsync();
        Assert.Equal(3, result.BatchesDropped);
        Assert.Contains("dropped 0 rejected lines and 3 batches", result.Describe());
        Assert.Equal(before, await s.ReadersAsync());
        Assert.Equal([unfolded, resend.BatchIds[0], recent], await s.BatchIdsAsync());
        Assert.DoesNotContain(a, await s.BatchIdsAsync());
        Assert.DoesNotContain(b, await s.BatchIdsAsync());
        Assert.DoesNotContain(demo, await s.BatchIdsAsync());

        // Once folded (its raw records go in the same run), the Day0 + 2 batch goes too; the newer ones stay, the resend
        // only for its age.
        await s.FoldAsync();
        before = await s.ReadersAsync();
        Assert.Contains("status 45 0 ", before);
        Assert.Equal(1, (await s.RunAsync()).BatchesDropped);
        Assert.Equal(before, await s.ReadersAsync());
        Assert.Equal([resend.BatchIds[0], recent], await s.BatchIdsAsync());
        Assert.Equal(0, (await s.RunAsync()).BatchesDropped); // a second run finds nothing more
    }

    [Fact]
    public async Task Retention_KeepsTheNewestBatchWithRecords_SoTheDemoBadgeKeepsItsAnswer()
    {
        await using var s = await Scenario.CreateAsync();
        var nothing = (await s.IngestAsync(good: 0, bad: 1, seed: 3)).BatchIds[0]; // a real request that added no data
        var demo1 = (await s.IngestAsync(good: 5, bad: 0, seed: 1, DemoDataSeeder.Source, prefix: "d")).BatchIds[0];
        var demo2 = (await s.IngestAsync(good: 5, bad: 0, seed: 2, DemoDataSeeder.Source, prefix: "e")).BatchIds[0];
        await s.FoldAsync();
        s.Today = Day0 + 31;
        var early = await s.RunAsync();
        Assert.Equal((1L, 0L), (early.RejectedLinesDropped, early.BatchesDropped)); // its line goes first, the batches later

        // Only demo data: the newest demo batch stays, the real one that accepted nothing goes.
        s.Today = Day0 + 41;
        var before = await s.ReadersAsync();
        Assert.Contains("badge DemoOnly", before);
        var result = await s.RunAsync();
        Assert.Equal(2, result.BatchesDropped);
        Assert.Equal(before, await s.ReadersAsync());
        Assert.Equal([demo2], await s.BatchIdsAsync());
        Assert.DoesNotContain(demo1, await s.BatchIdsAsync());
        Assert.DoesNotContain(nothing, await s.BatchIdsAsync());

        // Real data, all of it old: the newest real batch stays, the demo one goes (real data decides the badge).
        var real1 = (await s.IngestAsync(good: 5, bad: 0, seed: 4, prefix: "f")).BatchIds[0];
        var real2 = (await s.IngestAsync(good: 5, bad: 0, seed: 5, prefix: "g")).BatchIds[0];
        await s.FoldAsync();
        s.Today = Day0 + 90;
        before = await s.ReadersAsync();
        Assert.Contains("badge Real", before);
        Assert.Equal(2, (await s.RunAsync()).BatchesDropped);
        Assert.Equal(before, await s.ReadersAsync());
        Assert.Equal([real2], await s.BatchIdsAsync());
        Assert.DoesNotContain(real1, await s.BatchIdsAsync());
    }

    [Fact]
    public async Task BatchRetention_DeletesInBoundedStatements_OverMoreThanOneStep()
    {
        await using var s = await Scenario.CreateAsync();
        for (var i = 0; i < 6; i++) await s.IngestAsync(good: 2, bad: 0, seed: 10 + i, prefix: $"s{i}-");
        await s.FoldAsync();
        s.Today = Day0 + 41;
        var newest = (await s.BatchIdsAsync())[^1];

        // The store's run, two batches a statement: all five that may go, over three statements.
        var result = await s.RunAsync(batchStep: 2);
        Assert.Equal(5, result.BatchesDropped);
        Assert.Equal([newest], await s.BatchIdsAsync());

        // The statements themselves, with the store's release condition: five requests of one bad line each (once their
        // lines are gone) and the batch that was the newest with records, all folded past by a last request with one.
        for (var i = 0; i < 5; i++) await s.IngestAsync(good: 0, bad: 1, seed: 20 + i);
        var last = (await s.IngestAsync(good: 1, bad: 0, seed: 30, prefix: "z")).BatchIds[0];
        await s.FoldAsync();
        s.Today = Day0 + 90;
        var statements = new List<int>();
        async Task<int> Write(Func<System.Data.Common.DbConnection, System.Data.Common.DbCommand> work)
        {
            await using var conn = await OpenWriteAsync(s.Db);
            await using var cmd = work(conn);
            var deleted = await cmd.ExecuteNonQueryAsync();
            statements.Add(deleted);
            return deleted;
        }
        var policy = s.Db.Get<RetentionPolicy>();
        Assert.Equal(5, await IngestLogRetention.RunAsync(IngestLogRetention.CutMs(policy, s.Today), Write, CancellationToken.None));
        statements.Clear();
        var released = TestProvider.IsPostgres ? PostgresRawRetention.BatchesReleased : SqliteRawRetention.BatchesReleased;
        var dropped = await BatchRetention.RunAsync(BatchRetention.CutMs(policy, s.Today), released, 2, Write, CancellationToken.None);
        Assert.Equal(6, dropped);
        Assert.Equal([2, 2, 2, 0], statements);
        Assert.Equal([last], await s.BatchIdsAsync());
    }

    /// <summary>A connection that may write (SQLite's read connections are read-only).</summary>
    private static async Task<System.Data.Common.DbConnection> OpenWriteAsync(TestDatabase db)
    {
        if (TestProvider.IsPostgres) return await db.Get<PostgresDatabase>().DataSource.OpenConnectionAsync();
        var conn = new Microsoft.Data.Sqlite.SqliteConnection(db.ConnectionString);
        await conn.OpenAsync();
        return conn;
    }
}
