using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using RankingsWeb.Data.Ingestion;

namespace RankingsWeb.Data.Sqlite;

/// <summary>
/// SQLite append path, in one immediate transaction and without change tracking (EF's <c>SaveChanges</c> is ten
/// times slower here). The accepted records are stored packed, with their keys, in <c>record_blocks</c> (see
/// <see cref="RecordBlock"/>), and each new id once in <c>record_ids</c> with its batch: that insert is the only
/// work per record under the write lock, and an id found there makes a record a duplicate.
/// </summary>
public sealed class SqliteUsageStore(SqliteDatabase db, TimeProvider clock, IOptions<RankingsOptions> options) : IUsageStore
{
    /// <summary>
    /// Test hook: the keys each record is stored with, in place of the parser's (its inputs unchanged): a test stores
    /// records as a build with other derivation rules would have, then re-folds them under the current ones.
    /// </summary>
    internal Func<ValidRecord, ValidRecord>? StoreKeysForTest { get; set; }

    public async Task<AppendResult> AppendAsync(string source, IReadOnlyList<ValidRecord> records, IReadOnlyList<Rejection> rejections, CancellationToken ct)
    {
        // Outside the write lock: which records carry an id not seen earlier in the batch, and the blocks they make.
        var accepted = new bool[records.Count];
        var seen = new HashSet<string>(records.Count, StringComparer.Ordinal);
        for (var i = 0; i < accepted.Length; i++) accepted[i] = seen.Add(records[i].Id);
        var blocks = Pack(StoreKeysForTest is { } rekey ? [.. records.Select(rekey)] : records, accepted);
        var rejected = RejectionReasons.ToStore(rejections, options.Value.MaxStoredRejectedLinesPerBatch);
        return await db.WriteAsync(WriterUse.Append, async conn =>
        {
            await using var tx = conn.BeginTransaction(deferred: false);
            var now = clock.GetUtcNow().ToUnixTimeMilliseconds();

            long batchId;
            await using (var cmd = conn.CreateCommand())
            {
                cmd.Transaction = tx;
                cmd.CommandText = "INSERT INTO ingest_batches (received_at, source, accepted, duplicates, rejected) VALUES (@t, @s, 0, 0, @r); SELECT last_insert_rowid();";
                cmd.Parameters.AddWithValue("@t", now);
                cmd.Parameters.AddWithValue("@s", source.Length > 200 ? source[..200] : source);
                cmd.Parameters.AddWithValue("@r", rejections.Count);
                batchId = (long)(await cmd.ExecuteScalarAsync(ct))!;
            }

            var stored = blocks.Count > 0 ? InsertRecords(conn, records, accepted, blocks, batchId) : 0;

            if (rejected.Lines.Count > 0)
            {
                await using var rej = conn.CreateCommand();
                rej.Transaction = tx;
                rej.CommandText = "INSERT INTO rejected_lines (batch_id, line, record_id, error, reason, raw, received_at) VALUES (@b, @l, @i, @e, @c, @r, @t)";
                var pb = rej.Parameters.Add("@b", SqliteType.Integer);
                var pl = rej.Parameters.Add("@l", SqliteType.Integer);
                var pi = rej.Parameters.Add("@i", SqliteType.Text);
                var pe = rej.Parameters.Add("@e", SqliteType.Text);
                var pc = rej.Parameters.Add("@c", SqliteType.Text);
                var pr = rej.Parameters.Add("@r", SqliteType.Text);
                var pt = rej.Parameters.Add("@t", SqliteType.Integer);
                rej.Prepare();
                foreach (var (r, reason) in rejected.Lines)
                {
                    pb.Value = batchId;
                    pl.Value = r.Line;
                    pi.Value = (object?)r.Id ?? DBNull.Value;
                    pe.Value = r.Error;
                    pc.Value = reason;
                    pr.Value = r.Raw;
                    pt.Value = now;
                    rej.ExecuteNonQuery();
                }
            }
            if (rejected.Counts.Count > 0)
            {
                await using var count = conn.CreateCommand();
                count.Transaction = tx;
                count.CommandText = "INSERT INTO rejection_counts (batch_id, reason, received_at, count) VALUES (@b, @c, @t, @n)";
                var pb = count.Parameters.Add("@b", SqliteType.Integer);
                var pc = count.Parameters.Add("@c", SqliteType.Text);
                var pt = count.Parameters.Add("@t", SqliteType.Integer);
                var pn = count.Parameters.Add("@n", SqliteType.Integer);
                count.Prepare();
                foreach (var (reason, n) in rejected.Counts)
                {
                    pb.Value = batchId;
                    pc.Value = reason;
                    pt.Value = now;
                    pn.Value = n;
                    count.ExecuteNonQuery();
                }
            }

            var duplicates = records.Count - stored;
            await using (var cmd = conn.CreateCommand())
            {
                cmd.Transaction = tx;
                cmd.CommandText = "UPDATE ingest_batches SET accepted = @a, duplicates = @d WHERE id = @id";
                cmd.Parameters.AddWithValue("@a", stored);
                cmd.Parameters.AddWithValue("@d", duplicates);
                cmd.Parameters.AddWithValue("@id", batchId);
                await cmd.ExecuteNonQueryAsync(ct);
            }

            await db.WriterTime.CommitAsync(WriterUse.Append, tx, ct);
            return new AppendResult(batchId, stored, duplicates, rejections.Count);
        }, ct);
    }

    /// <summary>The records <paramref name="include"/> marks, in order, as blocks of at most <see cref="RecordBlock.MaxRecords"/>.</summary>
    private static List<(int Records, byte[] Data)> Pack(IReadOnlyList<ValidRecord> records, bool[] include)
    {
        var blocks = new List<(int, byte[])>();
        RecordBlock.Writer? block = null;
        for (var i = 0; i < include.Length; i++)
        {
            if (!include[i]) continue;
            block ??= new RecordBlock.Writer(Math.Min(RecordBlock.MaxRecords, include.Length - i));
            block.Add(records[i]);
            if (block.Count < RecordBlock.MaxRecords) continue;
            blocks.Add((block.Count, block.ToArray()));
            block = null;
        }
        if (block is not null) blocks.Add((block.Count, block.ToArray()));
        return blocks;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // once per batch: too rarely to tier up, too long to run unoptimized
    private static int InsertRecords(SqliteConnection conn, IReadOnlyList<ValidRecord> records, bool[] accepted,
        List<(int Records, byte[] Data)> blocks, long batchId)
    {
        var candidates = new List<int>(records.Count);
        for (var i = 0; i < accepted.Length; i++)
        {
            if (accepted[i]) candidates.Add(i);
        }
        using (var insert = new MultiRowInsert(conn, "INSERT OR IGNORE INTO record_ids (id, batch_id)", columns: 2, tail: "", candidates.Count))
        {
            foreach (var i in candidates)
            {
                insert.BeginRow();
                insert.Bind(1, records[i].Id);
                insert.Bind(2, batchId);
                insert.EndRow();
            }
            if (insert.Changes < candidates.Count)
            {
                // Some ids were stored by an earlier batch (the ids of this one are distinct): find them, and pack again without them.
                foreach (var i in StoredEarlier(conn, records, candidates, batchId)) accepted[i] = false;
                blocks = Pack(records, accepted);
            }
        }

        using var block = new NativeStatement(conn, "INSERT INTO record_blocks (batch_id, records, data) VALUES (?1, ?2, ?3)");
        var stored = 0;
        foreach (var (n, data) in blocks)
        {
            block.Bind(1, batchId);
            block.Bind(2, n);
            block.Bind(3, data);
            block.Execute();
            stored += n;
        }
        return stored;
    }

    private static List<int> StoredEarlier(SqliteConnection conn, IReadOnlyList<ValidRecord> records, List<int> candidates, long batchId)
    {
        var earlier = new List<int>();
        for (var start = 0; start < candidates.Count; start += MultiRowInsert.RowsPerStatement)
        {
            var n = Math.Min(MultiRowInsert.RowsPerStatement, candidates.Count - start);
            using var select = new NativeStatement(conn,
                $"SELECT id FROM record_ids WHERE batch_id <> ?1 AND id IN ({string.Join(", ", Enumerable.Range(2, n).Select(p => "?" + p))})");
            select.Bind(1, batchId);
            for (var p = 0; p < n; p++) select.Bind(p + 2, records[candidates[start + p]].Id);
            var found = new HashSet<string>(StringComparer.Ordinal);
            while (select.Read()) found.Add(select.Text(0));
            for (var p = 0; p < n; p++)
            {
                if (found.Contains(records[candidates[start + p]].Id)) earlier.Add(candidates[start + p]);
            }
        }
        return earlier;
    }
}
