using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;
using RankingsWeb.Data.Ingestion;

namespace RankingsWeb.Data.Postgres;

/// <summary>
/// PostgreSQL append path: the batch goes in as arrays through <c>unnest</c> — one statement, not a row at a
/// time — with <c>ON CONFLICT (id) DO NOTHING</c>; every inserted row is queued for the fold in the same statement.
/// Records go in sorted by id: two batches sharing ids (the same records posted to two nodes at once) then take
/// their row locks in the same order, so one waits for the other instead of both waiting for each other
/// (a deadlock, 40P01). A deadlock or serialization failure that happens anyway is retried.
/// </summary>
public sealed class PostgresUsageStore(PostgresDatabase db, TimeProvider clock, IOptions<RankingsOptions> options) : IUsageStore
{
    internal const int Attempts = 5;

    public async Task<AppendResult> AppendAsync(string source, IReadOnlyList<ValidRecord> records, IReadOnlyList<Rejection> rejections, CancellationToken ct)
    {
        // Stable, so of two records with the same id in one batch the first still wins. unnest reads an array
        // out in order and the INSERT … SELECT takes the rows in that order.
        var sorted = records.OrderBy(r => r.Id, StringComparer.Ordinal).ToArray();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await AppendOnceAsync(source, sorted, rejections, ct);
            }
            catch (PostgresException e) when (attempt < Attempts && e.SqlState is PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure)
            {
                // The whole transaction was rolled back; start again after a short jittered pause so two
                // racing batches do not meet again in step.
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(10, 50) * attempt), clock, ct);
            }
        }
    }

    private async Task<AppendResult> AppendOnceAsync(string source, IReadOnlyList<ValidRecord> records, IReadOnlyList<Rejection> rejections, CancellationToken ct)
    {
        await using var conn = await db.DataSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();

        long batchId;
        await using (var cmd = new NpgsqlCommand("INSERT INTO ingest_batches (received_at, source, accepted, duplicates, rejected) VALUES (@t, @s, 0, 0, @r) RETURNING id", conn, tx))
        {
            cmd.Parameters.AddWithValue("t", now);
            cmd.Parameters.AddWithValue("s", source.Length > 200 ? source[..200] : source);
            cmd.Parameters.AddWithValue("r", rejections.Count);
            batchId = (long)(await cmd.ExecuteScalarAsync(ct))!;
        }

        var accepted = 0;
        if (records.Count > 0)
        {
            await using var cmd = new NpgsqlCommand("""
                WITH inserted AS (
                    INSERT INTO usage_records (id, created_at, day, model_key, variant, author, app_key, app_title, app_source,
                        category, provider, tokens_prompt, tokens_completion, tokens_reasoning, tokens_cached, cost_nanos, requests, tool_calls, batch_id)
                    SELECT u.*, @batch FROM unnest(@id, @created, @day, @model, @variant, @author, @app, @title, @source,
                        @category, @provider, @p, @c, @r, @k, @cost, @requests, @tools) AS u
                    ON CONFLICT (id) DO NOTHING
                    RETURNING seq)
                INSERT INTO fold_queue (seq) SELECT seq FROM inserted
                """, conn, tx);
            cmd.Parameters.AddWithValue("batch", batchId);
            Add(cmd, "id", NpgsqlDbType.Text, records.Select(r => r.Id));
            Add(cmd, "created", NpgsqlDbType.Bigint, records.Select(r => r.CreatedAtMs));
            Add(cmd, "day", NpgsqlDbType.Integer, records.Select(r => r.Day));
            Add(cmd, "model", NpgsqlDbType.Text, records.Select(r => r.ModelKey));
            Add(cmd, "variant", NpgsqlDbType.Text, records.Select(r => r.Variant));
            Add(cmd, "author", NpgsqlDbType.Text, records.Select(r => r.Author));
            Add(cmd, "app", NpgsqlDbType.Text, records.Select(r => r.AppKey));
            Add(cmd, "title", NpgsqlDbType.Text, records.Select(r => r.AppTitle));
            Add(cmd, "source", NpgsqlDbType.Smallint, records.Select(r => (short)r.AppSource));
            Add(cmd, "category", NpgsqlDbType.Text, records.Select(r => r.Category));
            Add(cmd, "provider", NpgsqlDbType.Text, records.Select(r => r.Provider));
            Add(cmd, "p", NpgsqlDbType.Bigint, records.Select(r => r.TokensPrompt));
            Add(cmd, "c", NpgsqlDbType.Bigint, records.Select(r => r.TokensCompletion));
            Add(cmd, "r", NpgsqlDbType.Bigint, records.Select(r => r.TokensReasoning));
            Add(cmd, "k", NpgsqlDbType.Bigint, records.Select(r => r.TokensCached));
            Add(cmd, "cost", NpgsqlDbType.Bigint, records.Select(r => r.CostNanos));
            Add(cmd, "requests", NpgsqlDbType.Bigint, records.Select(r => r.Requests));
            Add(cmd, "tools", NpgsqlDbType.Bigint, records.Select(r => r.ToolCalls));
            accepted = await cmd.ExecuteNonQueryAsync(ct);
        }

        if (rejections.Count > 0)
        {
            // The text of the first lines only; every line counted by reason (RejectionReasons.ToStore).
            var rejected = RejectionReasons.ToStore(rejections, options.Value.MaxStoredRejectedLinesPerBatch);
            await using var cmd = new NpgsqlCommand("""
                INSERT INTO rejected_lines (batch_id, line, record_id, error, reason, raw, received_at)
                SELECT @batch, u.*, @t FROM unnest(@line, @rid, @error, @reason, @raw) AS u;
                INSERT INTO rejection_counts (batch_id, reason, received_at, count)
                SELECT @batch, u.reason, @t, u.n FROM unnest(@counted, @count) AS u(reason, n)
                """, conn, tx);
            cmd.Parameters.AddWithValue("batch", batchId);
            cmd.Parameters.AddWithValue("t", now);
            Add(cmd, "line", NpgsqlDbType.Integer, rejected.Lines.Select(r => r.Line.Line));
            Add(cmd, "rid", NpgsqlDbType.Text, rejected.Lines.Select(r => r.Line.Id));
            Add(cmd, "error", NpgsqlDbType.Text, rejected.Lines.Select(r => r.Line.Error));
            Add(cmd, "reason", NpgsqlDbType.Text, rejected.Lines.Select(r => r.Reason));
            Add(cmd, "raw", NpgsqlDbType.Text, rejected.Lines.Select(r => r.Line.Raw));
            Add(cmd, "counted", NpgsqlDbType.Text, rejected.Counts.Select(c => c.Reason));
            Add(cmd, "count", NpgsqlDbType.Bigint, rejected.Counts.Select(c => c.Count));
            await cmd.ExecuteNonQueryAsync(ct);
        }

        var duplicates = records.Count - accepted;
        await using (var cmd = new NpgsqlCommand("UPDATE ingest_batches SET accepted = @a, duplicates = @d WHERE id = @id", conn, tx))
        {
            cmd.Parameters.AddWithValue("a", accepted);
            cmd.Parameters.AddWithValue("d", duplicates);
            cmd.Parameters.AddWithValue("id", batchId);
            await cmd.ExecuteNonQueryAsync(ct);
        }
        await tx.CommitAsync(ct);
        return new AppendResult(batchId, accepted, duplicates, rejections.Count);
    }

    private static void Add<T>(NpgsqlCommand cmd, string name, NpgsqlDbType type, IEnumerable<T> values) =>
        cmd.Parameters.Add(new NpgsqlParameter(name, NpgsqlDbType.Array | type) { Value = values.ToArray() });
}
