using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace RankingsWeb.Data.Sqlite;

/// <summary>Opens raw connections for the hot paths and serialises writers within the process.</summary>
public sealed class SqliteDatabase : IReadConnections, IDisposable
{
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> Gates = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> RawGates = new(StringComparer.Ordinal);

    /// <summary>
    /// Process-wide SQLite settings; they only take effect before the library's first connection, so the service
    /// registration calls this before anything can open one. Memory statistics off: with them on, every allocation inside SQLite takes a
    /// global mutex (lock and unlock were 5.8% of the CPU of an end-to-end run); nothing here reads them.
    /// </summary>
    public static void ConfigureLibrary()
    {
        SQLitePCL.Batteries_V2.Init();
        SQLitePCL.raw.sqlite3_config(SqliteConfigMemStatus, 0); // SQLITE_MISUSE once initialised: harmless, and then too late
    }

    private const int SqliteConfigMemStatus = 9; // SQLITE_CONFIG_MEMSTATUS

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
        RawGate = RawGates.GetOrAdd(Path.GetFullPath(builder.DataSource), _ => new SemaphoreSlim(1, 1));
    }

    public string ConnectionString { get; }

    /// <summary>The ids of this database's cube keys, cached.</summary>
    internal CubeKeys CubeKeys { get; } = new();

    /// <summary>SQLite has one writer; waiting on a semaphore beats spinning on SQLITE_BUSY.</summary>
    public SemaphoreSlim WriteGate { get; }

    /// <summary>
    /// Held by retention while it deletes record blocks and by a re-fold while it reads them, so that neither deletes
    /// what the other reads; ingestion and the fold never take it. One per file in this process: SQLite is one node.
    /// </summary>
    public SemaphoreSlim RawGate { get; }

    private SqliteConnection? _writer;

    /// <summary>
    /// Runs <paramref name="work"/> holding <see cref="WriteGate"/>, on the one connection kept open for the
    /// hot-path writers. One connection matters: SQLite drops a connection's page cache whenever another
    /// connection wrote since its last transaction, so writers taking turns on pooled connections re-read the
    /// same index pages on every batch.
    /// A connection that saw an error is closed and the next writer opens a fresh one.
    /// </summary>
    public async Task<T> WriteAsync<T>(WriterUse use, Func<SqliteConnection, Task<T>> work, CancellationToken ct)
    {
        await WriteGate.WaitAsync(ct);
        var held = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            _writer ??= await OpenAsync(ct);
            try
            {
                return await work(_writer);
            }
            catch
            {
                _writer.Dispose();
                _writer = null;
                throw;
            }
        }
        finally
        {
            WriterTime.Add(use, System.Diagnostics.Stopwatch.GetElapsedTime(held));
            WriteGate.Release();
        }
    }

    /// <summary>How long this process held the write lock, per use (the bench prints it: SQLite has one writer).</summary>
    public WriterTime WriterTime { get; } = new();

    public void Dispose()
    {
        WriteGate.Wait();
        try
        {
            _writer?.Dispose();
            _writer = null;
        }
        finally
        {
            WriteGate.Release();
        }
    }

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

/// <summary>What the one writer connection was held for (Maintenance: retention and re-folds).</summary>
public enum WriterUse { Append, Fold, Maintenance }

/// <summary>Time spent holding the write lock and committing, per <see cref="WriterUse"/>; thread-safe.</summary>
public sealed class WriterTime
{
    private static readonly int Uses = Enum.GetValues<WriterUse>().Length;
    private readonly long[] heldTicks = new long[Uses], commitTicks = new long[Uses], counts = new long[Uses];

    public void Add(WriterUse use, TimeSpan held)
    {
        Interlocked.Add(ref heldTicks[(int)use], held.Ticks);
        Interlocked.Increment(ref counts[(int)use]);
    }

    /// <summary>Commits <paramref name="tx"/>, counting the time it took.</summary>
    public async Task CommitAsync(WriterUse use, DbTransaction tx, CancellationToken ct)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        await tx.CommitAsync(ct);
        Interlocked.Add(ref commitTicks[(int)use], System.Diagnostics.Stopwatch.GetElapsedTime(started).Ticks);
    }

    public (long Count, TimeSpan Held, TimeSpan Commits) Of(WriterUse use) =>
        (Interlocked.Read(ref counts[(int)use]), TimeSpan.FromTicks(Interlocked.Read(ref heldTicks[(int)use])),
            TimeSpan.FromTicks(Interlocked.Read(ref commitTicks[(int)use])));
}
