using System.Data.Common;
using System.Runtime.CompilerServices;

namespace RankingsWeb.Data.Queries;

public enum ExploreMetric
{
    Tokens, Prompt, Completion, RegularOutput, Reasoning, Cached, Requests, Cost, ReasoningShare, CacheShare,
    TokensPerRequest, PromptPerRequest, CompletionPerRequest, CostPerMillion,
}

public sealed record ExploreRequest(
    ExploreMetric Metric, Dimension GroupBy, Dimension? SubGroup, Filters Filters, DayWindow Window, Interval? Interval, int Top, bool Cumulative);

/// <summary>One row of the explorer's table: a group (and sub-group), a bucket (none for a flat ranking) and the metric's value.</summary>
public sealed record ExploreRow(int GroupRank, string GroupKey, string GroupName, bool GroupUnlisted, string? SubKey, string? SubName, int? Bucket, decimal Value);

/// <summary>
/// The analysts' explorer: any metric, grouped (and sub-grouped) by any dimension, filtered, over any window,
/// by interval or flat, top-N with the rest as Others, optionally cumulative. Unlisted apps are included
/// and marked (analysts are trusted). Rows stream: only the top groups' keys and the Others bucket are held.
/// </summary>
public sealed class AnalyticsQueries(IReadConnections connections, Catalog.NameCatalog catalog)
{
    public const string NoneName = "(none)";

    public static bool IsRatio(ExploreMetric m) => m is ExploreMetric.ReasoningShare or ExploreMetric.CacheShare
        or ExploreMetric.TokensPerRequest or ExploreMetric.PromptPerRequest or ExploreMetric.CompletionPerRequest or ExploreMetric.CostPerMillion;

    private struct Sums
    {
        public long P, C, R, K, Q, Cost;

        public void Add(in Sums o)
        {
            P += o.P; C += o.C; R += o.R; K += o.K; Q += o.Q; Cost += o.Cost;
        }

        public readonly decimal Value(ExploreMetric m) => m switch
        {
            ExploreMetric.Tokens => P + C,
            ExploreMetric.Prompt => P,
            ExploreMetric.Completion => C,
            ExploreMetric.RegularOutput => C - R,
            ExploreMetric.Reasoning => R,
            ExploreMetric.Cached => K,
            ExploreMetric.Requests => Q,
            ExploreMetric.Cost => Cost / 1_000_000_000m,
            ExploreMetric.ReasoningShare => C == 0 ? 0 : Math.Round((decimal)R / C, 6),
            // As the series API's ratio metrics: the ratio of the row's sums (cumulative rows: of the running sums).
            ExploreMetric.TokensPerRequest => Q == 0 ? 0 : Math.Round((decimal)(P + C) / Q, 6),
            ExploreMetric.PromptPerRequest => Q == 0 ? 0 : Math.Round((decimal)P / Q, 6),
            ExploreMetric.CompletionPerRequest => Q == 0 ? 0 : Math.Round((decimal)C / Q, 6),
            ExploreMetric.CostPerMillion => P + C == 0 ? 0 : Math.Round((decimal)Cost / (P + C) / 1_000m, 6),
            _ => P == 0 ? 0 : Math.Round((decimal)K / P, 6),
        };

        /// <summary>Groups are ranked by the metric, or by tokens for the ratio metrics (a 100% share of 3 tokens is no leader).</summary>
        public readonly decimal RankValue(ExploreMetric m) => IsRatio(m) ? P + C : Value(m);
    }

    private static Sums Read(DbDataReader r, int offset) => new()
    {
        P = r.GetInt64(offset), C = r.GetInt64(offset + 1), R = r.GetInt64(offset + 2),
        K = r.GetInt64(offset + 3), Q = r.GetInt64(offset + 4), Cost = r.GetInt64(offset + 5),
    };

    private const string SumColumns = "SUM(tokens_prompt), SUM(tokens_completion), SUM(tokens_reasoning), SUM(tokens_cached), SUM(requests), SUM(cost_nanos)";

    public IReadOnlyList<int> Buckets(ExploreRequest q) =>
        q.Interval is { } i ? EntityQueries.Buckets(q.Window, i) : [];

    /// <param name="scope">The analysts' scope (<see cref="ReadScopes.ForAnalystsAsync"/>): the explorer lists unlisted apps.</param>
    public async IAsyncEnumerable<ExploreRow> StreamAsync(ReadScope scope, ExploreRequest q, [EnumeratorCancellation] CancellationToken ct = default)
    {
        if (scope.Audience != ReadAudience.Analysts) throw new ArgumentException("the explorer lists unlisted apps: analysts only", nameof(scope));
        await using var conn = await connections.OpenReadAsync(ct);
        var useCube = q.SubGroup is not null;

        // Phase 1: the ranking of groups (small: one row per group).
        var totals = new List<(string Key, Sums S)>();
        await using (var cmd = conn.CreateCommand())
        {
            var (col, source) = RankingsQueries.Source(cmd, q.GroupBy, q.Filters, scope, useCube);
            cmd.CommandText = $"SELECT {col}, {SumColumns} FROM {source} AND day >= @from AND day < @to GROUP BY {col}";
            RankingsQueries.Add(cmd, "@from", q.Window.From);
            RankingsQueries.Add(cmd, "@to", q.Window.To);
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct)) totals.Add((r.GetString(0), Read(r, 1)));
        }
        var ranked = totals.Where(t => t.S.Q > 0)
            .OrderByDescending(t => t.S.RankValue(q.Metric)).ThenBy(t => t.Key, StringComparer.Ordinal).ToList();
        var top = ranked.Take(q.Top).Select((t, i) => (t.Key, Rank: i + 1)).ToDictionary(t => t.Key, t => t.Rank, StringComparer.Ordinal);
        var hasOthers = ranked.Count > q.Top;
        if (top.Count == 0) yield break;
        var groupNames = await RankingsQueries.NamesAsync(conn, q.GroupBy, top.Keys.Where(k => k.Length > 0).ToList(), ct, catalog);

        // Phase 2: stream the rows of the top groups in rank order; fold the rest into Others.
        var buckets = Buckets(q);
        var subNames = new Dictionary<string, string>(StringComparer.Ordinal);
        var others = new SortedDictionary<(string Sub, int Bucket), Sums>();
        await using (var cmd = conn.CreateCommand())
        {
            var (col, source) = RankingsQueries.Source(cmd, q.GroupBy, q.Filters, scope, useCube);
            var subCol = q.SubGroup is { } sg ? RankingsQueries.CubeColumn(cmd, sg, scope) : "''";
            var dayCol = q.Interval is null ? "NULL" : "day"; // not a bare integer: SQLite reads those as column numbers
            var order = "CASE " + col + string.Concat(top.Select((kv, i) => $" WHEN @t{i} THEN {kv.Value}")) + $" ELSE {q.Top + 1} END";
            var i = 0;
            foreach (var key in top.Keys) RankingsQueries.Add(cmd, "@t" + i++, key);
            // Constants stay out of GROUP BY / ORDER BY (PostgreSQL rejects them, SQLite reads integers as column numbers).
            var keys = string.Join(", ", new[] { col, q.SubGroup is null ? null : subCol, q.Interval is null ? null : dayCol }.Where(k => k is not null));
            cmd.CommandText = $"""
                SELECT {col}, {subCol}, {dayCol}, {SumColumns} FROM {source} AND day >= @from AND day < @to
                GROUP BY {keys} ORDER BY {order}, {keys}
                """;
            RankingsQueries.Add(cmd, "@from", q.Window.From);
            RankingsQueries.Add(cmd, "@to", q.Window.To);
            await using var r = await cmd.ExecuteReaderAsync(ct);

            string? curGroup = null, curSub = null;
            int? curBucket = null;
            var acc = new Sums();
            var running = new Sums();
            ExploreRow? Flush()
            {
                if (curGroup is null) return null;
                if (q.Cumulative) running.Add(acc); else running = acc;
                var row = new ExploreRow(top[curGroup], curGroup, GroupName(curGroup), q.GroupBy == Dimension.Apps && scope.IsUnlisted(curGroup),
                    q.SubGroup is null ? null : curSub, q.SubGroup is null ? null : SubName(q.SubGroup.Value, curSub!), curBucket, running.Value(q.Metric));
                acc = new Sums();
                return row;
            }

            while (await r.ReadAsync(ct))
            {
                var g = r.GetString(0);
                var s = r.GetString(1);
                int? bucket = q.Interval is { } iv ? Days.BucketStart(Convert.ToInt32(r.GetValue(2)), iv) : null;
                var sums = Read(r, 3);
                if (!top.ContainsKey(g))
                {
                    var k = (s, bucket ?? 0);
                    var o = others.GetValueOrDefault(k);
                    o.Add(sums);
                    others[k] = o;
                    continue;
                }
                if (g != curGroup || s != curSub || bucket != curBucket)
                {
                    var newSeries = g != curGroup || s != curSub;
                    if (Flush() is { } row) yield return row;
                    if (newSeries) running = new Sums();
                    curGroup = g;
                    curSub = s;
                    curBucket = bucket;
                }
                acc.Add(sums);
            }
            if (Flush() is { } last) yield return last;
        }

        if (hasOthers)
        {
            var running = new Sums();
            string? prevSub = null;
            foreach (var ((sub, bucket), sums) in others)
            {
                if (sub != prevSub) running = new Sums();
                prevSub = sub;
                if (q.Cumulative) running.Add(sums); else running = sums;
                yield return new ExploreRow(q.Top + 1, RankingsQueries.OthersKey, "Others", false, q.SubGroup is null ? null : sub,
                    q.SubGroup is null ? null : SubName(q.SubGroup.Value, sub), q.Interval is null ? null : bucket, running.Value(q.Metric));
            }
        }

        string GroupName(string key) => key.Length == 0 ? NoneName : groupNames.GetValueOrDefault(key, key);

        string SubName(Dimension d, string key)
        {
            if (key.Length == 0) return NoneName;
            if (!subNames.TryGetValue(key, out var name)) subNames[key] = name = d.Info().Names == NameSource.AppTitles ? key : RankingsQueries.DisplayName(d, key, catalog);
            return name;
        }
    }
}
