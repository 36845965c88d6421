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
/// SQLite append path: one prepared <c>INSERT OR IGNORE</c> in one immediate transaction.
/// No change tracking: EF's <c>SaveChanges</c> is ten times slower here.
/// </summary>
public sealed class SqliteUsageStore(SqliteDatabase db, TimeProvider clock) : IUsageStore
{
    // Single-row on purpose: Microsoft.Data.Sqlite binds by name, which makes wide multi-row statements slower (measured).
    private const int Columns = 16;

    private static readonly string Insert =
        "INSERT OR IGNORE INTO usage_records (id, created_at, day, model_key, variant, author, app_key, app_title, app_source, " +
        "category, provider, tokens_prompt, tokens_completion, tokens_reasoning, tokens_cached, cost_nanos, batch_id) VALUES (" +
        string.Join(", ", Enumerable.Range(0, Columns).Select(c => $"@p{c}")) + ", @batch)";

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
                using var insert = Prepare(conn, tx, batchId);
                foreach (var record in records)
                {
                    Bind(insert, record);
                    accepted += insert.ExecuteNonQuery();
                }
            }

            if (rejections.Count > 0)
            {
                await using var rej = conn.CreateCommand();
                rej.Transaction = tx;
                rej.CommandText = "INSERT INTO rejected_lines (batch_id, line, record_id, error, raw, received_at) VALUES (@b, @l, @i, @e, @r, @t)";
                var pb = rej.Parameters.Add("@b", SqliteType.Integer);
                var pl = rej.Parameters.Add("@l", SqliteType.Integer);
                var pi = rej.Parameters.Add("@i", SqliteType.Text);
                var pe = rej.Parameters.Add("@e", SqliteType.Text);
                var pr = rej.Parameters.Add("@r", SqliteType.Text);
                var pt = rej.Parameters.Add("@t", SqliteType.Integer);
                rej.Prepare();
                foreach (var r in rejections)
                {
                    pb.Value = batchId;
                    pl.Value = r.Line;
                    pi.Value = (object?)r.Id ?? DBNull.Value;
                    pe.Value = r.Error;
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

    private static SqliteCommand Prepare(SqliteConnection conn, SqliteTransaction tx, long batchId)
    {
        var cmd = conn.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = Insert;
        for (var i = 0; i < Columns; i++) cmd.Parameters.Add(new SqliteParameter($"@p{i}", null));
        cmd.Parameters.AddWithValue("@batch", batchId);
        cmd.Prepare();
        return cmd;
    }

    private static void Bind(SqliteCommand cmd, ValidRecord r)
    {
        var p = cmd.Parameters;
        const int o = 0;
        p[o].Value = r.Id;
        p[o + 1].Value = r.CreatedAtMs;
        p[o + 2].Value = r.Day;
        p[o + 3].Value = r.ModelKey;
        p[o + 4].Value = r.Variant;
        p[o + 5].Value = r.Author;
        p[o + 6].Value = (object?)r.AppKey ?? DBNull.Value;
        p[o + 7].Value = (object?)r.AppTitle ?? DBNull.Value;
        p[o + 8].Value = (int)r.AppSource;
        p[o + 9].Value = r.Category;
        p[o + 10].Value = (object?)r.Provider ?? DBNull.Value;
        p[o + 11].Value = r.TokensPrompt;
        p[o + 12].Value = r.TokensCompletion;
        p[o + 13].Value = r.TokensReasoning;
        p[o + 14].Value = r.TokensCached;
        p[o + 15].Value = r.CostNanos;
    }
}
