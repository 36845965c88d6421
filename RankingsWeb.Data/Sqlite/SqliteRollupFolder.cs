using System.Diagnostics;
using Microsoft.Data.Sqlite;
using RankingsWeb.Data.Aggregation;

namespace RankingsWeb.Data.Sqlite;

/// <summary>
/// SQLite fold. Each step reads the high-water mark, sums the next blocks of records (<c>record_blocks</c>,
/// whole blocks only) into the rollups and moves the mark to the last of them, all inside one immediate
/// transaction: a crash anywhere rolls the whole step back, and a rerun folds the same blocks again from the
/// same mark. SQLite has a single writer and assigns a block's <c>seq</c> inside the writing transaction, so no
/// block can commit below the mark later.
/// </summary>
public sealed class SqliteRollupFolder(SqliteDatabase db, TimeProvider clock) : IRollupFolder
{
    public int StepSize { get; init; } = IRollupFolder.DefaultStepSize;

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
    /// the other core) the next blocks of records are summed per day and key combination, and the sums are
    /// spread in memory over every rollup they touch. Writing: under the write lock and in one immediate
    /// transaction, the mark is checked unchanged, the sums are added to the rollups and the mark moves.
    /// A crash anywhere leaves the mark where it was; a step that lost a race to another fold sees the mark
    /// moved and starts over.
    /// </summary>
    private async Task<(long Folded, long Mark, bool Retry)> StepAsync(CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        long mark, upTo;
        FoldDelta delta;
        await using (var conn = await db.OpenAsync(ct))
        await using (var read = conn.BeginTransaction(deferred: true))
        {
            mark = await ScalarAsync(conn, read, "SELECT high_water_seq FROM aggregation_state WHERE id = 1", ct);
            // Blocks are append-only and SQLite assigns seq inside its single writer's transaction: every block up
            // to the committed maximum is final.
            var sums = new BlockSums();
            sums.Read(conn, mark, atLeast: StepSize);
            delta = FoldDelta.From(sums, db.CubeKeys);
            upTo = delta.UpTo;
            if (upTo == mark) return (0, mark, false);
            await read.CommitAsync(ct);
        }
        if (BetweenPhases is { } between) await between();

        return await db.WriteAsync(WriterUse.Fold, async writer =>
        {
            await using var tx = writer.BeginTransaction(deferred: false);
            if (await ScalarAsync(writer, tx, "SELECT high_water_seq FROM aggregation_state WHERE id = 1", ct) != mark) return (0L, mark, true);
            using var cubeKeys = db.CubeKeys.Begin(writer);
            delta.Write(writer, cubeKeys);
            await using (var cmd = writer.CreateCommand())
            {
                cmd.Transaction = tx;
                cmd.CommandText = """
                    UPDATE aggregation_state SET high_water_seq = @hi, folded_records = folded_records + @n,
                        last_aggregated_at = @now, last_run_ms = @ms WHERE id = 1
                    """;
                cmd.Parameters.AddWithValue("@hi", upTo);
                cmd.Parameters.AddWithValue("@n", delta.Records);
                cmd.Parameters.AddWithValue("@now", clock.GetUtcNow().ToUnixTimeMilliseconds());
                cmd.Parameters.AddWithValue("@ms", (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                await cmd.ExecuteNonQueryAsync(ct);
            }
            BeforeCommit?.Invoke(upTo);
            await db.WriterTime.CommitAsync(WriterUse.Fold, tx, ct);
            cubeKeys.Commit();
            return (delta.Records, upTo, false);
        }, ct);
    }

    private static async Task<long> ScalarAsync(SqliteConnection conn, SqliteTransaction tx, string sql, CancellationToken ct)
    {
        await using var cmd = conn.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(ct));
    }
}
