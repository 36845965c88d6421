using System.Diagnostics;
using Npgsql;
using RankingsWeb.Data.Aggregation;

namespace RankingsWeb.Data.Postgres;

/// <summary>
/// PostgreSQL fold, by a transaction-id watermark. Every raw row carries the id of the transaction that stored it
/// (<c>xid</c>, one per batch), and <c>aggregation_state.fold_xid</c> is the mark: every row with a lower xid is in the
/// rollups. A step, under a transaction-scoped advisory lock, first reads the horizon — the oldest transaction still
/// running, <c>pg_snapshot_xmin(pg_current_snapshot())</c> — in a statement before it writes anything (so before it
/// has an xid of its own). Every transaction with an xid below the horizon has finished, and any transaction that
/// gets an xid later gets one at or above it, so no row can ever appear below the horizon again: the step folds the
/// rows with mark ≤ xid &lt; upper (upper ≤ horizon, bounded by <see cref="StepSize"/> through the batches' accepted
/// counts) and moves the mark to upper in the same transaction. Each row is folded exactly once, and nothing is
/// deleted, so the fold leaves no dead tuples (a queue of row ids held a million after one benchmark).
/// A row whose transaction commits after a higher one simply holds the horizon back until it commits.
/// </summary>
public sealed class PostgresRollupFolder(PostgresDatabase db, TimeProvider clock) : IRollupFolder
{
    public int StepSize { get; init; } = IRollupFolder.DefaultStepSize;

    internal Action<long>? BeforeCommit { get; set; }

    private static readonly string AddSums = FoldFanOut.AddSums("t");

    public async Task<FoldResult> FoldAsync(CancellationToken ct)
    {
        var sw = Stopwatch.StartNew();
        long folded = 0, mark = 0;
        var steps = 0;
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            var (n, upper) = await StepAsync(ct);
            mark = Math.Max(mark, upper);
            if (n == 0) break;
            folded += n;
            steps++;
        }
        return new FoldResult(folded, mark, steps, sw.Elapsed);
    }

    private async Task<(long Folded, long Mark)> StepAsync(CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        await using var conn = await db.DataSource.OpenConnectionAsync(ct);
        // The safety net runs every few seconds: with nothing above the mark this is one index probe per partition.
        await using (var any = new NpgsqlCommand(
            "SELECT EXISTS (SELECT 1 FROM raw_records WHERE xid >= (SELECT fold_xid FROM aggregation_state WHERE id = 1))", conn))
        {
            if (!(bool)(await any.ExecuteScalarAsync(ct))!) return (0, 0);
        }
        await using var tx = await conn.BeginTransactionAsync(ct);
        // A worker killed mid-statement leaves its backend running the statement to the end before it notices the
        // closed socket, holding the lock that every other fold waits for: have the server check for a vanished
        // client every second while a statement runs, and roll the step back at once.
        await Exec(conn, tx, "SET LOCAL client_connection_check_interval = 1000", ct);
        await Exec(conn, tx, $"SELECT pg_advisory_xact_lock({PostgresLocks.Fold})", ct);

        long mark, horizon;
        await using (var cmd = new NpgsqlCommand(
            "SELECT fold_xid, pg_snapshot_xmin(pg_current_snapshot())::text::bigint FROM aggregation_state WHERE id = 1", conn, tx))
        await using (var r = await cmd.ExecuteReaderAsync(ct))
        {
            await r.ReadAsync(ct);
            (mark, horizon) = (r.GetInt64(0), r.GetInt64(1));
        }
        if (horizon <= mark)
        {
            await tx.CommitAsync(ct);
            return (0, mark);
        }

        // The step's upper bound: just past the batch where the accepted records since the mark reach StepSize, else the
        // horizon. Batches are few next to records (one row per request), and one batch is never split.
        long upper;
        await using (var cmd = new NpgsqlCommand("""
            SELECT COALESCE((
                SELECT xid + 1 FROM (
                    SELECT xid, SUM(accepted) OVER (ORDER BY xid) AS running FROM ingest_batches
                    WHERE xid >= @mark AND xid < @horizon AND accepted > 0) b
                WHERE running >= @step ORDER BY xid LIMIT 1), @horizon)
            """, conn, tx))
        {
            cmd.Parameters.AddWithValue("mark", mark);
            cmd.Parameters.AddWithValue("horizon", horizon);
            cmd.Parameters.AddWithValue("step", (long)StepSize);
            upper = (long)(await cmd.ExecuteScalarAsync(ct))!;
        }

        long taken;
        await using (var cmd = new NpgsqlCommand("""
            CREATE TEMP TABLE fold_batch (LIKE raw_records) ON COMMIT DROP;
            INSERT INTO fold_batch SELECT * FROM raw_records WHERE xid >= @mark AND xid < @upper
            """, conn, tx))
        {
            cmd.Parameters.AddWithValue("mark", mark);
            cmd.Parameters.AddWithValue("upper", upper);
            taken = await cmd.ExecuteNonQueryAsync(ct);
        }
        if (taken > 0)
        {
            await Exec(conn, tx, RollupsSql + FoldAppsSql, ct);
        }

        await using (var cmd = new NpgsqlCommand("""
            UPDATE aggregation_state SET fold_xid = @upper, folded_records = folded_records + @n, last_aggregated_at = @now, last_run_ms = @ms
            WHERE id = 1
            """, conn, tx))
        {
            cmd.Parameters.AddWithValue("upper", upper);
            cmd.Parameters.AddWithValue("n", taken);
            cmd.Parameters.AddWithValue("now", clock.GetUtcNow().ToUnixTimeMilliseconds());
            cmd.Parameters.AddWithValue("ms", (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            await cmd.ExecuteNonQueryAsync(ct);
        }
        if (taken > 0) BeforeCommit?.Invoke(taken);
        await tx.CommitAsync(ct);
        return (taken, upper);
    }

    /// <summary>
    /// Adds the records in the temporary table <c>fold_batch</c> to the cube, the per-dimension rollups and the apps'
    /// attribution facts (what a re-fold rebuilds). Sums are numeric in PostgreSQL and cast back to bigint: a sum past a
    /// bigint (one record may carry 10^18 tokens under contract v1.1) stops the step with "bigint out of range" rather
    /// than wrapping, as does an upsert's +.
    /// </summary>
    internal static readonly string RollupsSql = $"""
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
        INSERT INTO app_attribution AS t (app_key, day, app_source, title, requests, tokens)
        SELECT app_key, day, app_source, COALESCE(app_title, ''), SUM(requests), SUM(tokens_prompt + tokens_completion)
        FROM fold_batch WHERE app_key IS NOT NULL GROUP BY 1, 2, 3, 4
        ON CONFLICT (app_key, day, app_source, title) DO UPDATE SET requests = t.requests + excluded.requests, tokens = t.tokens + excluded.tokens;
        """;

    private static readonly string FoldAppsSql = AppsSql("created_at", "created_at", TitleTies.Take);

    /// <summary>
    /// Merges the apps of <c>fold_batch</c> into <c>apps</c>: first and last seen widened, the title of the latest titled
    /// record taken, and a key not seen before inserted, listed. These are facts about apps across all days, not sums of
    /// days, so a re-fold merges them as a fold step does rather than rebuilding them; the fold reads its rows' created_at,
    /// a re-fold the earliest and latest of each group it summed. Listed is never changed, and a row that would not
    /// widen is left unwritten (a re-fold of unchanged rules writes nothing here).
    /// </summary>
    internal static string AppsSql(string firstAt, string lastAt, TitleTies ties) => $"""
        INSERT INTO apps AS a (key, display_name, title_at, first_seen, last_seen, listed)
        SELECT app_key, app_key, -9223372036854775808, MIN({firstAt}), MAX({lastAt}), TRUE
        FROM fold_batch WHERE app_key IS NOT NULL GROUP BY app_key
        ON CONFLICT (key) DO UPDATE SET first_seen = LEAST(a.first_seen, excluded.first_seen), last_seen = GREATEST(a.last_seen, excluded.last_seen)
        WHERE excluded.first_seen < a.first_seen OR excluded.last_seen > a.last_seen;
        UPDATE apps SET display_name = t.app_title, title_at = t.at
        FROM (SELECT DISTINCT ON (app_key) app_key, app_title, {lastAt} AS at FROM fold_batch
              WHERE app_key IS NOT NULL AND app_title IS NOT NULL ORDER BY app_key, {lastAt} DESC) AS t
        WHERE apps.key = t.app_key AND t.at {ties.Newer()} apps.title_at;
        """;

    internal static async Task<int> Exec(NpgsqlConnection conn, NpgsqlTransaction tx, string sql, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(sql, conn, tx);
        return await cmd.ExecuteNonQueryAsync(ct);
    }
}
