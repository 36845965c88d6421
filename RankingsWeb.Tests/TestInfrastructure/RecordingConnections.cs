using System.Collections.Concurrent;
using System.Data;
using System.Data.Common;
using System.Diagnostics.CodeAnalysis;
using RankingsWeb.Data;

namespace RankingsWeb.Tests.TestInfrastructure;

/// <summary>
/// Read connections that note every command executed on them (its text and parameter names, never values):
/// what a query does, shown without a clock.
/// </summary>
public sealed class RecordingConnections(IReadConnections inner) : IReadConnections
{
    public ConcurrentQueue<string> Commands { get; } = new();

    public async Task<DbConnection> OpenReadAsync(CancellationToken ct = default) => new Connection(await inner.OpenReadAsync(ct), this);

    /// <summary>The commands run by <paramref name="action"/>.</summary>
    public async Task<List<string>> RecordAsync(Func<Task> action)
    {
        Commands.Clear();
        await action();
        return [.. Commands];
    }

    private void Note(DbCommand command) =>
        Commands.Enqueue(command.CommandText + " | " + string.Join(",", command.Parameters.Cast<DbParameter>().Select(p => p.ParameterName)));

    private sealed class Connection(DbConnection inner, RecordingConnections owner) : DbConnection
    {
        [AllowNull]
        public override string ConnectionString { get => inner.ConnectionString; set => inner.ConnectionString = value; }
        public override string Database => inner.Database;
        public override string DataSource => inner.DataSource;
        public override string ServerVersion => inner.ServerVersion;
        public override ConnectionState State => inner.State;
        public override void ChangeDatabase(string databaseName) => inner.ChangeDatabase(databaseName);
        public override void Close() => inner.Close();
        public override void Open() => inner.Open();
        protected override DbTransaction BeginDbTransaction(IsolationLevel isolationLevel) => inner.BeginTransaction(isolationLevel);
        protected override DbCommand CreateDbCommand() => new Command(inner.CreateCommand(), this, owner);

        public override async ValueTask DisposeAsync()
        {
            await inner.DisposeAsync();
            await base.DisposeAsync();
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) inner.Dispose();
            base.Dispose(disposing);
        }
    }

    private sealed class Command(DbCommand inner, DbConnection connection, RecordingConnections owner) : DbCommand
    {
        [AllowNull]
        public override string CommandText { get => inner.CommandText; set => inner.CommandText = value; }
        public override int CommandTimeout { get => inner.CommandTimeout; set => inner.CommandTimeout = value; }
        public override CommandType CommandType { get => inner.CommandType; set => inner.CommandType = value; }
        public override bool DesignTimeVisible { get => inner.DesignTimeVisible; set => inner.DesignTimeVisible = value; }
        public override UpdateRowSource UpdatedRowSource { get => inner.UpdatedRowSource; set => inner.UpdatedRowSource = value; }
        protected override DbConnection? DbConnection { get => connection; set { } }
        protected override DbParameterCollection DbParameterCollection => inner.Parameters;
        protected override DbTransaction? DbTransaction { get => inner.Transaction; set => inner.Transaction = value; }
        public override void Cancel() => inner.Cancel();
        public override void Prepare() => inner.Prepare();
        protected override DbParameter CreateDbParameter() => inner.CreateParameter();

        public override int ExecuteNonQuery()
        {
            owner.Note(inner);
            return inner.ExecuteNonQuery();
        }

        public override object? ExecuteScalar()
        {
            owner.Note(inner);
            return inner.ExecuteScalar();
        }

        protected override DbDataReader ExecuteDbDataReader(CommandBehavior behavior)
        {
            owner.Note(inner);
            return inner.ExecuteReader(behavior);
        }

        protected override Task<DbDataReader> ExecuteDbDataReaderAsync(CommandBehavior behavior, CancellationToken cancellationToken)
        {
            owner.Note(inner);
            return inner.ExecuteReaderAsync(behavior, cancellationToken);
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) inner.Dispose();
            base.Dispose(disposing);
        }
    }
}
