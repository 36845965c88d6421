using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace RankingsWeb.Data.Aggregation;

public sealed record FoldResult(long RecordsFolded, long HighWaterSeq, int Transactions, TimeSpan Elapsed);

/// <summary>Folds newly accepted records into the daily rollups, exactly once.</summary>
public interface IRollupFolder
{
    Task<FoldResult> FoldAsync(CancellationToken ct);
}

/// <summary>
/// SQLite fold. Each step reads the high-water mark, sums the next range of records into the rollups
/// and moves the mark, all inside one immediate transaction: a crash anywhere rolls the whole step
/// back, and a rerun folds the same range again from the same mark. SQLite has a single writer and
/// assigns <c>seq</c> inside the writing transaction, so no row can commit below the mark later.
/// </summary>
public sealed class SqliteRollupFolder(SqliteDatabase db, TimeProvider clock) : IRollupFolder
{
    public const int DefaultStepSize = 250_000;

    public int StepSize { get; init; } = DefaultStepSize;

    /// <summary>Fold-delta columns in <see cref="Queries.Dimension"/> order.</summary>
    private static readonly string[] DimensionColumns = ["model_key", "author", "app_key", "category", "provider", "variant"];

    private const string AddSums = """
        tokens_prompt = tokens_prompt + excluded.tokens_prompt,
        tokens_completion = tokens_completion + excluded.tokens_completion,
        tokens_reasoning = tokens_reasoning + excluded.tokens_reasoning,
        tokens_cached = tokens_cached + excluded.tokens_cached,
        requests = requests + excluded.requests,
        cost_nanos = cost_nanos + excluded.cost_nanos
        """;

    /// <summary>Test hook: runs inside the transaction just before commit (throw here to simulate a crash).</summary>
    internal Action<long>? BeforeCommit { get; set; }

    /// <summary>Test hook: runs between the reading and the writing phase (fold elsewhere here to lose the race).</summary>
    internal Func<Task>? BetweenPhases { get; set; }

    public async Task<FoldResult> FoldAsync(CancellationToken ct)
    {
        var sw = Stopwatch.StartNew();
        long folded = 0;
        var steps = 0;
        long mark;
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            var (n, m, retry) = await StepAsync(ct);
            mark = m;
            if (retry) continue;
            if (n == 0) break;
            folded += n;
            steps++;
        }
        return new FoldResult(folded, mark, steps, sw.Elapsed);
    }

    /// <summary>
    /// One step in two phases. Reading: in a read transaction (no write lock, so ingestion keeps appending on
    /// the other core) the next range of records is summed into per-connection temp tables. Writing: under
    /// the write lock and in one immediate transaction, the mark is checked unchanged, the sums are added to
    /// the rollups and the mark moves. A crash anywhere leaves the mark where it was; a step that lost a race
    /// to another fold sees the mark moved and starts over.
    /// </summary>
    private async Task<(long Folded, long Mark, bool Retry)> StepAsync(CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        await using var conn = await db.OpenAsync(ct);
        long mark, upTo, folded;
        await using (var read = conn.BeginTransaction(deferred: true))
        {
            mark = await ScalarAsync(conn, read, "SELECT high_water_seq FROM aggregation_state WHERE id = 1", ct);
            // Records are append-only and SQLite assigns seq inside its single writer's transaction: every
            // seq up to the committed maximum is final.
            var max = await ScalarAsync(conn, read, "SELECT COALESCE(MAX(seq), 0) FROM usage_records", ct);
            if (max <= mark) return (0, mark, false);
            upTo = Math.Min(max, mark + StepSize);
            await ExecAsync(conn, read, """
                CREATE TEMP TABLE IF NOT EXISTS fold_delta (day INTEGER, model_key TEXT, variant TEXT, app_key TEXT, category TEXT,
                    provider TEXT, author TEXT, tokens_prompt INTEGER, tokens_completion INTEGER, tokens_reasoning INTEGER,
                    tokens_cached INTEGER, requests INTEGER, cost_nanos INTEGER);
                CREATE TEMP TABLE IF NOT EXISTS fold_apps (app_key TEXT, first_seen INTEGER, last_seen INTEGER);
                CREATE TEMP TABLE IF NOT EXISTS fold_titles (app_key TEXT, title TEXT, at INTEGER);
                CREATE TEMP TABLE IF NOT EXISTS fold_attribution (app_key TEXT, day INTEGER, app_source INTEGER, title TEXT, requests INTEGER, tokens INTEGER);
                DELETE FROM fold_delta; DELETE FROM fold_apps; DELETE FROM fold_titles; DELETE FROM fold_attribution;
                INSERT INTO fold_delta
                SELECT day, model_key, variant, COALESCE(app_key, ''), category, COALESCE(provider, ''), author,
                    SUM(tokens_prompt), SUM(tokens_completion), SUM(tokens_reasoning), SUM(tokens_cached), COUNT(*), SUM(cost_nanos)
                FROM usage_records WHERE seq > @lo AND seq <= @hi
                GROUP BY day, model_key, variant, COALESCE(app_key, ''), category, COALESCE(provider, ''), author;
                INSERT INTO fold_apps
                SELECT app_key, MIN(created_at), MAX(created_at) FROM usage_records
                WHERE seq > @lo AND seq <= @hi AND app_key IS NOT NULL GROUP BY app_key;
                -- SQLite returns the bare column app_title from the row holding MAX(created_at): the latest title.
                INSERT INTO fold_titles
                SELECT app_key, app_title, MAX(created_at) FROM usage_records
                WHERE seq > @lo AND seq <= @hi AND app_key IS NOT NULL AND app_title IS NOT NULL GROUP BY app_key;
                INSERT INTO fold_attribution
                SELECT app_key, day, app_source, COALESCE(app_title, ''), COUNT(*), SUM(tokens_prompt + tokens_completion)
                FROM usage_records WHERE seq > @lo AND seq <= @hi AND app_key IS NOT NULL
                GROUP BY app_key, day, app_source, COALESCE(app_title, '');
                """, mark, upTo, ct);
            folded = await ScalarAsync(conn, read, $"SELECT COALESCE(SUM(requests), 0) FROM fold_delta", ct);
            await read.CommitAsync(ct);
        }
        if (BetweenPhases is { } between) await between();

        await db.WriteGate.WaitAsync(ct);
        try
        {
            await using var tx = conn.BeginTransaction(deferred: false);
            if (await ScalarAsync(conn, tx, "SELECT high_water_seq FROM aggregation_state WHERE id = 1", ct) != mark) return (0, mark, true);

            await ExecAsync(conn, tx, """
                INSERT INTO rollups (day, model_key, variant, app_key, category, provider, author,
                    tokens_prompt, tokens_completion, tokens_reasoning, tokens_cached, requests, cost_nanos)
                SELECT * FROM fold_delta WHERE true
                ON CONFLICT (day, model_key, variant, app_key, category, provider) DO UPDATE SET
                """ + " " + AddSums + ";", mark, upTo, ct);
            await AddDimensionRollupsAsync(conn, tx, ct);
            await ExecAsync(conn, tx, """
                INSERT INTO apps (key, display_name, title_at, first_seen, last_seen, listed)
                SELECT app_key, app_key, -9223372036854775808, first_seen, last_seen, 1 FROM fold_apps WHERE true
                ON CONFLICT (key) DO UPDATE SET
                    first_seen = MIN(apps.first_seen, excluded.first_seen),
                    last_seen = MAX(apps.last_seen, excluded.last_seen);
                UPDATE apps SET display_name = t.title, title_at = t.at
                FROM fold_titles AS t WHERE apps.key = t.app_key AND t.at >= apps.title_at;
                INSERT INTO app_attribution (app_key, day, app_source, title, requests, tokens)
                SELECT * FROM fold_attribution WHERE true
                ON CONFLICT (app_key, day, app_source, title) DO UPDATE SET
                    requests = requests + excluded.requests, tokens = tokens + excluded.tokens;
                """, mark, upTo, ct);

            await using (var cmd = conn.CreateCommand())
            {
                cmd.Transaction = tx;
                cmd.CommandText = """
                    UPDATE aggregation_state SET high_water_seq = @hi, folded_records = folded_records + @n,
                        last_aggregated_at = @now, last_run_ms = @ms WHERE id = 1
                    """;
                cmd.Parameters.AddWithValue("@hi", upTo);
                cmd.Parameters.AddWithValue("@n", folded);
                cmd.Parameters.AddWithValue("@now", clock.GetUtcNow().ToUnixTimeMilliseconds());
                cmd.Parameters.AddWithValue("@ms", (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                await cmd.ExecuteNonQueryAsync(ct);
            }
            BeforeCommit?.Invoke(upTo);
            await tx.CommitAsync(ct);
            return (folded, upTo, false);
        }
        finally
        {
            db.WriteGate.Release();
        }
    }

    /// <summary>
    /// Sums the delta per (dimension, day, key) in one pass in memory and upserts the per-dimension rows:
    /// six SQL GROUP BYs over the delta cost five times as much (measured: 1.2 s against 0.2 s per 250k records).
    /// </summary>
    private static async Task AddDimensionRollupsAsync(SqliteConnection conn, SqliteTransaction tx, CancellationToken ct)
    {
        var sums = new Dictionary<(int Day, string Key), long[]>[DimensionColumns.Length];
        for (var d = 0; d < sums.Length; d++) sums[d] = new Dictionary<(int, string), long[]>();
        await using (var read = conn.CreateCommand())
        {
            read.Transaction = tx;
            read.CommandText = $"SELECT day, {string.Join(", ", DimensionColumns)}, tokens_prompt, tokens_completion, tokens_reasoning, tokens_cached, requests, cost_nanos FROM fold_delta";
            await using var r = await read.ExecuteReaderAsync(ct);
            var values = new long[6];
            while (await r.ReadAsync(ct))
            {
                var day = r.GetInt32(0);
                for (var v = 0; v < 6; v++) values[v] = r.GetInt64(1 + DimensionColumns.Length + v);
                for (var d = 0; d < DimensionColumns.Length; d++)
                {
                    var key = (day, r.GetString(1 + d));
                    if (!sums[d].TryGetValue(key, out var acc)) sums[d][key] = acc = new long[6];
                    for (var v = 0; v < 6; v++) acc[v] += values[v];
                }
            }
        }
        await using var upsert = conn.CreateCommand();
        upsert.Transaction = tx;
        upsert.CommandText = $"""
            INSERT INTO dimension_rollups (dimension, day, key, tokens_prompt, tokens_completion, tokens_reasoning, tokens_cached, requests, cost_nanos)
            VALUES (@dim, @day, @key, @v0, @v1, @v2, @v3, @v4, @v5)
            ON CONFLICT (dimension, day, key) DO UPDATE SET {AddSums}
            """;
        var pDim = upsert.Parameters.Add("@dim", SqliteType.Integer);
        var pDay = upsert.Parameters.Add("@day", SqliteType.Integer);
        var pKey = upsert.Parameters.Add("@key", SqliteType.Text);
        var pv = Enumerable.Range(0, 6).Select(v => upsert.Parameters.Add("@v" + v, SqliteType.Integer)).ToArray();
        upsert.Prepare();
        for (var d = 0; d < sums.Length; d++)
        {
            foreach (var ((day, key), acc) in sums[d])
            {
                pDim.Value = d;
                pDay.Value = day;
                pKey.Value = key;
                for (var v = 0; v < 6; v++) pv[v].Value = acc[v];
                await upsert.ExecuteNonQueryAsync(ct);
            }
        }
    }

    private static async Task<long> ScalarAsync(SqliteConnection conn, SqliteTransaction tx, string sql, CancellationToken ct)
    {
        await using var cmd = conn.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(ct));
    }

    private static async Task<int> ExecAsync(SqliteConnection conn, SqliteTransaction tx, string sql, long lo, long hi, CancellationToken ct)
    {
        await using var cmd = conn.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        cmd.Parameters.AddWithValue("@lo", lo);
        cmd.Parameters.AddWithValue("@hi", hi);
        return await cmd.ExecuteNonQueryAsync(ct);
    }
}
