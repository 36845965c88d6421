using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace RankingsWeb.Data;

/// <summary>Opens raw connections for the hot paths and serialises writers within the process.</summary>
public sealed class SqliteDatabase : IReadConnections
{
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> Gates = new(StringComparer.Ordinal);

    public SqliteDatabase(string connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (builder.Mode != SqliteOpenMode.Memory && !string.IsNullOrEmpty(builder.DataSource))
        {
            var dir = Path.GetDirectoryName(Path.GetFullPath(builder.DataSource));
            if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
        }
        if (builder.DefaultTimeout < 60) builder.DefaultTimeout = 60;
        ConnectionString = builder.ToString();
        WriteGate = Gates.GetOrAdd(Path.GetFullPath(builder.DataSource), _ => new SemaphoreSlim(1, 1));
    }

    public string ConnectionString { get; }

    /// <summary>SQLite has one writer; waiting on a semaphore beats spinning on SQLITE_BUSY.</summary>
    public SemaphoreSlim WriteGate { get; }

    public async Task<DbConnection> OpenReadAsync(CancellationToken ct = default)
    {
        var conn = new SqliteConnection(ConnectionString);
        await conn.OpenAsync(ct);
        return conn;
    }

    public async Task<SqliteConnection> OpenAsync(CancellationToken ct = default)
    {
        var conn = new SqliteConnection(ConnectionString);
        await conn.OpenAsync(ct);
        using var cmd = conn.CreateCommand();
        // FULL: a commit is fsynced before we answer 202, so accepted records survive a power cut too.
        cmd.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA busy_timeout=60000; PRAGMA cache_size=-65536; PRAGMA temp_store=MEMORY;";
        await cmd.ExecuteNonQueryAsync(ct);
        return conn;
    }
}

/// <summary>Read connections for the query services, whatever the provider.</summary>
public interface IReadConnections
{
    Task<DbConnection> OpenReadAsync(CancellationToken ct = default);
}
