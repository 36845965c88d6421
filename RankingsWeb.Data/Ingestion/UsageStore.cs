using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;

namespace RankingsWeb.Data.Ingestion;

public sealed record AppendResult(long BatchId, int Accepted, int Duplicates, int Rejected);

/// <summary>Durable append of validated records and rejected lines.</summary>
public interface IUsageStore
{
    /// <summary>Commits records (ignoring ids already stored) and rejections in one transaction; returns after the commit.</summary>
    Task<AppendResult> AppendAsync(string source, IReadOnlyList<ValidRecord> records, IReadOnlyList<Rejection> rejections, CancellationToken ct);
}

/// <summary>
/// SQLite append path: one prepared <c>INSERT OR IGNORE</c> per record in one immediate transaction, no
/// change tracking (EF's <c>SaveChanges</c> is ten times slower here). A record row holds its id, time,
/// numbers and the id of its derived-key combination (<see cref="RecordCombos"/>), not the keys' text.
/// </summary>
public sealed class SqliteUsageStore(SqliteDatabase db, TimeProvider clock) : IUsageStore
{
    private const string InsertHead =
        "INSERT OR IGNORE INTO usage_records (id, created_at, day, combo_id, tokens_prompt, tokens_completion, tokens_reasoning, " +
        "tokens_cached, cost_nanos, batch_id)";

    public async Task<AppendResult> AppendAsync(string source, IReadOnlyList<ValidRecord> records, IReadOnlyList<Rejection> rejections, CancellationToken ct)
    {
        var comboIds = db.Combos.Cached(records);
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

            var combos = db.Combos.Begin(conn);
            var accepted = records.Count > 0 ? InsertRecords(conn, combos, records, comboIds, batchId) : 0;

            if (rejections.Count > 0)
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
                foreach (var r in rejections)
                {
                    pb.Value = batchId;
                    pl.Value = r.Line;
                    pi.Value = (object?)r.Id ?? DBNull.Value;
                    pe.Value = r.Error;
                    pc.Value = RejectionReasons.Classify(r.Error);
                    pr.Value = r.Raw;
                    pt.Value = now;
                    rej.ExecuteNonQuery();
                }
            }

            var duplicates = records.Count - accepted;
            await using (var cmd = conn.CreateCommand())
            {
                cmd.Transaction = tx;
                cmd.CommandText = "UPDATE ingest_batches SET accepted = @a, duplicates = @d WHERE id = @id";
                cmd.Parameters.AddWithValue("@a", accepted);
                cmd.Parameters.AddWithValue("@d", duplicates);
                cmd.Parameters.AddWithValue("@id", batchId);
                await cmd.ExecuteNonQueryAsync(ct);
            }

            await db.WriterTime.CommitAsync(WriterUse.Append, tx, ct);
            combos.Commit();
            return new AppendResult(batchId, accepted, duplicates, rejections.Count);
        }, ct);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // once per batch: too rarely to tier up, too long to run unoptimized
    private static int InsertRecords(SqliteConnection conn, RecordCombos.Pending combos, IReadOnlyList<ValidRecord> records,
        long[] comboIds, long batchId)
    {
        combos.Resolve(records, comboIds);
        using var insert = new MultiRowInsert(conn, InsertHead, columns: 10, tail: "", records.Count);
        for (var i = 0; i < comboIds.Length; i++)
        {
            var r = records[i];
            insert.BeginRow();
            insert.Bind(1, r.Id);
            insert.Bind(2, r.CreatedAtMs);
            insert.Bind(3, r.Day);
            insert.Bind(4, comboIds[i]);
            insert.Bind(5, r.TokensPrompt);
            insert.Bind(6, r.TokensCompletion);
            insert.Bind(7, r.TokensReasoning);
            insert.Bind(8, r.TokensCached);
            insert.Bind(9, r.CostNanos);
            insert.Bind(10, batchId);
            insert.EndRow();
        }
        return insert.Changes;
    }
}
