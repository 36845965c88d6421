using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using RankingsWeb.Data;
using RankingsWeb.Data.Ingestion;
using RankingsWeb.Data.Postgres;
using RankingsWeb.Tests.TestInfrastructure;

namespace RankingsWeb.Tests.Data.Retention;

/// <summary>A clock the test moves; timers are the system's (the store's retry pause only).</summary>
public sealed class SettableClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;

    public void AddDays(int days) => Now = Now.AddDays(days);
}

/// <summary>
/// Another node on a test database's PostgreSQL database: its own data services (pools, partition cache, ingest epoch
/// cache, clock), as a second app process would have.
/// </summary>
public sealed class PostgresNode : IAsyncDisposable
{
    private PostgresNode(ServiceProvider services) => Services = services;

    public ServiceProvider Services { get; }

    public static PostgresNode On(TestDatabase db, TimeProvider clock, Action<RankingsOptions>? options = null)
    {
        return new PostgresNode(TestDatabase.DataServices(db.Get<PostgresDatabase>().ConnectionString, postgres: true, services =>
        {
            services.AddSingleton(clock);
            if (options is not null) services.Configure(options);
        }));
    }

    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    public async Task<IngestSummary> IngestAsync(IEnumerable<TestRecord> records)
    {
        using var body = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(TestRecord.Ndjson(records)));
        return await Get<IngestionService>().IngestAsync(body, IngestReader.Format.Ndjson, "test", CancellationToken.None);
    }

    public ValueTask DisposeAsync() => Services.DisposeAsync();
}

/// <summary>Reads for the PostgreSQL retention tests.</summary>
public static class PostgresReads
{
    public static async Task<List<object?[]>> RowsAsync(TestDatabase db, string sql)
    {
        await using var conn = await db.Get<PostgresDatabase>().DataSource.OpenConnectionAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        await using var r = await cmd.ExecuteReaderAsync();
        var rows = new List<object?[]>();
        while (await r.ReadAsync())
        {
            var row = new object?[r.FieldCount];
            for (var i = 0; i < row.Length; i++) row[i] = r.IsDBNull(i) ? null : r.GetValue(i);
            rows.Add(row);
        }
        return rows;
    }

    public static async Task<long> ScalarAsync(TestDatabase db, string sql) => Convert.ToInt64((await RowsAsync(db, sql))[0][0]);

    /// <summary>Every row of every table a re-fold rebuilds, for days [from, to], in a fixed order, as text.</summary>
    public static async Task<List<string>> RollupRowsAsync(TestDatabase db, int from, int to)
    {
        var all = new List<string>();
        foreach (var (table, order) in new[]
                 {
                     ("rollups", "day, model_key, variant, app_key, category, provider"),
                     ("dimension_rollups", "dimension, day, key"),
                     ("app_attribution", "app_key, day, app_source, title"),
                 })
        {
            foreach (var row in await RowsAsync(db, $"SELECT * FROM {table} WHERE day >= {from} AND day <= {to} ORDER BY {order}"))
                all.Add(table + ": " + string.Join("|", row.Select(v => v?.ToString() ?? "NULL")));
        }
        return all;
    }
}
