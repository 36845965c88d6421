using System.Data.Common;
using Npgsql;

namespace RankingsWeb.Data.Postgres;

/// <summary>The PostgreSQL data source for the raw hot paths and the read services.</summary>
public sealed class PostgresDatabase(string connectionString) : IReadConnections, IDisposable
{
    public NpgsqlDataSource DataSource { get; } = NpgsqlDataSource.Create(connectionString);

    /// <summary>
    /// The ingest path's own pool, whose connections are not reset when they go back to it: the reset (DISCARD ALL)
    /// would drop the temporary staging table each batch COPYs into, and creating it again each batch costs catalog
    /// writes (and bloat) per batch. Its connections only ever run the store's statements, so no other session state
    /// can leak between batches.
    /// </summary>
    public NpgsqlDataSource IngestSource { get; } = NpgsqlDataSource.Create(
        new NpgsqlConnectionStringBuilder(connectionString) { NoResetOnClose = true }.ConnectionString);

    public string ConnectionString { get; } = connectionString;

    public async Task<DbConnection> OpenReadAsync(CancellationToken ct = default) => await DataSource.OpenConnectionAsync(ct);

    public void Dispose()
    {
        DataSource.Dispose();
        IngestSource.Dispose();
    }
}
