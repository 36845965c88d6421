using System.Diagnostics;
using Npgsql;
using RankingsWeb.Data.Retention;

namespace RankingsWeb.Data.Postgres;

/// <summary>
/// PostgreSQL re-fold, one record day at a time: in one transaction per day, deletes that day's cube, per-dimension
/// and attribution rows and inserts them again from the day's raw records below the fold's watermark (xid &lt; mark:
/// exactly the records the fold has already added). Records above the mark are the fold's to add later, so each day is
/// exact while ingestion goes on. Each day holds the fold's advisory lock (session-scoped; it conflicts with a fold
/// step's transaction-scoped one, and retention takes it too), so neither the mark nor the raw rows move under it,
/// and the fold runs between days instead of waiting for a whole range. A day's rows depend on that day's records
/// only, so a run stopped half-way leaves every day exact, rebuilt or not, and running it again finishes it.
/// The raw rows are summed where they lie (a view, not a copy). Apps' first and last seen and latest title are facts
/// about apps, not sums of days, and are left as they are.
/// </summary>
public sealed class PostgresRefolder(PostgresDatabase db, RetentionPolicy policy) : IRefolder
{
    public async Task<RefoldResult> RefoldAsync(int fromDay, int toDay, CancellationToken ct)
    {
        var sw = Stopwatch.StartNew();
        long records = 0;
        await using var conn = await db.DataSource.OpenConnectionAsync(ct);
        for (var day = fromDay; day <= toDay || day == fromDay; day++)
        {
            await PostgresPartitions.Exec(conn, null, $"SELECT pg_advisory_lock({PostgresLocks.Fold})", ct);
            try
            {
                // Under the lock: retention cannot drop a partition between this check and the read. The first
                // check covers the whole range, so a range that cannot be rebuilt changes nothing.
                policy.CheckRefoldRange(day, toDay, policy.Today);
                records += await RefoldDayAsync(conn, day, ct);
            }
            finally
            {
                await PostgresPartitions.Exec(conn, null, $"SELECT pg_advisory_unlock({PostgresLocks.Fold})", CancellationToken.None);
            }
        }
        return new RefoldResult(fromDay, toDay, records, sw.Elapsed);
    }

    private static async Task<long> RefoldDayAsync(NpgsqlConnection conn, int day, CancellationToken ct)
    {
        await using var tx = await conn.BeginTransactionAsync(ct);
        var mark = await ScalarAsync(conn, tx, "SELECT fold_xid FROM aggregation_state WHERE id = 1", ct);
        // A record of day D arrives on D − MaxDaysAhead or later: older arrival partitions are pruned. The values are
        // integers this code computed, inlined because a view takes no parameters.
        await PostgresPartitions.Exec(conn, tx, $"""
            CREATE TEMP VIEW fold_batch AS SELECT * FROM raw_records
            WHERE arrival_day >= {day - RetentionPolicy.MaxDaysAhead} AND day = {day} AND xid < {mark};
            DELETE FROM rollups WHERE day = {day};
            DELETE FROM dimension_rollups WHERE day = {day};
            DELETE FROM app_attribution WHERE day = {day};
            """, ct);
        var records = await ScalarAsync(conn, tx, "SELECT COUNT(*) FROM fold_batch", ct);
        await PostgresRollupFolder.Exec(conn, tx, PostgresRollupFolder.RollupsSql + "DROP VIEW fold_batch;", ct);
        await tx.CommitAsync(ct);
        return records;
    }

    private static async Task<long> ScalarAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string sql, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(sql, conn, tx);
        return (long)(await cmd.ExecuteScalarAsync(ct))!;
    }
}
