using System.Diagnostics;
using Microsoft.Data.Sqlite;
using RankingsWeb.Data.Retention;

namespace RankingsWeb.Data.Sqlite;

/// <summary>
/// SQLite re-fold: rebuilds every per-day rollup table the fold writes (<c>cube</c>, <c>dimension_rollups</c>,
/// <c>app_attribution</c>) for a range of record days from the record blocks still kept, while ingestion and the fold
/// go on. Apps' first and last seen and latest titles span all days: the range's records are merged into <c>apps</c> as
/// a fold step merges them (<see cref="FoldDelta.Write"/>), so a key a fixed rule gives is listed under its title as the
/// fold would have listed it, and with unchanged rules nothing there changes.
/// <para>
/// Reading, outside the write lock in a read transaction (a WAL snapshot): the mark M, then the folded blocks
/// (seq &lt;= M) of the batches received from the day before the range on (records of day D arrive on
/// D − <see cref="RetentionPolicy.MaxDaysAhead"/> or later), summed for the range's days only. Writing, in one
/// immediate transaction: the blocks the fold folded meanwhile (M, current mark] are added, the range's rows are
/// deleted and the sums written. So the range holds every folded record of its days once; blocks above the mark are
/// the fold's, which adds them later. <see cref="SqliteDatabase.RawGate"/> keeps retention from deleting the blocks
/// being read. Running it twice gives the same rows as once.
/// </para>
/// <para>
/// Blocks keep the records' derivation inputs (model, provider, app_url, app_title, category as sent) with their keys
/// (format 3, see <see cref="RecordBlock"/>), and a re-fold derives the keys again from them with the rules of this
/// build (<see cref="Ingestion.RecordDerivation"/>): after a derivation rule is fixed, re-folding the retained days applies
/// the fix. With unchanged rules a re-fold equals the fold. Records stored before inputs were kept (format 2) keep their
/// keys, as do records whose inputs the current rules would refuse.
/// </para>
/// </summary>
public sealed class SqliteRefolder(SqliteDatabase db, RetentionPolicy policy) : IRefolder
{
    /// <summary>Test hook: runs between the reading and the writing phase (ingest and fold here to race it).</summary>
    internal Func<Task>? BetweenPhases { get; set; }

    public async Task<RefoldResult> RefoldAsync(int fromDay, int toDay, CancellationToken ct)
    {
        var sw = Stopwatch.StartNew();
        policy.CheckRefoldRange(fromDay, toDay, policy.Today);
        await db.RawGate.WaitAsync(ct);
        try
        {
            // Again: a retention run that held the gate may have started a new day meanwhile.
            policy.CheckRefoldRange(fromDay, toDay, policy.Today);
            var sums = new BlockSums(fromDay, toDay, rederive: true);
            long mark;
            await using (var conn = await db.OpenAsync(ct))
            await using (var read = conn.BeginTransaction(deferred: true))
            {
                mark = BlockSums.Mark(conn);
                var first = FirstBlockFrom(conn, SqliteRawRetention.DayStartMs(fromDay - RetentionPolicy.MaxDaysAhead), mark);
                sums.Read(conn, after: first - 1, upTo: mark);
            }
            if (BetweenPhases is { } between) await between();

            return await db.WriteAsync(WriterUse.Maintenance, async writer =>
            {
                await using var tx = writer.BeginTransaction(deferred: false);
                sums.Read(writer, after: mark, upTo: BlockSums.Mark(writer));
                var delta = FoldDelta.From(sums, db.CubeKeys);
                DeleteRange(writer, fromDay, toDay);
                using var cubeKeys = db.CubeKeys.Begin(writer);
                delta.Write(writer, cubeKeys, Aggregation.TitleTies.Keep);
                // Public caches key on the records folded, which a re-fold leaves as they are: without this they could
                // serve the range as it was, and the apps as they were, for a cache entry's whole life.
                using (var bump = new NativeStatement(writer, Apps.AppListing.BumpVersionSql)) bump.Execute();
                await db.WriterTime.CommitAsync(WriterUse.Maintenance, tx, ct);
                cubeKeys.Commit();
                return new RefoldResult(fromDay, toDay, sums.Records, sw.Elapsed, sums.RefusedInputs);
            }, ct);
        }
        finally
        {
            db.RawGate.Release();
        }
    }

    /// <summary>
    /// The seq of the first block of a batch received at or after <paramref name="receivedFrom"/> (ms), or
    /// <paramref name="mark"/> + 1 if none is folded yet. A binary search over seq, which needs no index: the single writer
    /// stores a batch and its blocks in one transaction, so batch ids never decrease along seq. Taking the smallest
    /// batch id received since then reads a superset if the clock ever stepped back, never less. The index bounds that
    /// to the batches since then (SQLite's own plan walked every batch from the first for MIN(id)).
    /// </summary>
    private static long FirstBlockFrom(SqliteConnection conn, long receivedFrom, long mark)
    {
        long firstBatch;
        using (var q = new NativeStatement(conn, """
            SELECT COALESCE(MIN(id), -1) FROM ingest_batches INDEXED BY ix_ingest_batches_received_at WHERE received_at >= ?1
            """))
        {
            q.Bind(1, receivedFrom);
            q.Read();
            firstBatch = q.Int64(0);
            while (q.Read()) { }
        }
        if (firstBatch < 0) return mark + 1; // nothing received since then
        // P(x): the first block at or after seq x is of firstBatch or later, or there is none. P is monotone in x.
        using var probe = new NativeStatement(conn, "SELECT batch_id FROM record_blocks WHERE seq >= ?1 ORDER BY seq LIMIT 1");
        bool P(long x)
        {
            probe.Bind(1, x);
            if (!probe.Read()) return true;
            var batch = probe.Int64(0);
            while (probe.Read()) { }
            return batch >= firstBatch;
        }
        // The answer is in (lo, hi]; hi = mark + 1 stands for "none folded yet" (blocks above it are not read here).
        long lo = 0, hi = mark + 1;
        while (hi - lo > 1)
        {
            var mid = lo + (hi - lo) / 2;
            if (P(mid)) hi = mid;
            else lo = mid;
        }
        return hi;
    }

    /// <summary>Deletes the range's rows of every per-day table the fold writes, seeking by key where the key comes first.</summary>
    private static void DeleteRange(SqliteConnection conn, int fromDay, int toDay)
    {
        var dimensions = string.Join(", ", Aggregation.FoldFanOut.PerDimension.Select(d => d.FoldIndex));
        foreach (var sql in (string[])[
            "DELETE FROM cube WHERE key_id IN (SELECT id FROM cube_keys) AND day BETWEEN ?1 AND ?2",
            $"DELETE FROM dimension_rollups WHERE dimension IN ({dimensions}) AND day BETWEEN ?1 AND ?2",
            "DELETE FROM app_attribution WHERE day BETWEEN ?1 AND ?2"])
        {
            using var delete = new NativeStatement(conn, sql);
            delete.Bind(1, fromDay);
            delete.Bind(2, toDay);
            delete.Execute();
        }
    }

}
