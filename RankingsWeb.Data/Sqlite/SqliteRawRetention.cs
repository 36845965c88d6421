using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using RankingsWeb.Data.Retention;

namespace RankingsWeb.Data.Sqlite;

/// <summary>
/// SQLite retention, by arrival day (the batch's <c>received_at</c>): deletes the record blocks that arrived before
/// <see cref="RetentionPolicy.OldestRawArrivalDay"/> and are folded already (seq at or below the mark: an unfolded block
/// is never dropped), and forgets their ids once they arrived before <see cref="RetentionPolicy.OldestIdArrivalDay"/>.
/// <para>
/// Work goes in bounded steps, each a read outside the write lock and then one short immediate transaction through the
/// single writer, so ingestion and the fold interleave. Blocks go oldest first, as a prefix of <c>seq</c> (which is
/// arrival order): a block behind an unfolded or newer one waits for it. A step is all or nothing, so a run killed
/// anywhere is finished by the next. Blocks whose ids must outlive them leave those ids' list in <c>retired_ids</c>
/// (<see cref="RetiredIdList"/>), which the id steps read when the ids expire. Old rejected lines go next
/// (<see cref="IngestLogRetention"/>), then the batches nothing refers to any more (<see cref="BatchRetention"/>).
/// Rollups are never touched.
/// </para>
/// </summary>
public sealed class SqliteRawRetention(SqliteDatabase db, RetentionPolicy policy, ILogger<SqliteRawRetention> logger) : IRawRetention
{
    /// <summary>The start of a UTC day in Unix ms, as batches' <c>received_at</c> counts.</summary>
    internal static long DayStartMs(int day) => day * 86_400_000L;

    /// <summary>Blocks one step deletes at most.</summary>
    public int StepBlocks { get; init; } = 64;

    /// <summary>
    /// Records (and so ids) one step handles at most, in whole blocks and at least one: forgetting an id is a delete in
    /// <c>record_ids</c> under the write lock, about as costly as storing one.
    /// </summary>
    public long StepRecords { get; init; } = 50_000;

    /// <summary>Batches one delete statement takes at most (<see cref="BatchRetention"/>).</summary>
    public int BatchStep { get; init; } = RetentionPolicy.IngestLogStep;

    /// <summary>
    /// A batch is released once no block and no retired id list of it is left: retention drops both as a prefix of
    /// <c>seq</c>, and batch ids never decrease along <c>seq</c> (the single writer stores a batch and its blocks in one
    /// transaction), so those are the batches below the first one still holding either. Blocks go only once folded.
    /// </summary>
    internal const string BatchesReleased = """
        b.id < COALESCE((SELECT batch_id FROM record_blocks ORDER BY seq LIMIT 1), 9223372036854775807)
        AND b.id < COALESCE((SELECT batch_id FROM retired_ids ORDER BY seq LIMIT 1), 9223372036854775807)
        """;

    /// <summary>Test hook: runs after each committed step (throw here to kill a run between steps).</summary>
    internal Action<StepDone>? AfterStep { get; set; }

    /// <summary>What one step did: blocks deleted, records in them, ids forgotten.</summary>
    internal readonly record struct StepDone(int Blocks, long Records, long Ids);

    public async Task<RetentionResult> RunAsync(CancellationToken ct)
    {
        var sw = Stopwatch.StartNew();
        await db.RawGate.WaitAsync(ct);
        try
        {
            var today = policy.Today;
            var rawCut = DayStartMs(policy.OldestRawArrivalDay(today));
            var idCut = DayStartMs(policy.OldestIdArrivalDay(today));
            long records = 0, ids = 0;
            var blocks = 0;
            while (true)
            {
                ct.ThrowIfCancellationRequested();
                var step = await BlocksStepAsync(rawCut, idCut, ct);
                if (step.Blocks == 0) break;
                (blocks, records, ids) = (blocks + step.Blocks, records + step.Records, ids + step.Ids);
                AfterStep?.Invoke(step);
            }
            while (true)
            {
                ct.ThrowIfCancellationRequested();
                var step = await RetiredIdsStepAsync(idCut, ct);
                if (step.Ids == 0) break;
                ids += step.Ids;
                AfterStep?.Invoke(step);
            }
            await WarnHeldBackAsync(rawCut, ct);
            Task<int> Write(Func<System.Data.Common.DbConnection, System.Data.Common.DbCommand> work) =>
                db.WriteAsync(WriterUse.Maintenance, async conn =>
                {
                    await using var cmd = work(conn);
                    return await cmd.ExecuteNonQueryAsync(ct);
                }, ct);
            var lines = await IngestLogRetention.RunAsync(IngestLogRetention.CutMs(policy, today), Write, ct);
            // Last: a batch goes only after its blocks, id lists and rejected lines.
            var batches = await BatchRetention.RunAsync(BatchRetention.CutMs(policy, today), BatchesReleased, BatchStep, Write, ct);
            return new RetentionResult(records, ids, blocks, UnitsCreated: 0, sw.Elapsed, lines, batches);
        }
        finally
        {
            db.RawGate.Release();
        }
    }

    private sealed record Expired(long Seq, long BatchId, long Records, List<string> Ids, bool IdsExpired);

    /// <summary>
    /// One step of blocks. Read outside the write lock: folded blocks below the mark never change and only retention,
    /// which holds <see cref="SqliteDatabase.RawGate"/>, deletes them, so what was read is still true under the lock.
    /// </summary>
    private async Task<StepDone> BlocksStepAsync(long rawCut, long idCut, CancellationToken ct)
    {
        var expired = new List<Expired>();
        await using (var conn = await db.OpenAsync(ct))
        await using (var read = conn.BeginTransaction(deferred: true))
        {
            var mark = BlockSums.Mark(conn);
            long records = 0;
            using var q = new NativeStatement(conn, """
                SELECT seq, batch_id, records, (SELECT received_at FROM ingest_batches WHERE id = b.batch_id), data
                FROM record_blocks b ORDER BY seq LIMIT ?1
                """);
            q.Bind(1, StepBlocks);
            while (records < StepRecords && q.Read())
            {
                var (seq, receivedAt) = (q.Int64(0), q.Int64(3));
                if (receivedAt >= rawCut || seq > mark) break;
                var n = q.Int64(2);
                var ids = new List<string>(checked((int)n));
                var block = new RecordBlock.Reader(q.Blob(4), n);
                while (block.Next(out var r)) ids.Add(r.Id!);
                expired.Add(new Expired(seq, q.Int64(1), n, ids, receivedAt < idCut));
                records += n;
            }
        }
        if (expired.Count == 0) return default;

        return await db.WriteAsync(WriterUse.Maintenance, async conn =>
        {
            await using var tx = conn.BeginTransaction(deferred: false);
            long forgotten = 0;
            using (var forget = ForgetStatement(conn))
            using (var retire = new NativeStatement(conn, "INSERT INTO retired_ids (seq, batch_id, count, data) VALUES (?1, ?2, ?3, ?4)"))
            {
                foreach (var b in expired)
                {
                    if (b.IdsExpired)
                    {
                        forgotten += Forget(forget, b.Ids, b.BatchId);
                        continue;
                    }
                    retire.Bind(1, b.Seq);
                    retire.Bind(2, b.BatchId);
                    retire.Bind(3, b.Ids.Count);
                    retire.Bind(4, RetiredIdList.Pack(b.Ids));
                    retire.Execute();
                }
            }
            using (var delete = new NativeStatement(conn, "DELETE FROM record_blocks WHERE seq BETWEEN ?1 AND ?2"))
            {
                delete.Bind(1, expired[0].Seq);
                delete.Bind(2, expired[^1].Seq);
                var deleted = delete.Execute();
                // The read took a contiguous run of seq from the start: anything else means another deleter ran.
                if (deleted != expired.Count) throw new InvalidOperationException($"retention: expected to delete {expired.Count} blocks, deleted {deleted}");
            }
            await db.WriterTime.CommitAsync(WriterUse.Maintenance, tx, ct);
            return new StepDone(expired.Count, expired.Sum(b => b.Records), forgotten);
        }, ct);
    }

    /// <summary>One step of id lists whose batch arrived before <paramref name="idCut"/>: their ids are forgotten.</summary>
    private async Task<StepDone> RetiredIdsStepAsync(long idCut, CancellationToken ct)
    {
        var lists = new List<(long Seq, long BatchId, List<string> Ids)>();
        await using (var conn = await db.OpenAsync(ct))
        await using (var read = conn.BeginTransaction(deferred: true))
        {
            long ids = 0;
            using var q = new NativeStatement(conn, """
                SELECT seq, batch_id, count, (SELECT received_at FROM ingest_batches WHERE id = r.batch_id), data
                FROM retired_ids r ORDER BY seq LIMIT ?1
                """);
            q.Bind(1, StepBlocks);
            while (ids < StepRecords && q.Read())
            {
                if (q.Int64(3) >= idCut) break;
                lists.Add((q.Int64(0), q.Int64(1), RetiredIdList.Unpack(q.Blob(4))));
                ids += q.Int64(2);
            }
        }
        if (lists.Count == 0) return default;

        return await db.WriteAsync(WriterUse.Maintenance, async conn =>
        {
            await using var tx = conn.BeginTransaction(deferred: false);
            long forgotten = 0;
            using (var forget = ForgetStatement(conn))
            {
                foreach (var l in lists) forgotten += Forget(forget, l.Ids, l.BatchId);
            }
            using (var delete = new NativeStatement(conn, "DELETE FROM retired_ids WHERE seq BETWEEN ?1 AND ?2"))
            {
                delete.Bind(1, lists[0].Seq);
                delete.Bind(2, lists[^1].Seq);
                if (delete.Execute() != lists.Count) throw new InvalidOperationException("retention: retired_ids changed under the step");
            }
            await db.WriterTime.CommitAsync(WriterUse.Maintenance, tx, ct);
            return new StepDone(0, 0, forgotten);
        }, ct);
    }

    /// <summary>
    /// Deletes an id only with the batch that stored it: an id forgotten earlier and then accepted again as new belongs
    /// to its new batch.
    /// </summary>
    private static NativeStatement ForgetStatement(SqliteConnection conn) => new(conn, "DELETE FROM record_ids WHERE id = ?1 AND batch_id = ?2");

    private static long Forget(NativeStatement forget, List<string> ids, long batchId)
    {
        long n = 0;
        foreach (var id in ids)
        {
            forget.Bind(1, id);
            forget.Bind(2, batchId);
            n += forget.Execute();
        }
        return n;
    }

    /// <summary>Old blocks the fold has not reached are kept, and said so: the fold is stuck or far behind.</summary>
    private async Task WarnHeldBackAsync(long rawCut, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        using var q = new NativeStatement(conn, """
            SELECT COUNT(*), COALESCE(SUM(records), 0) FROM record_blocks b
            WHERE seq > (SELECT high_water_seq FROM aggregation_state WHERE id = 1)
              AND (SELECT received_at FROM ingest_batches WHERE id = b.batch_id) < ?1
            """);
        q.Bind(1, rawCut);
        q.Read();
        var (blocks, records) = (q.Int64(0), q.Int64(1));
        while (q.Read()) { }
        if (blocks > 0)
            logger.LogWarning("Retention kept {Blocks} record blocks ({Records} records) older than Rankings:RawRetentionDays because the fold has not reached them yet", blocks, records);
    }
}
