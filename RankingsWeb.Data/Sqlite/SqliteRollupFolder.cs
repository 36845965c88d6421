using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;
using RankingsWeb.Data.Entities;
using RankingsWeb.Data.Ingestion;
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

    private static readonly string AddSums = string.Join(",\n", Aggregation.FoldFanOut.SumColumns.Split(", ").Select(c => $"{c} = {CheckedAdd(c)}"));

    /// <summary>
    /// <c>stored + excluded</c> that fails rather than losing the sum: SQLite turns an integer overflow in <c>+</c> into
    /// a REAL without a word (PostgreSQL's bigint raises). abs() of the smallest integer is SQLite's own "integer
    /// overflow" error; it is computed from the column so that SQLite cannot evaluate it once up front. Sums are never
    /// negative, so only the upper bound needs checking.
    /// </summary>
    private static string CheckedAdd(string column) =>
        $"CASE WHEN excluded.{column} > 9223372036854775807 - {column} THEN abs({column} - {column} - 9223372036854775807 - 1) ELSE {column} + excluded.{column} END";

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
            delta = FoldDelta.Read(conn, db.CubeKeys, mark, StepSize);
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

    /// <summary>
    /// Token, request, cost and tool call sums of one rollup row, in <see cref="Aggregation.FoldFanOut.SumColumns"/>'s
    /// order. Added checked: one record may carry 10^18 tokens (contract v1.1), so a sum can pass a long, and a fold
    /// that stops on it beats a wrapped total.
    /// </summary>
    private sealed class Sums
    {
        public long Prompt, Completion, Reasoning, Cached, Requests, CostNanos, ToolCalls;

        public void Add(Sums o)
        {
            checked
            {
                Prompt += o.Prompt;
                Completion += o.Completion;
                Reasoning += o.Reasoning;
                Cached += o.Cached;
                Requests += o.Requests;
                CostNanos += o.CostNanos;
                ToolCalls += o.ToolCalls;
            }
        }

        public void Add(in StoredRecord r)
        {
            checked
            {
                Prompt += r.TokensPrompt;
                Completion += r.TokensCompletion;
                Reasoning += r.TokensReasoning;
                Cached += r.TokensCached;
                Requests += r.Requests;
                CostNanos += r.CostNanos;
                ToolCalls += r.ToolCalls;
            }
        }

        public void Bind(MultiRowInsert s, int first)
        {
            s.Bind(first, Prompt);
            s.Bind(first + 1, Completion);
            s.Bind(first + 2, Reasoning);
            s.Bind(first + 3, Cached);
            s.Bind(first + 4, Requests);
            s.Bind(first + 5, CostNanos);
            s.Bind(first + 6, ToolCalls);
        }
    }

    private readonly record struct RollupKey(int Day, CubeKeyText Key);

    private readonly record struct AttributionKey(string AppKey, int Day, AppSource Source, string Title);

    /// <summary>What one range of records adds to every rollup table, summed in memory.</summary>
    private sealed class FoldDelta
    {
        private readonly Dictionary<RollupKey, (string Author, Sums Sums)> rollups = [];
        /// <summary>Per dimension of <see cref="Aggregation.FoldFanOut.PerDimension"/>, in its order: (day, key) sums.</summary>
        private readonly Dictionary<(int Day, string Key), Sums>[] dimensions = [.. Aggregation.FoldFanOut.PerDimension.Select(_ => new Dictionary<(int, string), Sums>())];
        private readonly Dictionary<string, (long First, long Last)> apps = [];
        private readonly Dictionary<string, (string Title, long At)> titles = [];
        private readonly Dictionary<AttributionKey, (long Requests, long Tokens)> attribution = [];

        private List<CubeKeyText> cubeKeyTexts = [];
        private List<string> cubeKeyAuthors = [];
        private long[] cubeKeyIds = [];

        /// <summary>Records read (not their requests: a record of contract v1.1 may sum many).</summary>
        public long Records { get; private init; }

        /// <summary>The seq of the last block read: the mark after this step.</summary>
        public long UpTo { get; private set; }

        /// <summary>
        /// Sums the records of the blocks above <paramref name="mark"/>, in order and until at least
        /// <paramref name="stepSize"/> records, per day and combination (integers only), then spreads each sum over
        /// the rollups its keys name.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)] // runs once per step: too rarely to tier up, too long to run unoptimized
        public static FoldDelta Read(SqliteConnection conn, CubeKeys cubeKeys, long mark, int stepSize)
        {
            // Summed per block and (day, combination index) first: integer keys, cheap to hash.
            var groups = new Dictionary<(int Day, ComboKey Combo), (Sums Sums, long First, long Last)>();
            var inBlock = new Dictionary<(int Day, int Combo), (Sums Sums, long First, long Last)>();
            long records = 0, upTo = mark;
            using (var q = new NativeStatement(conn, "SELECT seq, records, data FROM record_blocks WHERE seq > ?1 ORDER BY seq"))
            {
                q.Bind(1, mark);
                while (records < stepSize && q.Read())
                {
                    upTo = q.Int64(0);
                    var n = q.Int64(1);
                    var block = new RecordBlock.Reader(q.Blob(2), n);
                    inBlock.Clear();
                    while (block.Next(out var r, withId: false))
                    {
                        var at = r.CreatedAtMs;
                        ref var g = ref CollectionsMarshal.GetValueRefOrAddDefault(inBlock, (r.Day, r.Combo), out var exists);
                        if (!exists) g = (new Sums(), at, at);
                        g.Sums.Add(r);
                        if (at < g.First) g.First = at;
                        if (at > g.Last) g.Last = at;
                    }
                    foreach (var ((day, combo), g) in inBlock)
                    {
                        ref var total = ref CollectionsMarshal.GetValueRefOrAddDefault(groups, (day, block.Combos[combo]), out var exists);
                        if (!exists) total = (g.Sums, g.First, g.Last);
                        else
                        {
                            total.Sums.Add(g.Sums);
                            total.First = Math.Min(total.First, g.First);
                            total.Last = Math.Max(total.Last, g.Last);
                        }
                    }
                    records += n;
                }
            }
            var delta = new FoldDelta { UpTo = upTo, Records = records };
            foreach (var ((day, combo), g) in groups) delta.Add(day, combo, g.Sums, g.First, g.Last);
            // The cube rows' key ids, as far as cached: looked up here, outside the write lock.
            delta.cubeKeyTexts = [.. delta.rollups.Keys.Select(k => k.Key)];
            delta.cubeKeyAuthors = [.. delta.rollups.Values.Select(v => v.Author)];
            delta.cubeKeyIds = cubeKeys.Cached(delta.cubeKeyTexts);
            return delta;
        }

        private void Add(int day, ComboKey c, Sums sums, long first, long last)
        {
            var key = new RollupKey(day, new CubeKeyText(c.ModelKey, c.Variant, c.AppKey, c.Category, c.Provider));
            if (rollups.TryGetValue(key, out var row)) row.Sums.Add(sums);
            else rollups[key] = (c.Author, Copy(sums));

            var facts = new Aggregation.FactKeys(c.ModelKey, c.Author, c.AppKey, c.Category, c.Provider, c.Variant);
            for (var d = 0; d < dimensions.Length; d++) AddTo(dimensions[d], day, facts[Aggregation.FoldFanOut.PerDimension[d]], sums);

            if (c.AppKey.Length == 0) return;
            apps[c.AppKey] = apps.TryGetValue(c.AppKey, out var seen) ? (Math.Min(seen.First, first), Math.Max(seen.Last, last)) : (first, last);
            if (c.AppTitle.Length > 0 && (!titles.TryGetValue(c.AppKey, out var t) || last > t.At)) titles[c.AppKey] = (c.AppTitle, last);
            var a = new AttributionKey(c.AppKey, day, c.AppSource, c.AppTitle);
            var tokens = checked(sums.Prompt + sums.Completion);
            attribution[a] = attribution.TryGetValue(a, out var was) ? checked((was.Requests + sums.Requests, was.Tokens + tokens)) : (sums.Requests, tokens);
        }

        private static void AddTo(Dictionary<(int, string), Sums> sums, int day, string key, Sums add)
        {
            if (sums.TryGetValue((day, key), out var acc)) acc.Add(add);
            else sums[(day, key)] = Copy(add);
        }

        private static Sums Copy(Sums s)
        {
            var copy = new Sums();
            copy.Add(s);
            return copy;
        }

        /// <summary>Adds the sums to the tables; the caller's write transaction makes it all or nothing.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)] // runs once per step: too rarely to tier up, too long to run unoptimized
        public void Write(SqliteConnection conn, CubeKeys.Pending cubeKeys)
        {
            cubeKeys.Resolve(cubeKeyTexts, cubeKeyAuthors, cubeKeyIds);
            // In key order: neighbouring rows share pages of the cube's tree.
            var rows = new (long KeyId, int Day, Sums Sums)[rollups.Count];
            var i = 0;
            foreach (var (k, (_, sums)) in rollups)
            {
                rows[i] = (cubeKeyIds[i], k.Day, sums);
                i++;
            }
            Array.Sort(rows, (a, b) => a.KeyId != b.KeyId ? a.KeyId.CompareTo(b.KeyId) : a.Day.CompareTo(b.Day));
            using (var upsert = new MultiRowInsert(conn, $"""
                INSERT INTO cube (key_id, day, {Aggregation.FoldFanOut.SumColumns})
                """, columns: 9, $"ON CONFLICT (key_id, day) DO UPDATE SET {AddSums}", rows.Length))
            {
                foreach (var (keyId, day, sums) in rows)
                {
                    upsert.BeginRow();
                    upsert.Bind(1, keyId);
                    upsert.Bind(2, day);
                    sums.Bind(upsert, 3);
                    upsert.EndRow();
                }
            }

            using (var upsert = new MultiRowInsert(conn, $"""
                INSERT INTO dimension_rollups (dimension, day, key, {Aggregation.FoldFanOut.SumColumns})
                """, columns: 10, $"ON CONFLICT (dimension, day, key) DO UPDATE SET {AddSums}", dimensions.Sum(d => d.Count)))
            {
                for (var d = 0; d < dimensions.Length; d++)
                {
                    foreach (var ((day, key), sums) in dimensions[d])
                    {
                        upsert.BeginRow();
                        upsert.Bind(1, Aggregation.FoldFanOut.PerDimension[d].FoldIndex);
                        upsert.Bind(2, day);
                        upsert.Bind(3, key);
                        sums.Bind(upsert, 4);
                        upsert.EndRow();
                    }
                }
            }

            using (var upsert = new NativeStatement(conn, """
                INSERT INTO apps (key, display_name, title_at, first_seen, last_seen, listed)
                VALUES (?1, ?1, -9223372036854775808, ?2, ?3, 1)
                ON CONFLICT (key) DO UPDATE SET
                    first_seen = MIN(apps.first_seen, excluded.first_seen),
                    last_seen = MAX(apps.last_seen, excluded.last_seen)
                """))
            {
                foreach (var (app, (first, last)) in apps)
                {
                    upsert.Bind(1, app);
                    upsert.Bind(2, first);
                    upsert.Bind(3, last);
                    upsert.Execute();
                }
            }

            // An app is named after the title of its latest record.
            using (var update = new NativeStatement(conn, "UPDATE apps SET display_name = ?2, title_at = ?3 WHERE key = ?1 AND ?3 >= title_at"))
            {
                foreach (var (app, (title, at)) in titles)
                {
                    update.Bind(1, app);
                    update.Bind(2, title);
                    update.Bind(3, at);
                    update.Execute();
                }
            }

            using (var upsert = new MultiRowInsert(conn, "INSERT INTO app_attribution (app_key, day, app_source, title, requests, tokens)", columns: 6,
                $"ON CONFLICT (app_key, day, app_source, title) DO UPDATE SET requests = {CheckedAdd("requests")}, tokens = {CheckedAdd("tokens")}",
                attribution.Count))
            {
                foreach (var (k, (requests, tokens)) in attribution)
                {
                    upsert.BeginRow();
                    upsert.Bind(1, k.AppKey);
                    upsert.Bind(2, k.Day);
                    upsert.Bind(3, (long)k.Source);
                    upsert.Bind(4, k.Title);
                    upsert.Bind(5, requests);
                    upsert.Bind(6, tokens);
                    upsert.EndRow();
                }
            }
        }
    }
}
