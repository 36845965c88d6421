using Npgsql;

namespace RankingsWeb.Data.Postgres;

/// <summary>
/// The arrival day every ingest writer stamps on its rows and ids: one value in the database (<c>ingest_epoch</c>),
/// not each node's clock, so that deduplication across id partitions is race-free.
/// <para>
/// Why it is needed. An id is unique only per arrival day (PostgreSQL's unique keys must include the partition key:
/// <c>record_ids</c>' key is <c>(id, arrival_day)</c>). A writer inserts an id for day E when no row of it exists for
/// days [E − DedupDays, E) — checked by its statement's snapshot — and <c>ON CONFLICT (id, E)</c> makes a concurrent
/// writer of the same id and the same E wait for the first and then see the conflict. Two writers with different E
/// (two nodes either side of midnight) would each check the other's day in a snapshot that cannot see the other's
/// uncommitted row, and both insert: one record twice.
/// </para>
/// <para>
/// The proof that they cannot. (1) A writer takes <c>pg_advisory_xact_lock_shared(Epoch)</c> in one statement and only
/// THEN reads E in a later statement; under READ COMMITTED each statement takes a new snapshot, so E is read after the
/// lock is granted. (2) The day moves only in <see cref="AdvanceAsync"/>'s own transaction, which takes the same lock
/// exclusively BEFORE its UPDATE: it waits until every writer holding the shared lock has committed or rolled back,
/// and no writer gets the shared lock until it commits (advisory locks are released after the commit is visible).
/// So every writer that read the old E finished before the new E exists, and every writer that reads the new E takes
/// its snapshots after all of them committed: its [E − DedupDays, E) check sees their ids. Writers in flight at the
/// same time always hold the same E, where the ON CONFLICT on (id, E) serialises them. A writer never holds the lock
/// while waiting for the exclusive one, so there is no deadlock: the exclusive waits for in-flight batches only.
/// </para>
/// </summary>
public sealed class PostgresIngestEpoch(PostgresDatabase db, PostgresPartitions partitions)
{
    /// <summary>The first statement of every ingest transaction.</summary>
    internal static readonly string ShareSql = $"SELECT pg_advisory_xact_lock_shared({PostgresLocks.Epoch})";

    private int _day = int.MinValue;

    /// <summary>
    /// Makes sure the epoch is at least <paramref name="today"/> (this node's clock), with its partitions made first,
    /// so a write never meets a missing partition. Cheap when this process already saw that day.
    /// </summary>
    public async Task EnsureAtLeastAsync(int today, CancellationToken ct)
    {
        if (today <= Volatile.Read(ref _day)) return;
        await partitions.EnsureAsync(today, ct);
        var day = await AdvanceAsync(today, ct);
        Volatile.Write(ref _day, Math.Max(day, today));
    }

    /// <summary>Moves the epoch to <paramref name="today"/> if it is behind (never back); returns the epoch after.</summary>
    private async Task<int> AdvanceAsync(int today, CancellationToken ct)
    {
        await using var conn = await db.DataSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await PostgresPartitions.Exec(conn, tx, $"SELECT pg_advisory_xact_lock({PostgresLocks.Epoch})", ct);
        await using var cmd = new NpgsqlCommand("""
            UPDATE ingest_epoch SET arrival_day = @today WHERE id = 1 AND arrival_day < @today;
            SELECT arrival_day FROM ingest_epoch WHERE id = 1
            """, conn, tx);
        cmd.Parameters.AddWithValue("today", today);
        var day = (int)(await cmd.ExecuteScalarAsync(ct))!;
        await tx.CommitAsync(ct);
        return day;
    }
}
