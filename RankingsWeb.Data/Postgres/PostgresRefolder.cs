using System.Diagnostics;
using System.Runtime.InteropServices;
using Npgsql;
using NpgsqlTypes;
using RankingsWeb.Data.Aggregation;
using RankingsWeb.Data.Entities;
using RankingsWeb.Data.Ingestion;
using RankingsWeb.Data.Retention;

namespace RankingsWeb.Data.Postgres;

/// <summary>
/// PostgreSQL re-fold, one record day at a time: in one transaction per day, deletes that day's cube, per-dimension
/// and attribution rows and inserts them again from the day's raw records below the fold's watermark (xid &lt; mark:
/// exactly the records the fold has already added). Records above the mark are the fold's to add later, so each day is
/// exact while ingestion goes on. Each day holds the fold's advisory lock (session-scoped; it conflicts with a fold
/// step's transaction-scoped one, and retention takes it too), so neither the mark nor the raw rows move under it,
/// and the fold runs between days instead of waiting for a whole range. A day's rows depend on that day's records
/// only, so a run stopped half-way leaves every day exact, rebuilt or not, and running it again finishes it.
/// Apps' first and last seen and latest title are facts about apps, not sums of days: each day's records are merged
/// into <c>apps</c> with the fold's own SQL (<see cref="PostgresRollupFolder.AppsSql"/>), so a key a fixed rule gives is
/// listed under its title as the fold would have listed it, and with unchanged rules nothing there changes.
/// <para>
/// Raw rows keep their derivation inputs (<see cref="RawRecordInputs"/>), and the keys are derived again from them
/// with the rules of this build (<see cref="RecordDerivation"/>): after a derivation rule is fixed, re-folding the
/// retained days applies the fix; with unchanged rules a re-fold equals the fold. The day's rows are summed in the
/// database per stored keys, title and kept inputs (a handful of groups for many records), each group is derived
/// once here, the sums under the keys derived are written to the temporary table <c>fold_batch</c> by binary COPY, and
/// the fold's own SQL (<see cref="PostgresRollupFolder.RollupsSql"/>) writes them. Rows stored before inputs were kept
/// (migration RawRecordInputs) keep their stored keys, and so do rows whose inputs the current rules refuse (a rule
/// made stricter): a record once accepted is never dropped from the rollups by a re-fold; the latter are counted
/// (<see cref="RefoldResult.RefusedInputs"/>).
/// </para>
/// </summary>
public sealed class PostgresRefolder(PostgresDatabase db, RetentionPolicy policy) : IRefolder
{
    public async Task<RefoldResult> RefoldAsync(int fromDay, int toDay, CancellationToken ct)
    {
        var sw = Stopwatch.StartNew();
        long records = 0, refused = 0;
        await using var conn = await db.DataSource.OpenConnectionAsync(ct);
        for (var day = fromDay; day <= toDay || day == fromDay; day++)
        {
            await PostgresPartitions.Exec(conn, null, $"SELECT pg_advisory_lock({PostgresLocks.Fold})", ct);
            try
            {
                // Under the lock: retention cannot drop a partition between this check and the read. The first
                // check covers the whole range, so a range that cannot be rebuilt changes nothing.
                policy.CheckRefoldRange(day, toDay, policy.Today);
                var (n, r) = await RefoldDayAsync(conn, day, ct);
                records += n;
                refused += r;
            }
            finally
            {
                await PostgresPartitions.Exec(conn, null, $"SELECT pg_advisory_unlock({PostgresLocks.Fold})", CancellationToken.None);
            }
        }
        return new RefoldResult(fromDay, toDay, records, sw.Elapsed, refused);
    }

    /// <summary>One group of a day's rows: the keys and title they are folded under.</summary>
    private readonly record struct FoldKey(DerivedKeys Keys, string? Title);

    private const string FoldBatchColumns = "day, model_key, variant, author, app_key, app_title, app_source, category, provider, " +
                                            "tokens_prompt, tokens_completion, tokens_reasoning, tokens_cached, cost_nanos, requests, tool_calls, first_at, last_at";

    private static async Task<(long Records, long Refused)> RefoldDayAsync(NpgsqlConnection conn, int day, CancellationToken ct)
    {
        await using var tx = await conn.BeginTransactionAsync(ct);
        long mark;
        await using (var cmd = new NpgsqlCommand("SELECT fold_xid FROM aggregation_state WHERE id = 1", conn, tx))
        {
            mark = (long)(await cmd.ExecuteScalarAsync(ct))!;
        }

        // Sums are numeric in PostgreSQL and cast back, as the fold's are: a sum past a bigint stops the re-fold.
        // Per group: the seven sums, then the earliest and latest created_at (what the apps' merge reads).
        var groups = new Dictionary<FoldKey, long[]>();
        long records = 0, refused = 0;
        await using (var cmd = new NpgsqlCommand("""
            SELECT model_key, variant, author, app_key, app_title, app_source, category, provider,
                inputs, in_model, in_provider, in_app_url, in_category,
                SUM(tokens_prompt)::bigint, SUM(tokens_completion)::bigint, SUM(tokens_reasoning)::bigint, SUM(tokens_cached)::bigint,
                SUM(cost_nanos)::bigint, SUM(requests)::bigint, SUM(tool_calls)::bigint, COUNT(*), MIN(created_at), MAX(created_at)
            FROM raw_records
            WHERE arrival_day >= @arrivedFrom AND day = @day AND xid < @mark
            GROUP BY model_key, variant, author, app_key, app_title, app_source, category, provider,
                inputs, in_model, in_provider, in_app_url, in_category
            """, conn, tx))
        {
            // A record of day D arrives on D − MaxDaysAhead or later: older arrival partitions are pruned.
            cmd.Parameters.AddWithValue("arrivedFrom", day - RetentionPolicy.MaxDaysAhead);
            cmd.Parameters.AddWithValue("day", day);
            cmd.Parameters.AddWithValue("mark", mark);
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
            {
                var stored = new DerivedKeys(r.GetString(0), r.GetString(1), r.GetString(2), Text(r, 7), Text(r, 3), (AppSource)r.GetInt16(5), r.GetString(6));
                var title = Text(r, 4);
                var kept = new RawRecordInputs(r.IsDBNull(8) ? null : r.GetInt16(8), Text(r, 9), Text(r, 10), Text(r, 11), Text(r, 12));
                var n = r.GetInt64(20);
                var keys = stored;
                if (kept.Restore(stored, title) is { } inputs)
                {
                    if (RecordDerivation.Derive(inputs, errors: null) is { } derived) keys = derived;
                    else refused += n;
                }
                ref var sums = ref CollectionsMarshal.GetValueRefOrAddDefault(groups, new FoldKey(keys, title), out var exists);
                if (!exists) sums = [0, 0, 0, 0, 0, 0, 0, long.MaxValue, long.MinValue];
                for (var i = 0; i < 7; i++) sums![i] = checked(sums[i] + r.GetInt64(13 + i));
                sums![7] = Math.Min(sums[7], r.GetInt64(21));
                sums[8] = Math.Max(sums[8], r.GetInt64(22));
                records += n;
            }
        }

        await PostgresPartitions.Exec(conn, tx, $"""
            CREATE TEMP TABLE fold_batch (
                day integer NOT NULL, model_key text NOT NULL, variant text NOT NULL, author text NOT NULL, app_key text, app_title text,
                app_source smallint NOT NULL, category text NOT NULL, provider text, tokens_prompt bigint NOT NULL,
                tokens_completion bigint NOT NULL, tokens_reasoning bigint NOT NULL, tokens_cached bigint NOT NULL,
                cost_nanos bigint NOT NULL, requests bigint NOT NULL, tool_calls bigint NOT NULL,
                first_at bigint NOT NULL, last_at bigint NOT NULL) ON COMMIT DROP;
            """, ct);
        await using (var w = await conn.BeginBinaryImportAsync($"COPY fold_batch ({FoldBatchColumns}) FROM STDIN (FORMAT BINARY)", ct))
        {
            foreach (var (key, sums) in groups)
            {
                await w.StartRowAsync(ct);
                await PostgresCopy.WriteKeysAsync(w, day, key.Keys, key.Title, ct);
                foreach (var sum in sums) await w.WriteAsync(sum, NpgsqlDbType.Bigint, ct);
            }
            await w.CompleteAsync(ct);
        }

        await PostgresPartitions.Exec(conn, tx, $"""
            DELETE FROM rollups WHERE day = {day};
            DELETE FROM dimension_rollups WHERE day = {day};
            DELETE FROM app_attribution WHERE day = {day};
            """, ct);
        // Public caches key on the records folded, which a re-fold leaves as they are: the listing version moves instead,
        // or they could serve the day as it was, and the apps as they were, for a cache entry's whole life.
        await PostgresRollupFolder.Exec(conn, tx, PostgresRollupFolder.RollupsSql + RefoldAppsSql + Apps.AppListing.BumpVersionSql, ct);
        await tx.CommitAsync(ct);
        return (records, refused);
    }

    /// <summary>A re-fold reads again records the fold already named apps from: a title tie keeps the name (<see cref="TitleTies"/>).</summary>
    private static readonly string RefoldAppsSql = PostgresRollupFolder.AppsSql("first_at", "last_at", TitleTies.Keep);

    private static string? Text(NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);

}
