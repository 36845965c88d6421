using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using RankingsWeb.Data.Demo;
using RankingsWeb.Data.Ingestion;
using RankingsWeb.Data.Retention;
using RankingsWeb.Tests.TestInfrastructure;
using Xunit.Abstractions;
using static RankingsWeb.Tests.Data.Retention.SqliteRetentionScenario;

namespace RankingsWeb.Tests.Data.Retention;

/// <summary>Runs only when RANKINGS_RETENTION_MEASURE=1: a measurement that prints figures, not a timed assertion.</summary>
public sealed class RetentionMeasurementFactAttribute : FactAttribute
{
    public RetentionMeasurementFactAttribute()
    {
        if (TestProvider.IsPostgres) Skip = TestProvider.SqliteOnly;
        else if (Environment.GetEnvironmentVariable("RANKINGS_RETENTION_MEASURE") != "1")
            Skip = "measurement: RANKINGS_RETENTION_MEASURE=1 [RANKINGS_RETENTION_RECORDS_PER_DAY=20000] dotnet test RankingsWeb.Tests --filter SqliteRetentionMeasurement --logger \"console;verbosity=detailed\"";
    }
}

/// <summary>
/// 60 simulated days of demo traffic on a test clock with the default retention (35 days raw, 35 days ids), retention
/// run after each day's fold: bytes of raw blocks, ids and rollups per day (SQLite's dbstat where the build has it, else the rows' payload), the free pages and the file.
/// </summary>
public class SqliteRetentionMeasurement(ITestOutputHelper output)
{
    private const int SimulatedDays = 60;

    [RetentionMeasurementFact]
    public async Task SixtyDays_RawFlatAfterRetention_RollupsGrowSlowly()
    {
        var perDay = int.Parse(Environment.GetEnvironmentVariable("RANKINGS_RETENTION_RECORDS_PER_DAY") ?? "20000");
        await using var s = await CreateAsync(rawDays: 35, dedupDays: 35);
        var ingestion = s.Db.Get<IngestionService>();
        var retention = s.Db.Get<IRawRetention>();
        output.WriteLine($"{perDay:N0} records a day (demo shapes), retention 35 days raw and ids, after each day's fold");
        output.WriteLine("day | ingested | kept records | raw MB | ids MB | rollups MB | free MB | file MB | raw B/kept record | ids B/kept id | rollups B/ingested record | dropped");

        long ingested = 0;
        for (var d = 0; d < SimulatedDays; d++)
        {
            // One generator per day, so every day has about the same traffic (one over 60 days ramps up threefold).
            s.Today = Day0 + d;
            foreach (var chunk in new DemoDataGenerator(Day0 + d, 1.0, days: 1, perDay, seed: 1000 + d).NdjsonChunks(20_000))
                ingested += await IngestAsync(ingestion, chunk); // batches of 20k, as the bench sends
            await s.FoldAsync();
            var dropped = await retention.RunAsync(CancellationToken.None);
            await ReportAsync(s, d, ingested, dropped);
        }
    }

    private static async Task<long> IngestAsync(IngestionService ingestion, byte[] chunk)
    {
        using var body = new MemoryStream(chunk);
        var summary = await ingestion.IngestAsync(body, IngestReader.Format.Ndjson, "measure", CancellationToken.None);
        Assert.Empty(summary.Rejected);
        return summary.Accepted;
    }

    private static async Task<Dictionary<string, long>?> DbstatAsync(SqliteConnection conn)
    {
        var bytes = new Dictionary<string, long>();
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = "SELECT name, SUM(pgsize) FROM dbstat GROUP BY name";
        try
        {
            await using var reader = await cmd.ExecuteReaderAsync();
            while (await reader.ReadAsync()) bytes[reader.GetString(0)] = reader.GetInt64(1);
            return bytes;
        }
        catch (SqliteException e) when (e.Message.Contains("no such table: dbstat", StringComparison.Ordinal))
        {
            return null;
        }
    }

    /// <summary>Bytes of the rows as stored (record header, integers at their stored width, text and blobs), without page overhead.</summary>
    private static async Task<Dictionary<string, long>> PayloadAsync(SqliteConnection conn)
    {
        var sums = new Dictionary<string, string>
        {
            ["record_blocks"] = "SELECT COALESCE(SUM(length(data) + 12), 0) FROM record_blocks",
            ["record_ids"] = "SELECT COALESCE(SUM(length(CAST(id AS BLOB)) + 8), 0) FROM record_ids",
            ["retired_ids"] = "SELECT COALESCE(SUM(length(data) + 16), 0) FROM retired_ids",
            ["cube"] = "SELECT COUNT(*) * 40 FROM cube",
            ["cube_keys"] = "SELECT COALESCE(SUM(length(model_key) + length(variant) + length(app_key) + length(category) + length(provider) + length(author) + 12), 0) * 2 FROM cube_keys",
            ["dimension_rollups"] = "SELECT COALESCE(SUM(length(key) + 36), 0) FROM dimension_rollups",
            ["app_attribution"] = "SELECT COALESCE(SUM(length(app_key) * 2 + length(title) * 2 + 20), 0) FROM app_attribution",
            ["apps"] = "SELECT COALESCE(SUM(length(key) * 2 + length(display_name) + 30), 0) FROM apps",
        };
        var bytes = new Dictionary<string, long>();
        foreach (var (table, sql) in sums)
        {
            await using var cmd = conn.CreateCommand();
            cmd.CommandText = sql;
            bytes[table] = Convert.ToInt64(await cmd.ExecuteScalarAsync());
        }
        return bytes;
    }

    private async Task ReportAsync(SqliteRetentionScenario s, int day, long ingested, RetentionResult dropped)
    {
        await using var conn = new SqliteConnection(s.Db.ConnectionString);
        await conn.OpenAsync();
        await using (var checkpoint = conn.CreateCommand())
        {
            checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
            await checkpoint.ExecuteNonQueryAsync();
        }
        // Pages per table from dbstat where the build has it (the e_sqlite3 bundled with Microsoft.Data.Sqlite does not):
        // else the stored bytes of the rows (payload, no page overhead); the file and free-page figures are exact either way.
        var pages = await DbstatAsync(conn);
        var bytes = pages ?? await PayloadAsync(conn);
        if (day == 0) output.WriteLine(pages is null ? "(table bytes: row payload, this SQLite has no dbstat)" : "(table bytes: dbstat pages)");
        // A table's bytes with its indexes (SQLite's own autoindexes included).
        long Of(params string[] tables) => bytes.Where(b => tables.Any(t => b.Key == t || b.Key.StartsWith($"sqlite_autoindex_{t}_", StringComparison.Ordinal))).Sum(b => b.Value);
        var raw = Of("record_blocks");
        var ids = Of("record_ids", "retired_ids");
        var rollups = Of("cube", "cube_keys", "ux_cube_keys", "dimension_rollups", "app_attribution", "apps");
        var kept = await s.ScalarAsync("SELECT COALESCE(SUM(records), 0) FROM record_blocks");
        var keptIds = await s.ScalarAsync("SELECT COUNT(*) FROM record_ids");
        var free = await s.ScalarAsync("PRAGMA freelist_count") * await s.ScalarAsync("PRAGMA page_size");
        var file = new FileInfo(new SqliteConnectionStringBuilder(s.Db.ConnectionString).DataSource).Length;
        static string Mb(long b) => (b / 1e6).ToString("F1", System.Globalization.CultureInfo.InvariantCulture);
        static string Per(long b, long n) => n == 0 ? "-" : ((double)b / n).ToString("F1", System.Globalization.CultureInfo.InvariantCulture);
        if (day == SimulatedDays - 1 && Environment.GetEnvironmentVariable("RANKINGS_RETENTION_COPY_TO") is { Length: > 0 } copy)
            File.Copy(new SqliteConnectionStringBuilder(s.Db.ConnectionString).DataSource, copy, overwrite: true); // for sqlite3_analyzer or dbstat elsewhere
        output.WriteLine($"{day,3} | {ingested,9:N0} | {kept,9:N0} | {Mb(raw),6} | {Mb(ids),6} | {Mb(rollups),6} | {Mb(free),6} | {Mb(file),6} | {Per(raw, kept),6} | {Per(ids, keptIds),6} | {Per(rollups, ingested),6} | {dropped.UnitsDropped} blocks, {dropped.RawRecordsDropped:N0} records, {dropped.IdsDropped:N0} ids in {dropped.Elapsed.TotalMilliseconds:F0} ms");
    }
}
