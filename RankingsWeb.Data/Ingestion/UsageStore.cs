using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace RankingsWeb.Data.Ingestion;

public sealed record AppendResult(long BatchId, int Accepted, int Duplicates, int Rejected);

/// <summary>Durable append of validated records and rejected lines.</summary>
public interface IUsageStore
{
    /// <summary>Commits records (ignoring ids already stored) and rejections in one transaction; returns after the commit.</summary>
    Task<AppendResult> AppendAsync(string source, IReadOnlyList<ValidRecord> records, IReadOnlyList<Rejection> rejections, CancellationToken ct);
}

/// <summary>
/// SQLite append path: one prepared <c>INSERT OR IGNORE</c> in one immediate transaction.
/// No change tracking: EF's <c>SaveChanges</c> is ten times slower here.
/// </summary>
public sealed class SqliteUsageStore(SqliteDatabase db, TimeProvider clock) : IUsageStore
{
    // One row per step, bound by position through the native API: Microsoft.Data.Sqlite binds by
    // name on every execution, which cost more than the insert itself (measured: 25k vs 100k+ rows/s).
    private const string Insert =
        "INSERT OR IGNORE INTO usage_records (id, created_at, day, model_key, variant, author, app_key, app_title, app_source, " +
        "category, provider, tokens_prompt, tokens_completion, tokens_reasoning, tokens_cached, cost_nanos, batch_id) " +
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)";

    public async Task<AppendResult> AppendAsync(string source, IReadOnlyList<ValidRecord> records, IReadOnlyList<Rejection> rejections, CancellationToken ct)
    {
        await db.WriteGate.WaitAsync(ct);
        try
        {
            await using var conn = await db.OpenAsync(ct);
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

            var accepted = 0;
            if (records.Count > 0)
            {
                accepted = InsertRecords(conn.Handle!, records, batchId);
            }

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

            await tx.CommitAsync(ct);
            return new AppendResult(batchId, accepted, duplicates, rejections.Count);
        }
        finally
        {
            db.WriteGate.Release();
        }
    }

    private static int InsertRecords(sqlite3 handle, IReadOnlyList<ValidRecord> records, long batchId)
    {
        Check(handle, raw.sqlite3_prepare_v2(handle, Insert, out var stmt));
        using (stmt)
        {
            var accepted = 0;
            foreach (var r in records)
            {
                raw.sqlite3_bind_text(stmt, 1, r.Id);
                raw.sqlite3_bind_int64(stmt, 2, r.CreatedAtMs);
                raw.sqlite3_bind_int(stmt, 3, r.Day);
                raw.sqlite3_bind_text(stmt, 4, r.ModelKey);
                raw.sqlite3_bind_text(stmt, 5, r.Variant);
                raw.sqlite3_bind_text(stmt, 6, r.Author);
                BindNullable(stmt, 7, r.AppKey);
                BindNullable(stmt, 8, r.AppTitle);
                raw.sqlite3_bind_int(stmt, 9, (int)r.AppSource);
                raw.sqlite3_bind_text(stmt, 10, r.Category);
                BindNullable(stmt, 11, r.Provider);
                raw.sqlite3_bind_int64(stmt, 12, r.TokensPrompt);
                raw.sqlite3_bind_int64(stmt, 13, r.TokensCompletion);
                raw.sqlite3_bind_int64(stmt, 14, r.TokensReasoning);
                raw.sqlite3_bind_int64(stmt, 15, r.TokensCached);
                raw.sqlite3_bind_int64(stmt, 16, r.CostNanos);
                raw.sqlite3_bind_int64(stmt, 17, batchId);
                var rc = raw.sqlite3_step(stmt);
                if (rc != raw.SQLITE_DONE) Check(handle, rc);
                accepted += raw.sqlite3_changes(handle);
                raw.sqlite3_reset(stmt);
            }
            return accepted;
        }
    }

    private static void BindNullable(sqlite3_stmt stmt, int index, string? value)
    {
        if (value is null) raw.sqlite3_bind_null(stmt, index);
        else raw.sqlite3_bind_text(stmt, index, value);
    }

    private static void Check(sqlite3 handle, int rc)
    {
        if (rc != raw.SQLITE_OK) throw new SqliteException(raw.sqlite3_errmsg(handle).utf8_to_string(), rc);
    }
}
