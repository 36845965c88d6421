using System.Data.Common;
using Npgsql;

namespace RankingsWeb.Data.Postgres;

/// <summary>The PostgreSQL data source for the raw hot paths and the read services.</summary>
public sealed class PostgresDatabase(string connectionString) : IReadConnections, IDisposable
{
    public NpgsqlDataSource DataSource { get; } = NpgsqlDataSource.Create(connectionString);

    public string ConnectionString { get; } = connectionString;

    public async Task<DbConnection> OpenReadAsync(CancellationToken ct = default) => await DataSource.OpenConnectionAsync(ct);

    public void Dispose() => DataSource.Dispose();
}
