using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;
using RankingsWeb.Data.Ingestion;
using RankingsWeb.Data.Queries;

namespace RankingsWeb.Data.Postgres;

/// <summary>
/// PostgreSQL append path. A batch is deduplicated in memory (the first of two records with one id wins), sorted by
/// id, sent by binary COPY into a temporary staging table (not WAL-logged, emptied at commit), then stored by one
/// statement: the ids not seen in the dedup window go into <c>record_ids</c> (in id order, so two nodes storing the
/// same ids take their row locks in the same order and one waits for the other instead of deadlocking, 40P01), and
/// the records of exactly those ids into <c>raw_records</c>. Every row carries the transaction's id (the fold's
/// watermark, <see cref="PostgresRollupFolder"/>) and the ingest epoch's arrival day (<see cref="PostgresIngestEpoch"/>).
/// Each row keeps what <see cref="RawRecordInputs"/> says of its derivation inputs, for a re-fold to derive its keys again.
/// A deadlock or serialization failure that happens anyway is retried.
/// </summary>
public sealed class PostgresUsageStore(PostgresDatabase db, PostgresIngestEpoch epoch, TimeProvider clock, IOptions<RankingsOptions> options) : IUsageStore
{
    internal const int Attempts = 5;

    /// <summary>Tests: runs after the records are stored, before the commit (to hold a batch in flight).</summary>
    internal Func<Task>? BeforeCommit { get; set; }

    /// <summary>
    /// Test hook: the keys each record is stored with, in place of the parser's (its inputs unchanged): a test stores
    /// records as a build with other derivation rules would have, then re-folds them under the current ones.
    /// </summary>
    internal Func<ValidRecord, ValidRecord>? StoreKeysForTest { get; set; }

    private const string Columns = "id, created_at, day, model_key, variant, author, app_key, app_title, app_source, category, provider, " +
                                   "tokens_prompt, tokens_completion, tokens_reasoning, tokens_cached, cost_nanos, requests, tool_calls, " +
                                   "inputs, in_model, in_provider, in_app_url, in_category";

    private static readonly string StagedColumns = string.Join(", ", Columns.Split(", ").Select(c => "s." + c));

    // Created once per physical connection of the ingest pool (which is not reset between uses); IF NOT EXISTS costs a
    // catalog probe, not a write. ON COMMIT DELETE ROWS empties it at each commit.
    private static readonly string Staging = $"""
        CREATE TEMP TABLE IF NOT EXISTS ingest_staging (
            id character varying(128) NOT NULL, created_at bigint NOT NULL, day integer NOT NULL, model_key text NOT NULL,
            variant text NOT NULL, author text NOT NULL, app_key text, app_title text, app_source smallint NOT NULL,
            category text NOT NULL, provider text, tokens_prompt bigint NOT NULL, tokens_completion bigint NOT NULL,
            tokens_reasoning bigint NOT NULL, tokens_cached bigint NOT NULL, cost_nanos bigint NOT NULL, requests bigint NOT NULL,
            tool_calls bigint NOT NULL, inputs smallint, in_model text, in_provider text, in_app_url text, in_category text)
            ON COMMIT DELETE ROWS;
        {PostgresIngestEpoch.ShareSql};
        """;

    public async Task<AppendResult> AppendAsync(string source, IReadOnlyList<ValidRecord> records, IReadOnlyList<Rejection> rejections, CancellationToken ct)
    {
        // Stable sort, then the first of each id: the first occurrence in the batch wins, as it always has.
        var unique = new List<ValidRecord>(records.Count);
        foreach (var r in (StoreKeysForTest is { } rekey ? records.Select(rekey) : records).OrderBy(r => r.Id, StringComparer.Ordinal))
            if (unique.Count == 0 || !string.Equals(unique[^1].Id, r.Id, StringComparison.Ordinal)) unique.Add(r);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await epoch.EnsureAtLeastAsync(Days.Today(clock), ct);
                var (batchId, accepted) = await AppendOnceAsync(source, unique, records.Count, rejections, ct);
                return new AppendResult(batchId, accepted, records.Count - accepted, rejections.Count);
            }
            catch (PostgresException e) when (attempt < Attempts && e.SqlState is PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure)
            {
                // The whole transaction was rolled back; start again after a short jittered pause so two
                // racing batches do not meet again in step.
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(10, 50) * attempt), clock, ct);
            }
        }
    }

    private async Task<(long BatchId, int Accepted)> AppendOnceAsync(string source, List<ValidRecord> records, int sent, IReadOnlyList<Rejection> rejections, CancellationToken ct)
    {
        await using var conn = await db.IngestSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        await PostgresPartitions.Exec(conn, tx, Staging, ct);

        // A statement after the shared epoch lock's, so its snapshot sees the epoch as it stands under the lock.
        long batchId;
        int arrivalDay;
        await using (var cmd = new NpgsqlCommand("""
            INSERT INTO ingest_batches (received_at, source, accepted, duplicates, rejected, xid)
            VALUES (@t, @s, 0, 0, @r, pg_current_xact_id()::text::bigint)
            RETURNING id, (SELECT arrival_day FROM ingest_epoch WHERE id = 1)
            """, conn, tx))
        {
            cmd.Parameters.AddWithValue("t", now);
            cmd.Parameters.AddWithValue("s", source.Length > 200 ? source[..200] : source);
            cmd.Parameters.AddWithValue("r", rejections.Count);
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            await reader.ReadAsync(ct);
            batchId = reader.GetInt64(0);
            arrivalDay = reader.GetInt32(1);
        }

        var accepted = 0;
        if (records.Count > 0)
        {
            await CopyAsync(conn, records, ct);
            // The dedup probe is a correlated subquery with LIMIT so it stays a few index probes per record (the id
            // partitions of the window); as NOT EXISTS the planner may choose an anti join that reads them whole.
            await using var cmd = new NpgsqlCommand($"""
                WITH new_ids AS (
                    INSERT INTO record_ids (id, arrival_day)
                    SELECT s.id, @e FROM ingest_staging s
                    WHERE (SELECT 1 FROM record_ids r WHERE r.id = s.id AND r.arrival_day >= @oldest AND r.arrival_day < @e LIMIT 1) IS NULL
                    ORDER BY s.id COLLATE "C"
                    ON CONFLICT (id, arrival_day) DO NOTHING
                    RETURNING id),
                stored AS (
                    INSERT INTO raw_records (xid, arrival_day, batch_id, {Columns})
                    SELECT pg_current_xact_id()::text::bigint, @e, @batch, {StagedColumns} FROM ingest_staging s JOIN new_ids n ON n.id = s.id
                    RETURNING 1)
                UPDATE ingest_batches SET accepted = (SELECT COUNT(*) FROM stored), duplicates = @sent - (SELECT COUNT(*) FROM stored)
                WHERE id = @batch RETURNING accepted
                """, conn, tx);
            cmd.Parameters.AddWithValue("e", arrivalDay);
            cmd.Parameters.AddWithValue("oldest", arrivalDay - options.Value.DedupDays);
            cmd.Parameters.AddWithValue("batch", batchId);
            cmd.Parameters.AddWithValue("sent", sent);
            accepted = (int)(await cmd.ExecuteScalarAsync(ct))!;
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

        if (BeforeCommit is { } hook) await hook();
        await tx.CommitAsync(ct);
        return (batchId, accepted);
    }

    private static async Task CopyAsync(NpgsqlConnection conn, List<ValidRecord> records, CancellationToken ct)
    {
        await using var w = await conn.BeginBinaryImportAsync($"COPY ingest_staging ({Columns}) FROM STDIN (FORMAT BINARY)", ct);
        foreach (var r in records)
        {
            await w.StartRowAsync(ct);
            await w.WriteAsync(r.Id, NpgsqlDbType.Varchar, ct);
            await w.WriteAsync(r.CreatedAtMs, NpgsqlDbType.Bigint, ct);
            await PostgresCopy.WriteKeysAsync(w, r.Day, r.Keys, r.AppTitle, ct);
            await w.WriteAsync(r.TokensPrompt, NpgsqlDbType.Bigint, ct);
            await w.WriteAsync(r.TokensCompletion, NpgsqlDbType.Bigint, ct);
            await w.WriteAsync(r.TokensReasoning, NpgsqlDbType.Bigint, ct);
            await w.WriteAsync(r.TokensCached, NpgsqlDbType.Bigint, ct);
            await w.WriteAsync(r.CostNanos, NpgsqlDbType.Bigint, ct);
            await w.WriteAsync(r.Requests, NpgsqlDbType.Bigint, ct);
            await w.WriteAsync(r.ToolCalls, NpgsqlDbType.Bigint, ct);
            var kept = RawRecordInputs.Of(r);
            if (kept.Flags is { } flags) await w.WriteAsync(flags, NpgsqlDbType.Smallint, ct);
            else await w.WriteNullAsync(ct);
            await PostgresCopy.WriteNullableAsync(w, kept.Model, ct);
            await PostgresCopy.WriteNullableAsync(w, kept.Provider, ct);
            await PostgresCopy.WriteNullableAsync(w, kept.AppUrl, ct);
            await PostgresCopy.WriteNullableAsync(w, kept.Category, ct);
        }
        await w.CompleteAsync(ct);
    }


    private static void Add<T>(NpgsqlCommand cmd, string name, NpgsqlDbType type, IEnumerable<T> values) =>
        cmd.Parameters.Add(new NpgsqlParameter(name, NpgsqlDbType.Array | type) { Value = values.ToArray() });
}
