using System.Diagnostics;
using Npgsql;
using RankingsWeb.Data.Retention;

namespace RankingsWeb.Data.Postgres;

/// <summary>
/// PostgreSQL re-fold: in one transaction, deletes the cube, per-dimension and attribution rows of record days
/// [from, to] and inserts them again from the raw records of those days below the fold's watermark (xid &lt; mark:
/// exactly the records the fold has already added). Records above the mark are the fold's to add later, so the result
/// is exact while ingestion goes on. The whole run holds the fold's advisory lock (session-scoped; it conflicts with a
/// fold step's transaction-scoped one, and retention takes it too), so neither the mark nor the raw rows move under
/// it. Apps' first and last seen and latest title are facts about apps, not sums of days, and are left as they are.
/// </summary>
public sealed class PostgresRefolder(PostgresDatabase db, RetentionPolicy policy) : IRefolder
{
    public async Task<RefoldResult> RefoldAsync(int fromDay, int toDay, CancellationToken ct)
    {
        var sw = Stopwatch.StartNew();
        await using var conn = await db.DataSource.OpenConnectionAsync(ct);
        await PostgresPartitions.Exec(conn, null, $"SELECT pg_advisory_lock({PostgresLocks.Fold})", ct);
        try
        {
            // Under the lock: retention cannot drop a partition between this check and the read.
            policy.CheckRefoldRange(fromDay, toDay, policy.Today);
            await using var tx = await conn.BeginTransactionAsync(ct);
            long records;
            // A record of day D arrives on D − MaxDaysAhead or later: older arrival partitions are pruned.
            await using (var cmd = new NpgsqlCommand("""
                CREATE TEMP TABLE fold_batch (LIKE raw_records) ON COMMIT DROP;
                INSERT INTO fold_batch SELECT * FROM raw_records
                WHERE arrival_day >= @oldestArrival AND day >= @from AND day <= @to
                    AND xid < (SELECT fold_xid FROM aggregation_state WHERE id = 1)
                """, conn, tx))
            {
                cmd.Parameters.AddWithValue("oldestArrival", fromDay - RetentionPolicy.MaxDaysAhead);
                cmd.Parameters.AddWithValue("from", fromDay);
                cmd.Parameters.AddWithValue("to", toDay);
                records = await cmd.ExecuteNonQueryAsync(ct);
            }
            await using (var cmd = new NpgsqlCommand("""
                DELETE FROM rollups WHERE day >= @from AND day <= @to;
                DELETE FROM dimension_rollups WHERE day >= @from AND day <= @to;
                DELETE FROM app_attribution WHERE day >= @from AND day <= @to;
                """, conn, tx))
            {
                cmd.Parameters.AddWithValue("from", fromDay);
                cmd.Parameters.AddWithValue("to", toDay);
                await cmd.ExecuteNonQueryAsync(ct);
            }
            await PostgresRollupFolder.Exec(conn, tx, PostgresRollupFolder.RollupsSql, ct);
            await tx.CommitAsync(ct);
            return new RefoldResult(fromDay, toDay, records, sw.Elapsed);
        }
        finally
        {
            await PostgresPartitions.Exec(conn, null, $"SELECT pg_advisory_unlock({PostgresLocks.Fold})", CancellationToken.None);
        }
    }
}
