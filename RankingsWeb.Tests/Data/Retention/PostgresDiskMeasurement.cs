using Microsoft.Extensions.DependencyInjection;
using RankingsWeb.Data.Demo;
using RankingsWeb.Data.Ingestion;
using RankingsWeb.Data.Queries;
using RankingsWeb.Data.Retention;
using RankingsWeb.Tests.TestInfrastructure;
using Xunit.Abstractions;

namespace RankingsWeb.Tests.Data.Retention;

/// <summary>Runs only on PostgreSQL with RANKINGS_DISK_DAYS=1: a measurement that prints figures, not an assertion on them.</summary>
public sealed class PostgresDiskFactAttribute : FactAttribute
{
    public PostgresDiskFactAttribute()
    {
        if (!TestProvider.IsPostgres) Skip = TestProvider.PostgresOnly;
        else if (Environment.GetEnvironmentVariable("RANKINGS_DISK_DAYS") != "1")
            Skip = "measurement: RANKINGS_DISK_DAYS=1 [RANKINGS_DISK_RECORDS_PER_DAY=20000] RANKINGS_TEST_POSTGRES=… dotnet test RankingsWeb.Tests --filter PostgresDiskMeasurement --logger \"console;verbosity=detailed\"";
    }
}

/// <summary>
/// Disk after a simulated 60 days with the default retention (35 days raw and ids): each day a settable clock moves one
/// day, a day of demo traffic is ingested and folded, retention runs, and the sizes of the raw partitions, the id
/// partitions and the rollup tables are printed (pg_total_relation_size: heap, indexes and TOAST).
/// </summary>
public class PostgresDiskMeasurement(ITestOutputHelper output)
{
    [PostgresDiskFact]
    public async Task SixtyDays_OfTraffic_WithRetention_PrintsBytesPerRecord()
    {
        var perDay = int.Parse(Environment.GetEnvironmentVariable("RANKINGS_DISK_RECORDS_PER_DAY") ?? "20000", System.Globalization.CultureInfo.InvariantCulture);
        var start = new DateOnly(2026, 1, 1);
        var clock = new SettableClock(new DateTimeOffset(start.ToDateTime(new TimeOnly(23, 0)), TimeSpan.Zero));
        await using var db = await TestDatabase.CreateAsync(s => s.AddSingleton<TimeProvider>(clock));
        var ingestion = db.Get<IngestionService>();
        long ingested = 0;
        output.WriteLine("day\trecords kept\traw MB\tids MB\trollups MB\traw B/rec\tids B/rec\trollups B/rec (all ingested)");
        for (var d = 0; d < 60; d++)
        {
            var today = Days.Today(clock);
            foreach (var chunk in new DemoDataGenerator(today, 0.99, 1, perDay, seed: 1000 + d).NdjsonChunks(20_000))
            {
                using var body = new MemoryStream(chunk);
                ingested += (await ingestion.IngestAsync(body, IngestReader.Format.Ndjson, "disk", CancellationToken.None)).Accepted;
            }
            await db.FoldPendingAsync();
            await db.Get<IRawRetention>().RunAsync(CancellationToken.None);
            var kept = await PostgresReads.ScalarAsync(db, "SELECT COUNT(*) FROM raw_records");
            var ids = await PostgresReads.ScalarAsync(db, "SELECT COUNT(*) FROM record_ids");
            var raw = await PostgresReads.ScalarAsync(db, "SELECT COALESCE(SUM(pg_total_relation_size(inhrelid)), 0) FROM pg_inherits WHERE inhparent = 'raw_records'::regclass");
            var idsBytes = await PostgresReads.ScalarAsync(db, "SELECT COALESCE(SUM(pg_total_relation_size(inhrelid)), 0) FROM pg_inherits WHERE inhparent = 'record_ids'::regclass");
            var rollups = await PostgresReads.ScalarAsync(db, "SELECT pg_total_relation_size('rollups') + pg_total_relation_size('dimension_rollups') + pg_total_relation_size('app_attribution')");
            output.WriteLine($"{d + 1}\t{kept}\t{raw / 1e6:F1}\t{idsBytes / 1e6:F1}\t{rollups / 1e6:F1}\t{(kept == 0 ? 0 : raw / kept)}\t{(ids == 0 ? 0 : idsBytes / ids)}\t{rollups / Math.Max(1, ingested)}");
            clock.AddDays(1);
        }
        Assert.Equal(ingested, (await db.Get<StatusQueries>().GetAsync()).Records);
    }

    /// <summary>
    /// Bytes per raw row with and without the kept derivation inputs (migration RawRecordInputs): one day of demo traffic
    /// (RANKINGS_DISK_RECORDS_PER_DAY, 200000 here unless set) is ingested, then the raw rows are copied into two plain
    /// tables built alike — every column, and every column but the five input ones — each with the xid index, so the
    /// difference is the columns' alone. Prints how many rows keep each input as text.
    /// </summary>
    [PostgresDiskFact]
    public async Task OneDay_OfTraffic_PrintsRawBytesPerRow_WithAndWithoutTheKeptInputs()
    {
        var perDay = int.Parse(Environment.GetEnvironmentVariable("RANKINGS_DISK_RECORDS_PER_DAY") ?? "200000", System.Globalization.CultureInfo.InvariantCulture);
        var clock = new SettableClock(new DateTimeOffset(new DateOnly(2026, 1, 1).ToDateTime(new TimeOnly(23, 0)), TimeSpan.Zero));
        await using var db = await TestDatabase.CreateAsync(s => s.AddSingleton<TimeProvider>(clock));
        var ingestion = db.Get<IngestionService>();
        long ingested = 0;
        foreach (var chunk in new DemoDataGenerator(Days.Today(clock), 0.99, 1, perDay, seed: 1000).NdjsonChunks(20_000))
        {
            using var body = new MemoryStream(chunk);
            ingested += (await ingestion.IngestAsync(body, IngestReader.Format.Ndjson, "disk", CancellationToken.None)).Accepted;
        }
        var raw = await PostgresReads.ScalarAsync(db, "SELECT COALESCE(SUM(pg_total_relation_size(inhrelid)), 0) FROM pg_inherits WHERE inhparent = 'raw_records'::regclass");
        const string Without = "xid, arrival_day, id, created_at, day, model_key, variant, author, app_key, app_title, app_source, category, provider, " +
                               "tokens_prompt, tokens_completion, tokens_reasoning, tokens_cached, cost_nanos, requests, tool_calls, batch_id";
        await SchemaSteps.ExecuteAsync(db, $"""
            CREATE TABLE m_with AS SELECT * FROM raw_records; CREATE INDEX ON m_with (xid);
            CREATE TABLE m_without AS SELECT {Without} FROM raw_records; CREATE INDEX ON m_without (xid);
            """);
        var with = await PostgresReads.ScalarAsync(db, "SELECT pg_total_relation_size('m_with')");
        var without = await PostgresReads.ScalarAsync(db, "SELECT pg_total_relation_size('m_without')");
        output.WriteLine($"records {ingested}: raw partitions as ingested {raw / ingested} B/row; packed copies: with inputs {with / (double)ingested:F1} B/row, without {without / (double)ingested:F1} B/row");
        foreach (var column in (string[])["in_model", "in_provider", "in_app_url", "in_category"])
        {
            var kept = await PostgresReads.RowsAsync(db, $"SELECT COUNT(*), COALESCE(AVG(length({column})), 0) FROM raw_records WHERE {column} IS NOT NULL");
            output.WriteLine($"{column}: {kept[0][0]} rows keep text, {Convert.ToDouble(kept[0][1]):F1} characters on average");
        }
        output.WriteLine($"inputs <> 0 (an absent or a suffix bit): {await PostgresReads.ScalarAsync(db, "SELECT COUNT(*) FROM raw_records WHERE inputs <> 0")} rows");
        Assert.Equal(ingested, await PostgresReads.ScalarAsync(db, "SELECT COUNT(*) FROM raw_records"));
    }
}
