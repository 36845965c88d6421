using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Npgsql;
using RankingsWeb.Data.Retention;

namespace RankingsWeb.Data.Postgres;

/// <summary>
/// PostgreSQL retention: makes the partitions ahead, then drops whole partitions — <c>raw_records</c>' whose every
/// arrival day is before <see cref="RetentionPolicy.OldestRawArrivalDay"/>, <c>record_ids</c>' before
/// <see cref="RetentionPolicy.OldestIdArrivalDay"/> — with DROP TABLE (a catalog change, no dead tuples), never DELETE.
/// <list type="bullet">
/// <item>The run holds the fold's lock (session-scoped), so a drop never races a fold step or a re-fold reading the rows.</item>
/// <item>A raw partition still holding rows the fold has not reached (xid ≥ the mark) is kept, with a warning: its
/// records are not in the rollups yet.</item>
/// <item>DROP needs a moment's exclusive lock on the parent table, and while it waits every new insert queues behind it:
/// a short lock_timeout bounds that stall, and a drop that times out is left to the next run.</item>
/// </list>
/// Rows are counted before the drop (a scan of a partition nothing writes to any more, outside any lock). Old rejected
/// lines go after the lock is released (<see cref="IngestLogRetention"/>), then the batches nothing refers to any more
/// (<see cref="BatchRetention"/>).
/// </summary>
public sealed class PostgresRawRetention(PostgresDatabase db, PostgresPartitions partitions, RetentionPolicy policy, ILogger<PostgresRawRetention> log) : IRawRetention
{
    internal const string DropLockTimeout = "2s";

    /// <summary>Batches one delete statement takes at most (<see cref="BatchRetention"/>).</summary>
    public int BatchStep { get; init; } = RetentionPolicy.IngestLogStep;

    /// <summary>
    /// A batch is released once below the fold's watermark: its records are in the rollups, and neither the pending
    /// count nor the fold's step bounds read it again (both read at or above the mark, which only moves up, so this
    /// needs no lock).
    /// </summary>
    internal const string BatchesReleased = "b.xid < (SELECT fold_xid FROM aggregation_state WHERE id = 1)";

    public async Task<RetentionResult> RunAsync(CancellationToken ct)
    {
        var sw = Stopwatch.StartNew();
        var today = policy.Today;
        var created = await partitions.EnsureAsync(today, ct);

        await using var conn = await db.DataSource.OpenConnectionAsync(ct);
        long raw = 0, ids = 0;
        var dropped = 0;
        int? oldestRaw = null;
        await PostgresPartitions.Exec(conn, null, $"SELECT pg_advisory_lock({PostgresLocks.Fold})", ct);
        try
        {
            var mark = await ScalarAsync(conn, "SELECT fold_xid FROM aggregation_state WHERE id = 1", ct);
            foreach (var p in await PostgresPartitions.ListAsync(conn, null, PostgresPartitions.RawTable, ct))
            {
                if (p.To > policy.OldestRawArrivalDay(today)) continue;
                if (await ScalarAsync(conn, $"SELECT COUNT(*) FROM (SELECT 1 FROM {p.Name} WHERE xid >= {mark} LIMIT 1) u", ct) > 0)
                {
                    log.LogWarning("Retention keeps partition {Partition}: it holds records the fold has not reached yet", p.Name);
                    continue;
                }
                var n = await ScalarAsync(conn, $"SELECT COUNT(*) FROM {p.Name}", ct);
                if (await DropAsync(conn, p, ct)) { raw += n; dropped++; }
            }
            oldestRaw = (await PostgresPartitions.ListAsync(conn, null, PostgresPartitions.RawTable, ct)).Select(p => (int?)p.From).Min();
            foreach (var p in await PostgresPartitions.ListAsync(conn, null, PostgresPartitions.IdsTable, ct))
            {
                if (p.To > policy.OldestIdArrivalDay(today)) continue;
                var n = await ScalarAsync(conn, $"SELECT COUNT(*) FROM {p.Name}", ct);
                if (await DropAsync(conn, p, ct)) { ids += n; dropped++; }
            }
        }
        finally
        {
            await PostgresPartitions.Exec(conn, null, $"SELECT pg_advisory_unlock({PostgresLocks.Fold})", CancellationToken.None);
        }

        // Outside the fold's lock: rejected lines and old batches have nothing to do with the fold, which need not wait.
        async Task<int> Write(Func<System.Data.Common.DbConnection, System.Data.Common.DbCommand> work)
        {
            await using var cmd = work(conn);
            return await cmd.ExecuteNonQueryAsync(ct);
        }
        var lines = await IngestLogRetention.RunAsync(IngestLogRetention.CutMs(policy, today), Write, ct);
        // Last: a batch goes only after its rejected lines and its raw records.
        var batches = await BatchRetention.RunAsync(BatchCutMs(policy, today, oldestRaw), BatchesReleased, BatchStep, Write, ct);
        return new RetentionResult(raw, ids, dropped, created, sw.Elapsed, lines, batches);
    }

    /// <summary>
    /// Raw rows carry their batch's id, so a batch must not go before its raw partition (kept while unfolded, or after a
    /// drop timed out). A raw row's arrival day is the shared ingest epoch's, which may run a day ahead of the batch's
    /// <c>received_at</c> across midnight (node clocks): batches received before the day before the oldest raw
    /// partition's first day have no raw row left.
    /// </summary>
    internal static long BatchCutMs(RetentionPolicy policy, int today, int? oldestRawDay) =>
        Math.Min(BatchRetention.CutMs(policy, today), oldestRawDay is { } d ? (d - 1) * 86_400_000L : long.MaxValue);

    private async Task<bool> DropAsync(NpgsqlConnection conn, PostgresPartition p, CancellationToken ct)
    {
        try
        {
            await using var tx = await conn.BeginTransactionAsync(ct);
            await PostgresPartitions.Exec(conn, tx, $"SET LOCAL lock_timeout = '{DropLockTimeout}'", ct);
            await PostgresPartitions.Exec(conn, tx, $"SELECT pg_advisory_xact_lock({PostgresLocks.Partitions})", ct);
            await PostgresPartitions.Exec(conn, tx, $"DROP TABLE IF EXISTS {p.Name}", ct);
            await tx.CommitAsync(ct);
            return true;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.LockNotAvailable)
        {
            log.LogWarning("Retention could not drop partition {Partition} within {Timeout} (busy); the next run will", p.Name, DropLockTimeout);
            return false;
        }
    }

    private static async Task<long> ScalarAsync(NpgsqlConnection conn, string sql, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(sql, conn);
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
    }
}
