using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace RankingsWeb.Data.Sqlite;

/// <summary>
/// A prepared statement bound by position, for the hot paths: Microsoft.Data.Sqlite binds by name on every
/// execution, which costs more than the row itself. Prepared, stepped and
/// finalized through SQLitePCL; binds and column reads, a dozen per row, call SQLite directly (<see cref="Direct"/>).
/// Runs inside whatever transaction the connection has open.
/// </summary>
internal sealed partial class NativeStatement : IDisposable
{
    private readonly sqlite3 db;
    private readonly sqlite3_stmt stmt;
    private readonly IntPtr handle;

    public NativeStatement(SqliteConnection connection, string sql)
    {
        db = connection.Handle ?? throw new InvalidOperationException("the connection is not open");
        var rc = raw.sqlite3_prepare_v2(db, sql, out stmt);
        if (rc != raw.SQLITE_OK) throw new SqliteException(raw.sqlite3_errmsg(db).utf8_to_string(), rc);
        handle = stmt.DangerousGetHandle();
    }

    public void Bind(int index, long value) => Check(Direct.sqlite3_bind_int64(handle, index, value));

    public unsafe void Bind(int index, string value)
    {
        fixed (char* text = value)
        {
            // UTF-16 straight from the string, copied by SQLite: no UTF-8 array per bind.
            Check(Direct.sqlite3_bind_text16(handle, index, text, value.Length * sizeof(char), Direct.Transient));
        }
    }

    /// <summary>Binds a BLOB (SQLite copies it).</summary>
    public void Bind(int index, ReadOnlySpan<byte> value) => Check(raw.sqlite3_bind_blob(stmt, index, value));

    /// <summary>Runs the statement to completion; returns the rows it changed.</summary>
    public int Execute()
    {
        var rc = raw.sqlite3_step(stmt);
        if (rc != raw.SQLITE_DONE && rc != raw.SQLITE_ROW) Fail(rc);
        raw.sqlite3_reset(stmt);
        return raw.sqlite3_changes(db);
    }

    /// <summary>Steps to the next row of a query; false when there is none (the statement is then reset).</summary>
    public bool Read()
    {
        var rc = raw.sqlite3_step(stmt);
        if (rc == raw.SQLITE_ROW) return true;
        if (rc != raw.SQLITE_DONE) Fail(rc);
        raw.sqlite3_reset(stmt);
        return false;
    }

    /// <summary>The rowid of the connection's last successful INSERT.</summary>
    public long LastInsertRowId => raw.sqlite3_last_insert_rowid(db);

    public long Int64(int column) => Direct.sqlite3_column_int64(handle, column);

    public string Text(int column) => raw.sqlite3_column_text(stmt, column).utf8_to_string();

    /// <summary>A BLOB column, valid until the statement steps again.</summary>
    public ReadOnlySpan<byte> Blob(int column) => raw.sqlite3_column_blob(stmt, column);

    public void Dispose() => stmt.Dispose();

    private void Check(int rc)
    {
        if (rc != raw.SQLITE_OK) Fail(rc);
    }

    private void Fail(int rc)
    {
        var message = raw.sqlite3_errmsg(db).utf8_to_string();
        raw.sqlite3_reset(stmt);
        throw new SqliteException(message, rc);
    }

    /// <summary>
    /// The same library SQLitePCL loads, called without a SafeHandle per call (its reference counting was 5% of
    /// the CPU of an end-to-end run). The statement object is kept alive by the <see cref="NativeStatement"/>.
    /// The two per-value calls skip the GC transition: they return at once and never call back into .NET.
    /// </summary>
    private static unsafe partial class Direct
    {
        private const string Library = "e_sqlite3";

        /// <summary>SQLITE_TRANSIENT: SQLite copies the value before the call returns.</summary>
        public static readonly IntPtr Transient = new(-1);

        [LibraryImport(Library), SuppressGCTransition]
        public static partial int sqlite3_bind_int64(IntPtr stmt, int index, long value);

        [LibraryImport(Library), SuppressGCTransition]
        public static partial long sqlite3_column_int64(IntPtr stmt, int column);

        [LibraryImport(Library)]
        public static partial int sqlite3_bind_text16(IntPtr stmt, int index, char* text, int bytes, IntPtr destructor);
    }
}

/// <summary>
/// An INSERT (or upsert) of many rows per statement, for the hot paths: one statement per row paid SQLite's
/// per-statement work on every row, including the read and write of <c>sqlite_sequence</c> that AUTOINCREMENT
/// costs each statement. The caller says how many rows come;
/// full groups share one prepared statement and the last, shorter group gets its own.
/// Bind a row's columns (numbered from 1 within the row) between <see cref="BeginRow"/> and <see cref="EndRow"/>.
/// </summary>
internal sealed class MultiRowInsert(SqliteConnection connection, string head, int columns, string tail, int totalRows) : IDisposable
{
    public const int RowsPerStatement = 64;

    private NativeStatement? full;
    private NativeStatement? last;
    private NativeStatement? current;
    private int row;
    private int offset;

    /// <summary>Rows the executed statements inserted or updated.</summary>
    public int Changes { get; private set; }

    public void BeginRow()
    {
        if (row >= totalRows) throw new InvalidOperationException($"more than the {totalRows} rows announced");
        var inGroup = row % RowsPerStatement;
        var groupStart = row - inGroup;
        current = groupStart + RowsPerStatement <= totalRows
            ? full ??= new NativeStatement(connection, Sql(RowsPerStatement))
            : last ??= new NativeStatement(connection, Sql(totalRows - groupStart));
        offset = inGroup * columns;
    }

    public void Bind(int column, long value) => current!.Bind(offset + column, value);

    public void Bind(int column, string value) => current!.Bind(offset + column, value);

    public void EndRow()
    {
        row++;
        if (row % RowsPerStatement == 0 || row == totalRows) Changes += current!.Execute();
    }

    public void Dispose()
    {
        full?.Dispose();
        last?.Dispose();
    }

    private string Sql(int rows)
    {
        var sql = new System.Text.StringBuilder(head).Append(" VALUES ");
        for (var r = 0; r < rows; r++)
        {
            sql.Append(r == 0 ? "(" : ", (");
            for (var c = 1; c <= columns; c++) sql.Append(c == 1 ? "?" : ", ?").Append(r * columns + c);
            sql.Append(')');
        }
        return sql.Append(' ').Append(tail).ToString();
    }
}
