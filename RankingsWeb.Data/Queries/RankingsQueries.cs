using System.Data.Common;
using RankingsWeb.Data.Catalog;

namespace RankingsWeb.Data.Queries;

public sealed record RankingItem(
    int Rank, string Key, string Name, long Tokens, long TokensPrompt, long TokensCompletion, long TokensReasoning,
    long TokensCached, long Requests, decimal Cost, double Share, long PreviousTokens, double? Change);

public sealed record RankingsAnswer(Dimension Dimension, DayWindow Window, long TotalTokens, IReadOnlyList<RankingItem> Items);

public sealed record SeriesLine(string Key, string Name, IReadOnlyList<decimal> Values);

public sealed record SeriesAnswer(Dimension Dimension, Interval Interval, Metric Metric, DayWindow Window,
    IReadOnlyList<int> Buckets, IReadOnlyList<SeriesLine> Series);

/// <summary>
/// Per-query view of app listing and aliases: unlisted canonical keys, and approved aliases mapped to
/// their app, so an alias counts as its app in every grouping and filter.
/// </summary>
public sealed record ReadScope(HashSet<string> Unlisted, Dictionary<string, string> Aliases)
{
    public string Canonical(string appKey) => Aliases.GetValueOrDefault(appKey, appKey);
    public bool IsUnlisted(string appKey) => Unlisted.Contains(Canonical(appKey));
}

/// <summary>Rankings and growth curves, served from the rollups only.</summary>
public sealed class RankingsQueries(IReadConnections connections, NameCatalog catalog)
{
    public const string OthersKey = "others";

    /// <summary>First and latest day with data (today when there is none).</summary>
    public async Task<(int First, int Latest)> DataRangeAsync(TimeProvider clock, CancellationToken ct = default)
    {
        await using var conn = await connections.OpenReadAsync(ct);
        await using var cmd = conn.CreateCommand();
        // The models rows of the per-dimension table cover every folded day, and its key starts (dimension, day): two index seeks.
        cmd.CommandText = "SELECT (SELECT MIN(day) FROM dimension_rollups WHERE dimension = 0), (SELECT MAX(day) FROM dimension_rollups WHERE dimension = 0)";
        await using var r = await cmd.ExecuteReaderAsync(ct);
        await r.ReadAsync(ct);
        if (r.IsDBNull(0)) return (Days.Today(clock), Days.Today(clock));
        return (Convert.ToInt32(r.GetValue(0)), Convert.ToInt32(r.GetValue(1)));
    }

    /// <param name="reveal">An app the caller may see although it is unlisted (its owner); never set on public surfaces.</param>
    public async Task<RankingsAnswer> RankingsAsync(Dimension dimension, DayWindow window, Filters filters, int limit, CancellationToken ct = default, string? reveal = null)
    {
        await using var conn = await connections.OpenReadAsync(ct);
        var scope = await ScopeAsync(conn, ct, reveal);

        var prev = window.Previous;
        await using var cmd = conn.CreateCommand();
        var (col, source) = Source(cmd, dimension, filters, scope);
        cmd.CommandText = $"""
            SELECT {col},
                SUM(CASE WHEN day >= @from THEN tokens_prompt ELSE 0 END),
                SUM(CASE WHEN day >= @from THEN tokens_completion ELSE 0 END),
                SUM(CASE WHEN day >= @from THEN tokens_reasoning ELSE 0 END),
                SUM(CASE WHEN day >= @from THEN tokens_cached ELSE 0 END),
                SUM(CASE WHEN day >= @from THEN requests ELSE 0 END),
                SUM(CASE WHEN day >= @from THEN cost_nanos ELSE 0 END),
                SUM(CASE WHEN day < @from THEN tokens_prompt + tokens_completion ELSE 0 END)
            FROM {source} AND day >= @pfrom AND day < @to
            GROUP BY {col}
            """;
        Add(cmd, "@from", window.From);
        Add(cmd, "@pfrom", prev.From);
        Add(cmd, "@to", window.To);

        var rows = new List<(string Key, long P, long C, long R, long K, long Q, long Cost, long Prev)>();
        long total = 0;
        await using (var r = await cmd.ExecuteReaderAsync(ct))
        {
            while (await r.ReadAsync(ct))
            {
                var key = r.GetString(0);
                long p = r.GetInt64(1), c = r.GetInt64(2), q = r.GetInt64(5);
                total += p + c;
                if (q == 0 || !HasKey(dimension, key, scope)) continue;
                rows.Add((key, p, c, r.GetInt64(3), r.GetInt64(4), q, r.GetInt64(6), r.GetInt64(7)));
            }
        }

        rows.Sort((a, b) =>
        {
            var byTokens = (b.P + b.C).CompareTo(a.P + a.C);
            return byTokens != 0 ? byTokens : string.CompareOrdinal(a.Key, b.Key);
        });
        if (rows.Count > limit) rows.RemoveRange(limit, rows.Count - limit);
        var names = await NamesAsync(conn, dimension, rows.Select(x => x.Key).ToList(), ct, catalog);

        var items = new List<RankingItem>(rows.Count);
        foreach (var x in rows)
        {
            var tokens = x.P + x.C;
            items.Add(new RankingItem(items.Count + 1, x.Key, names[x.Key], tokens, x.P, x.C, x.R, x.K, x.Q,
                x.Cost / 1_000_000_000m, total == 0 ? 0 : (double)tokens / total, x.Prev,
                x.Prev == 0 ? null : (double)(tokens - x.Prev) / x.Prev));
        }
        return new RankingsAnswer(dimension, window, total, items);
    }

    public async Task<SeriesAnswer> SeriesAsync(Dimension dimension, DayWindow window, Filters filters, Interval interval,
        Metric metric, int top, CancellationToken ct = default, string? reveal = null)
    {
        var buckets = EntityQueries.Buckets(window, interval);

        await using var conn = await connections.OpenReadAsync(ct);
        var scope = await ScopeAsync(conn, ct, reveal);

        await using var cmd = conn.CreateCommand();
        var (col, source) = Source(cmd, dimension, filters, scope);
        cmd.CommandText = $"""
            SELECT {col}, day, SUM({MetricNames.Sql(metric)})
            FROM {source} AND day >= @from AND day < @to
            GROUP BY {col}, day
            """;
        Add(cmd, "@from", window.From);
        Add(cmd, "@to", window.To);

        // The rows as they come (one per key and day with data) and a total per key; bucket arrays only for the
        // top keys and others, so memory follows the data, not keys × buckets.
        var cells = new List<(string Key, int Bucket, long Value)>();
        var totals = new Dictionary<string, long>(StringComparer.Ordinal);
        await using (var r = await cmd.ExecuteReaderAsync(ct))
        {
            while (await r.ReadAsync(ct))
            {
                var key = r.GetString(0);
                if (!HasKey(dimension, key, scope)) continue;
                var day = Convert.ToInt32(r.GetValue(1));
                var value = r.GetInt64(2);
                cells.Add((key, buckets.BinarySearch(Days.BucketStart(day, interval)), value));
                totals[key] = totals.GetValueOrDefault(key) + value;
            }
        }

        var ordered = totals.Where(kv => kv.Value != 0).Select(kv => kv.Key)
            .OrderByDescending(k => totals[k]).ThenBy(k => k, StringComparer.Ordinal).ToList();
        var topKeys = ordered.Take(top).ToList();
        var line = topKeys.Select((k, i) => (k, i)).ToDictionary(x => x.k, x => x.i, StringComparer.Ordinal);
        var values = topKeys.Select(_ => new long[buckets.Count]).ToList();
        var others = new long[buckets.Count];
        foreach (var (key, bucket, value) in cells)
        {
            if (line.TryGetValue(key, out var i)) values[i][bucket] += value;
            else others[bucket] += value;
        }
        var names = await NamesAsync(conn, dimension, topKeys, ct, catalog);
        var series = topKeys.Select((k, i) => new SeriesLine(k, names[k], ToValues(values[i], metric))).ToList();
        if (ordered.Count > top && others.Any(v => v != 0)) series.Add(new SeriesLine(OthersKey, "Others", ToValues(others, metric)));
        return new SeriesAnswer(dimension, interval, metric, window, buckets, series);
    }

    private static decimal[] ToValues(long[] values, Metric metric) =>
        values.Select(v => metric == Metric.Cost ? v / 1_000_000_000m : v).ToArray();

    /// <summary>Rows with no key for the dimension, and unlisted apps, count in totals but are nobody's row.</summary>
    internal static bool HasKey(Dimension dimension, string key, ReadScope scope) => dimension switch
    {
        Dimension.Apps => key.Length > 0 && !scope.IsUnlisted(key),
        Dimension.Providers => key.Length > 0,
        _ => true,
    };

    /// <summary>
    /// Unfiltered reads use the per-dimension table (a few rows per key and day); filtered ones the full cube.
    /// Returns the key column and a FROM clause that ends in a WHERE, ready for more conditions.
    /// </summary>
    internal static (string Column, string Source) Source(DbCommand cmd, Dimension dimension, Filters filters, ReadScope scope, bool cube = false)
    {
        if (!cube && !filters.All().Any())
        {
            Add(cmd, "@dim", (int)dimension);
            return (dimension == Dimension.Apps ? AppExpression(cmd, scope, "key") : "key", "dimension_rollups WHERE dimension = @dim");
        }
        var col = dimension == Dimension.Apps ? AppExpression(cmd, scope, "app_key") : DimensionNames.Column(dimension);
        return (col, "rollups WHERE true" + FilterSql(cmd, filters, scope));
    }

    /// <summary>
    /// A value no app key can hold (keys never contain control characters): an unlisted app's filter is bound to it,
    /// so that the query runs exactly as for an unknown app — same SQL, same plan, same cost — and answers nothing.
    /// Answering early instead made unlisted apps about 4× faster to filter by than unknown ones: a timing oracle.
    /// </summary>
    internal const string MatchesNoApp = "\u0001unlisted";

    private static string FilterSql(DbCommand cmd, Filters filters, ReadScope scope)
    {
        var sql = "";
        var i = 0;
        foreach (var (dim, key) in filters.All())
        {
            var name = "@f" + i++;
            if (dim == Dimension.Apps)
            {
                sql += $" AND {AppExpression(cmd, scope, "app_key")} = {name}";
                Add(cmd, name, scope.IsUnlisted(key) ? MatchesNoApp : scope.Canonical(key));
                continue;
            }
            sql += $" AND {DimensionNames.Column(dim)} = {name}";
            Add(cmd, name, key);
        }
        return sql;
    }

    /// <summary>The cube column of a dimension, with app aliases resolved.</summary>
    internal static string CubeColumn(DbCommand cmd, Dimension dimension, ReadScope scope) =>
        dimension == Dimension.Apps ? AppExpression(cmd, scope, "app_key") : DimensionNames.Column(dimension);

    /// <summary>The app key with approved aliases replaced by their app: <c>CASE app_key WHEN alias THEN app … END</c>.</summary>
    private static string AppExpression(DbCommand cmd, ReadScope scope, string column)
    {
        if (scope.Aliases.Count == 0) return column;
        if (!cmd.Parameters.Contains("@al0"))
        {
            var i = 0;
            foreach (var (alias, app) in scope.Aliases)
            {
                Add(cmd, "@al" + i, alias);
                Add(cmd, "@am" + i, app);
                i++;
            }
        }
        return $"CASE {column}" + string.Concat(Enumerable.Range(0, scope.Aliases.Count).Select(i => $" WHEN @al{i} THEN @am{i}")) + $" ELSE {column} END";
    }

    public static async Task<ReadScope> ScopeAsync(DbConnection conn, CancellationToken ct, string? reveal = null)
    {
        var aliases = new Dictionary<string, string>(StringComparer.Ordinal);
        await using (var cmd = conn.CreateCommand())
        {
            cmd.CommandText = "SELECT alias_key, app_key FROM app_aliases WHERE status = 1";
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct)) aliases[r.GetString(0)] = r.GetString(1);
        }
        var unlisted = await UnlistedAsync(conn, ct);
        // An alias's own row never decides: its app's does.
        unlisted.RemoveWhere(aliases.ContainsKey);
        if (reveal is not null) unlisted.Remove(aliases.GetValueOrDefault(reveal, reveal));
        return new ReadScope(unlisted, aliases);
    }

    internal static void Add(DbCommand cmd, string name, object value)
    {
        var p = cmd.CreateParameter();
        p.ParameterName = name;
        p.Value = value;
        cmd.Parameters.Add(p);
    }

    public async Task<bool> IsUnlistedAsync(string appKey, CancellationToken ct = default)
    {
        await using var conn = await connections.OpenReadAsync(ct);
        return (await ScopeAsync(conn, ct)).IsUnlisted(appKey);
    }

    public static async Task<HashSet<string>> UnlistedAsync(DbConnection conn, CancellationToken ct)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = "SELECT key FROM apps WHERE listed = FALSE";
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct)) set.Add(r.GetString(0));
        return set;
    }

    /// <param name="catalog">Names of models, authors, providers and use cases; the built-in one when null.</param>
    internal static async Task<Dictionary<string, string>> NamesAsync(DbConnection conn, Dimension dimension, List<string> keys, CancellationToken ct,
        NameCatalog? catalog = null)
    {
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        if (dimension != Dimension.Apps)
        {
            foreach (var k in keys) names[k] = DisplayName(dimension, k, catalog);
            return names;
        }
        foreach (var k in keys) names[k] = k;
        // In chunks: an index page names every app of the window, and a statement takes a bounded number of parameters.
        foreach (var chunk in keys.Chunk(500))
        {
            await using var cmd = conn.CreateCommand();
            var ps = new List<string>();
            for (var i = 0; i < chunk.Length; i++)
            {
                ps.Add("@k" + i);
                Add(cmd, "@k" + i, chunk[i]);
            }
            cmd.CommandText = $"SELECT key, display_name FROM apps WHERE key IN ({string.Join(",", ps)})";
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct)) names[r.GetString(0)] = DisplayText.Clean(r.GetString(1));
        }
        return names;
    }

    /// <summary>Names from the catalog (the built-in one when <paramref name="catalog"/> is null), cleaned like ingested ones.</summary>
    public static string DisplayName(Dimension dimension, string key, NameCatalog? catalog = null) =>
        (catalog ?? NameCatalog.BuiltIn).Name(dimension, key);
}
