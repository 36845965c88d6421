using System.Diagnostics;
using Npgsql;
using RankingsWeb.Data.Aggregation;

namespace RankingsWeb.Data.Postgres;

/// <summary>
/// PostgreSQL fold. Sequence values commit out of order here, so a high-water mark over <c>seq</c> would skip a
/// row whose transaction commits after a higher one was folded. Instead every accepted record is queued in
/// the transaction that stores it, and a step takes queued rows (<c>FOR UPDATE SKIP LOCKED</c>), sums them into
/// the rollups and deletes them from the queue in one transaction: a row is folded exactly when it leaves the
/// queue. A transaction-scoped advisory lock keeps two workers from folding at once (their upserts would
/// otherwise wait on each other row by row).
/// </summary>
public sealed class PostgresRollupFolder(PostgresDatabase db, TimeProvider clock) : IRollupFolder
{
    private const long LockKey = 0x52616e6b; // "Rank"

    public int StepSize { get; init; } = IRollupFolder.DefaultStepSize;

    internal Action<long>? BeforeCommit { get; set; }

    private static readonly string AddSums = FoldFanOut.AddSums("t");

    public async Task<FoldResult> FoldAsync(CancellationToken ct)
    {
        var sw = Stopwatch.StartNew();
        long folded = 0;
        var steps = 0;
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            var n = await StepAsync(ct);
            if (n == 0) break;
            folded += n;
            steps++;
        }
        return new FoldResult(folded, 0, steps, sw.Elapsed);
    }

    private async Task<long> StepAsync(CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        await using var conn = await db.DataSource.OpenConnectionAsync(ct);
        // The safety net runs every few seconds: an empty queue costs one index probe, not a temp table.
        await using (var any = new NpgsqlCommand("SELECT EXISTS (SELECT 1 FROM fold_queue)", conn))
        {
            if (!(bool)(await any.ExecuteScalarAsync(ct))!) return 0;
        }
        await using var tx = await conn.BeginTransactionAsync(ct);
        // A worker killed mid-statement leaves its backend running the statement to the end before it notices the
        // closed socket, holding the lock that every other fold waits for: have the server check for a vanished
        // client every second while a statement runs, and roll the step back at once.
        await ExecAsync(conn, tx, "SET LOCAL client_connection_check_interval = 1000", ct);
        await ExecAsync(conn, tx, $"SELECT pg_advisory_xact_lock({LockKey})", ct);
        var taken = await ExecAsync(conn, tx, $"""
            CREATE TEMP TABLE fold_batch (LIKE usage_records) ON COMMIT DROP;
            WITH taken AS (
                DELETE FROM fold_queue WHERE seq IN (SELECT seq FROM fold_queue ORDER BY seq LIMIT {StepSize} FOR UPDATE SKIP LOCKED)
                RETURNING seq)
            INSERT INTO fold_batch SELECT r.* FROM usage_records r JOIN taken USING (seq)
            """, ct);
        if (taken == 0)
        {
            await tx.CommitAsync(ct);
            return 0;
        }

        // Sums are numeric in PostgreSQL and cast back to bigint: a sum past a bigint (one record may carry 10^18 tokens
        // under contract v1.1) stops the step with "bigint out of range" rather than wrapping, as does an upsert's +.
        await ExecAsync(conn, tx, $"""
            CREATE TEMP TABLE fold_delta ON COMMIT DROP AS
            SELECT day, model_key, variant, COALESCE(app_key, '') AS app_key, category, COALESCE(provider, '') AS provider, author,
                SUM(tokens_prompt)::bigint AS tokens_prompt, SUM(tokens_completion)::bigint AS tokens_completion,
                SUM(tokens_reasoning)::bigint AS tokens_reasoning, SUM(tokens_cached)::bigint AS tokens_cached,
                SUM(requests)::bigint AS requests, SUM(cost_nanos)::bigint AS cost_nanos, SUM(tool_calls)::bigint AS tool_calls
            FROM fold_batch GROUP BY 1, 2, 3, 4, 5, 6, 7;
            INSERT INTO rollups AS t (day, model_key, variant, app_key, category, provider, author, {FoldFanOut.SumColumns})
            SELECT * FROM fold_delta
            ON CONFLICT (day, model_key, variant, app_key, category, provider) DO UPDATE SET {AddSums};
            """ + FoldFanOut.PerDimensionSql("fold_delta") + """
            INSERT INTO apps AS a (key, display_name, title_at, first_seen, last_seen, listed)
            SELECT app_key, app_key, -9223372036854775808, MIN(created_at), MAX(created_at), TRUE
            FROM fold_batch WHERE app_key IS NOT NULL GROUP BY app_key
            ON CONFLICT (key) DO UPDATE SET first_seen = LEAST(a.first_seen, excluded.first_seen), last_seen = GREATEST(a.last_seen, excluded.last_seen);
            UPDATE apps SET display_name = t.app_title, title_at = t.created_at
            FROM (SELECT DISTINCT ON (app_key) app_key, app_title, created_at FROM fold_batch
                  WHERE app_key IS NOT NULL AND app_title IS NOT NULL ORDER BY app_key, created_at DESC) AS t
            WHERE apps.key = t.app_key AND t.created_at >= apps.title_at;
            INSERT INTO app_attribution AS t (app_key, day, app_source, title, requests, tokens)
            SELECT app_key, day, app_source, COALESCE(app_title, ''), SUM(requests), SUM(tokens_prompt + tokens_completion)
            FROM fold_batch WHERE app_key IS NOT NULL GROUP BY 1, 2, 3, 4
            ON CONFLICT (app_key, day, app_source, title) DO UPDATE SET requests = t.requests + excluded.requests, tokens = t.tokens + excluded.tokens;
            """, ct);

        await using (var cmd = new NpgsqlCommand("""
            UPDATE aggregation_state SET folded_records = folded_records + @n, last_aggregated_at = @now, last_run_ms = @ms,
                high_water_seq = GREATEST(high_water_seq, (SELECT MAX(seq) FROM fold_batch)) WHERE id = 1
            """, conn, tx))
        {
            cmd.Parameters.AddWithValue("n", (long)taken);
            cmd.Parameters.AddWithValue("now", clock.GetUtcNow().ToUnixTimeMilliseconds());
            cmd.Parameters.AddWithValue("ms", (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            await cmd.ExecuteNonQueryAsync(ct);
        }
        BeforeCommit?.Invoke(taken);
        await tx.CommitAsync(ct);
        return taken;
    }

    private static async Task<int> ExecAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string sql, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(sql, conn, tx);
        return await cmd.ExecuteNonQueryAsync(ct);
    }
}
