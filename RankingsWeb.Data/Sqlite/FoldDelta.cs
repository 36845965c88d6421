using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;
using RankingsWeb.Data.Aggregation;
using RankingsWeb.Data.Entities;

namespace RankingsWeb.Data.Sqlite;

/// <summary>
/// Token, request, cost and tool call sums of one rollup row, in <see cref="Aggregation.FoldFanOut.SumColumns"/>'s
/// order. Added checked: one record may carry 10^18 tokens (contract v1.1), so a sum can pass a long, and a fold
/// that stops on it beats a wrapped total.
/// </summary>
internal sealed class RollupSums
{
    public long Prompt, Completion, Reasoning, Cached, Requests, CostNanos, ToolCalls;

    public void Add(RollupSums o)
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

internal readonly record struct RollupKey(int Day, CubeKeyText Key);

internal readonly record struct AttributionKey(string AppKey, int Day, AppSource Source, string Title);

/// <summary>The SQL both the fold and a re-fold write rollups with.</summary>
internal static class RollupSql
{
    public static readonly string AddSums = string.Join(",\n", Aggregation.FoldFanOut.SumColumns.Split(", ").Select(c => $"{c} = {CheckedAdd(c)}"));

    /// <summary>
    /// <c>stored + excluded</c> that fails rather than losing the sum: SQLite turns an integer overflow in <c>+</c> into
    /// a REAL without a word (PostgreSQL's bigint raises). abs() of the smallest integer is SQLite's own "integer
    /// overflow" error; it is computed from the column so that SQLite cannot evaluate it once up front. Sums are never
    /// negative, so only the upper bound needs checking.
    /// </summary>
    public static string CheckedAdd(string column) =>
        $"CASE WHEN excluded.{column} > 9223372036854775807 - {column} THEN abs({column} - {column} - 9223372036854775807 - 1) ELSE {column} + excluded.{column} END";
}

/// <summary>
/// Records of <c>record_blocks</c>, decoded and summed per day and key combination (integers only, cheap to hash):
/// the reading half of a fold step, and of a re-fold, which adds only the days of its range and may read more blocks
/// into the same sums later.
/// <para>
/// <paramref name="rederive"/> (a re-fold): each combination's keys are derived again from the inputs its block keeps,
/// with <see cref="Ingestion.RecordDerivation.Derive"/> as it is now, once per combination of a block (not per record).
/// Combinations with no inputs known (format 2), or whose inputs the current rules would refuse, keep their stored keys:
/// a record once accepted is never dropped from the rollups by a re-fold.
/// </para>
/// </summary>
internal sealed class BlockSums(int fromDay = int.MinValue, int toDay = int.MaxValue, bool rederive = false)
{
    private readonly Dictionary<(int Day, int Combo), (RollupSums Sums, long First, long Last)> inBlock = [];

    public Dictionary<(int Day, ComboKey Combo), (RollupSums Sums, long First, long Last)> Groups { get; } = [];

    /// <summary>The fold's high-water mark: every block up to it is in the rollups.</summary>
    public static long Mark(SqliteConnection conn)
    {
        using var q = new NativeStatement(conn, "SELECT high_water_seq FROM aggregation_state WHERE id = 1");
        return q.Read() ? q.Int64(0) : 0;
    }

    /// <summary>Records summed: those of the blocks read whose day is in the range.</summary>
    public long Records { get; private set; }

    /// <summary>Of <see cref="Records"/>, those that kept their stored keys because the current rules refuse their inputs (re-derived sums only).</summary>
    public long RefusedInputs { get; private set; }

    /// <summary>The seq of the last block read.</summary>
    public long UpTo { get; private set; }

    /// <summary>
    /// Adds the blocks with <paramref name="after"/> &lt; seq &lt;= <paramref name="upTo"/>, in order, stopping
    /// after the block that brings the records read to <paramref name="atLeast"/> (whole blocks only).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // runs once per step: too rarely to tier up, too long to run unoptimized
    public void Read(SqliteConnection conn, long after, long upTo = long.MaxValue, long atLeast = long.MaxValue)
    {
        if (UpTo < after) UpTo = after;
        long read = 0;
        using var q = new NativeStatement(conn, "SELECT seq, records, data FROM record_blocks WHERE seq > ?1 AND seq <= ?2 ORDER BY seq");
        q.Bind(1, after);
        q.Bind(2, upTo);
        while (read < atLeast && q.Read())
        {
            UpTo = q.Int64(0);
            var n = q.Int64(1);
            var block = new RecordBlock.Reader(q.Blob(2), n);
            var (keys, refused) = rederive ? Rederive(ref block) : (block.Combos, null);
            inBlock.Clear();
            while (block.Next(out var r, withId: false))
            {
                if (r.Day < fromDay || r.Day > toDay) continue;
                if (refused is not null && refused[r.Combo]) RefusedInputs++;
                var at = r.CreatedAtMs;
                ref var g = ref CollectionsMarshal.GetValueRefOrAddDefault(inBlock, (r.Day, r.Combo), out var exists);
                if (!exists) g = (new RollupSums(), at, at);
                g.Sums.Add(r);
                if (at < g.First) g.First = at;
                if (at > g.Last) g.Last = at;
                Records++;
            }
            foreach (var ((day, combo), g) in inBlock)
            {
                ref var total = ref CollectionsMarshal.GetValueRefOrAddDefault(Groups, (day, keys[combo]), out var exists);
                if (!exists) total = (g.Sums, g.First, g.Last);
                else
                {
                    total.Sums.Add(g.Sums);
                    total.First = Math.Min(total.First, g.First);
                    total.Last = Math.Max(total.Last, g.Last);
                }
            }
            read += n;
        }
    }

    /// <summary>
    /// The block's combinations with their keys derived again from their inputs by the current rules, and which of them
    /// kept their stored keys because the rules refuse the inputs (combinations without inputs keep theirs, not refused).
    /// </summary>
    private static (ComboKey[] Keys, bool[] Refused) Rederive(ref RecordBlock.Reader block)
    {
        var keys = new ComboKey[block.Combos.Length];
        var refused = new bool[keys.Length];
        for (var i = 0; i < keys.Length; i++)
        {
            keys[i] = block.Combos[i];
            if (block.InputsOf(i) is not { } inputs) continue;
            if (Ingestion.RecordDerivation.Derive(inputs, errors: null) is { } derived) keys[i] = block.Combos[i].With(derived);
            else refused[i] = true;
        }
        return (keys, refused);
    }
}

/// <summary>What one range of records adds to every rollup table, summed in memory.</summary>
internal sealed class FoldDelta
{
    private readonly Dictionary<RollupKey, (string Author, RollupSums Sums)> rollups = [];
    /// <summary>Per dimension of <see cref="Aggregation.FoldFanOut.PerDimension"/>, in its order: (day, key) sums.</summary>
    private readonly Dictionary<(int Day, string Key), RollupSums>[] dimensions = [.. Aggregation.FoldFanOut.PerDimension.Select(_ => new Dictionary<(int, string), RollupSums>())];
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

    /// <summary>Spreads each (day, combination) sum of <paramref name="sums"/> over the rollups its keys name.</summary>
    public static FoldDelta From(BlockSums sums, CubeKeys cubeKeys)
    {
        var delta = new FoldDelta { UpTo = sums.UpTo, Records = sums.Records };
        foreach (var ((day, combo), g) in sums.Groups) delta.Add(day, combo, g.Sums, g.First, g.Last);
        // The cube rows' key ids, as far as cached: looked up here, outside the write lock.
        delta.cubeKeyTexts = [.. delta.rollups.Keys.Select(k => k.Key)];
        delta.cubeKeyAuthors = [.. delta.rollups.Values.Select(v => v.Author)];
        delta.cubeKeyIds = cubeKeys.Cached(delta.cubeKeyTexts);
        return delta;
    }

    private void Add(int day, ComboKey c, RollupSums sums, long first, long last)
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

    private static void AddTo(Dictionary<(int, string), RollupSums> sums, int day, string key, RollupSums add)
    {
        if (sums.TryGetValue((day, key), out var acc)) acc.Add(add);
        else sums[(day, key)] = Copy(add);
    }

    private static RollupSums Copy(RollupSums s)
    {
        var copy = new RollupSums();
        copy.Add(s);
        return copy;
    }

    /// <summary>Adds the sums to the tables; the caller's write transaction makes it all or nothing.</summary>
    /// <param name="ties">Whether a title as recent as the app's name renames it (<see cref="TitleTies"/>).</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // runs once per step: too rarely to tier up, too long to run unoptimized
    public void Write(SqliteConnection conn, CubeKeys.Pending cubeKeys, TitleTies ties = TitleTies.Take)
    {
        cubeKeys.Resolve(cubeKeyTexts, cubeKeyAuthors, cubeKeyIds);
        // In key order: neighbouring rows share pages of the cube's tree.
        var rows = new (long KeyId, int Day, RollupSums Sums)[rollups.Count];
        var i = 0;
        foreach (var (k, (_, sums)) in rollups)
        {
            rows[i] = (cubeKeyIds[i], k.Day, sums);
            i++;
        }
        Array.Sort(rows, (a, b) => a.KeyId != b.KeyId ? a.KeyId.CompareTo(b.KeyId) : a.Day.CompareTo(b.Day));
        using (var upsert = new MultiRowInsert(conn, $"""
            INSERT INTO cube (key_id, day, {Aggregation.FoldFanOut.SumColumns})
            """, columns: 9, $"ON CONFLICT (key_id, day) DO UPDATE SET {RollupSql.AddSums}", rows.Length))
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
            """, columns: 10, $"ON CONFLICT (dimension, day, key) DO UPDATE SET {RollupSql.AddSums}", dimensions.Sum(d => d.Count)))
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

        // Apps' first and last seen and latest title span all days, so they are merged, never rebuilt: a re-fold widens
        // them like a fold step and adds the keys a fixed rule gives (a key with rows but no apps row would be named by its
        // key alone, and its owner's page would show no first or last seen). Listed is only ever set by an insert, listed.
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
        using (var update = new NativeStatement(conn, $"UPDATE apps SET display_name = ?2, title_at = ?3 WHERE key = ?1 AND ?3 {ties.Newer()} title_at"))
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
            $"ON CONFLICT (app_key, day, app_source, title) DO UPDATE SET requests = {RollupSql.CheckedAdd("requests")}, tokens = {RollupSql.CheckedAdd("tokens")}",
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
