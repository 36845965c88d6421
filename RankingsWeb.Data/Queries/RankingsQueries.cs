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

/// <summary>Rankings and growth curves, served from the rollups only.</summary>
public sealed class RankingsQueries(IReadConnections connections, NameCatalog catalog, ReadScopes scopes)
{
    public const string OthersKey = "others";

    /// <summary>First and latest day with data (today when there is none).</summary>
    public async Task<(int First, int Latest)> DataRangeAsync(TimeProvider clock, CancellationToken ct = default)
    {
        await using var conn = await connections.OpenReadAsync(ct);
        await using var cmd = conn.CreateCommand();
        // The models rows of the per-dimension table cover every folded day, and its key starts (dimension, day): two index seeks.
        var models = Dimension.Models.Info().FoldIndex;
        cmd.CommandText = $"SELECT (SELECT MIN(day) FROM dimension_rollups WHERE dimension = {models}), (SELECT MAX(day) FROM dimension_rollups WHERE dimension = {models})";
        await using var r = await cmd.ExecuteReaderAsync(ct);
        await r.ReadAsync(ct);
        if (r.IsDBNull(0)) return (Days.Today(clock), Days.Today(clock));
        return (Convert.ToInt32(r.GetValue(0)), Convert.ToInt32(r.GetValue(1)));
    }

    /// <summary>The public's rankings, its scope read now: for one-off reads. A request resolves its scope once and passes it.</summary>
    public async Task<RankingsAnswer> RankingsAsync(Dimension dimension, DayWindow window, Filters filters, int limit, CancellationToken ct = default) =>
        await RankingsAsync(await scopes.PublicAsync(ct), dimension, window, filters, limit, ct);

    public Task<RankingsAnswer> RankingsAsync(ReadScope scope, Dimension dimension, DayWindow window, Filters filters, int limit, CancellationToken ct = default) =>
        RankingsAsync(scope, dimension, window, filters, limit, Variants.Combined, ct);

    /// <param name="variants"><see cref="Variants.Separate"/> ranks each model and variant as its own entry (models only).</param>
    public async Task<RankingsAnswer> RankingsAsync(ReadScope scope, Dimension dimension, DayWindow window, Filters filters, int limit, Variants variants,
        CancellationToken ct = default)
    {
        await using var conn = await connections.OpenReadAsync(ct);

        var prev = window.Previous;
        await using var cmd = conn.CreateCommand();
        var (col, source) = Source(cmd, dimension, filters, scope, variants: variants);
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
            GROUP BY {VariantsView.GroupBy(col)}
            """;
        Add(cmd, "@from", window.From);
        Add(cmd, "@pfrom", prev.From);
        Add(cmd, "@to", window.To);

        // Keyed, not listed as read: a catalog attribute's rows (one per model or author) add up under its value.
        var byKey = new Dictionary<string, (long P, long C, long R, long K, long Q, long Cost, long Prev)>(StringComparer.Ordinal);
        long total = 0;
        await using (var r = await cmd.ExecuteReaderAsync(ct))
        {
            while (await r.ReadAsync(ct))
            {
                var key = catalog.KeyOf(dimension, r.GetString(0));
                long p = r.GetInt64(1), c = r.GetInt64(2);
                total += p + c;
                if (!scope.Lists(dimension, key)) continue;
                var s = byKey.GetValueOrDefault(key);
                byKey[key] = (s.P + p, s.C + c, s.R + r.GetInt64(3), s.K + r.GetInt64(4), s.Q + r.GetInt64(5), s.Cost + r.GetInt64(6), s.Prev + r.GetInt64(7));
            }
        }
        var rows = byKey.Where(kv => kv.Value.Q != 0)
            .Select(kv => (kv.Key, kv.Value.P, kv.Value.C, kv.Value.R, kv.Value.K, kv.Value.Q, kv.Value.Cost, kv.Value.Prev)).ToList();

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

    /// <summary>The public's series, its scope read now: for one-off reads. A request resolves its scope once and passes it.</summary>
    public async Task<SeriesAnswer> SeriesAsync(Dimension dimension, DayWindow window, Filters filters, Interval interval,
        Metric metric, int top, CancellationToken ct = default) =>
        await SeriesAsync(await scopes.PublicAsync(ct), dimension, window, filters, interval, metric, top, ct);

    public Task<SeriesAnswer> SeriesAsync(ReadScope scope, Dimension dimension, DayWindow window, Filters filters, Interval interval,
        Metric metric, int top, CancellationToken ct = default) =>
        SeriesAsync(scope, dimension, window, filters, interval, metric, top, Variants.Combined, ct);

    /// <param name="variants"><see cref="Variants.Separate"/> gives each model and variant its own series (models only).</param>
    public async Task<SeriesAnswer> SeriesAsync(ReadScope scope, Dimension dimension, DayWindow window, Filters filters, Interval interval,
        Metric metric, int top, Variants variants, CancellationToken ct = default)
    {
        var buckets = EntityQueries.Buckets(window, interval);
        var m = metric.Info();

        await using var conn = await connections.OpenReadAsync(ct);

        await using var cmd = conn.CreateCommand();
        var (col, source) = Source(cmd, dimension, filters, scope, variants: variants);
        // An additive metric sums one expression three times over (SQLite and PostgreSQL compute a repeated aggregate once).
        cmd.CommandText = $"""
            SELECT {col}, day, SUM({m.Numerator}), SUM({m.Denominator ?? m.Numerator}), SUM({m.RankBy})
            FROM {source} AND day >= @from AND day < @to
            GROUP BY {VariantsView.GroupBy(col)}, day
            """;
        Add(cmd, "@from", window.From);
        Add(cmd, "@to", window.To);

        // The rows as they come (one per key and day with data) and a rank total per key; bucket arrays only for the
        // top keys and others, so memory follows the data, not keys × buckets. Ratios keep numerator and denominator
        // apart until a bucket is complete, so each value is the ratio of the bucket's sums.
        var cells = new List<(string Key, int Bucket, long Numerator, long Denominator)>();
        var totals = new Dictionary<string, long>(StringComparer.Ordinal);
        await using (var r = await cmd.ExecuteReaderAsync(ct))
        {
            while (await r.ReadAsync(ct))
            {
                var key = catalog.KeyOf(dimension, r.GetString(0));
                if (!scope.Lists(dimension, key)) continue;
                var day = Convert.ToInt32(r.GetValue(1));
                cells.Add((key, buckets.BinarySearch(Days.BucketStart(day, interval)), r.GetInt64(2), r.GetInt64(3)));
                totals[key] = totals.GetValueOrDefault(key) + r.GetInt64(4);
            }
        }

        var ordered = totals.Where(kv => kv.Value != 0).Select(kv => kv.Key)
            .OrderByDescending(k => totals[k]).ThenBy(k => k, StringComparer.Ordinal).ToList();
        var topKeys = ordered.Take(top).ToList();
        var line = topKeys.Select((k, i) => (k, i)).ToDictionary(x => x.k, x => x.i, StringComparer.Ordinal);
        var values = topKeys.Select(_ => new Bucketed(buckets.Count)).ToList();
        var others = new Bucketed(buckets.Count);
        foreach (var (key, bucket, numerator, denominator) in cells)
            (line.TryGetValue(key, out var i) ? values[i] : others).Add(bucket, numerator, denominator);
        var names = await NamesAsync(conn, dimension, topKeys, ct, catalog);
        var series = topKeys.Select((k, i) => new SeriesLine(k, names[k], values[i].Values(m))).ToList();
        if (ordered.Count > top && others.Values(m) is var rest && rest.Any(v => v != 0)) series.Add(new SeriesLine(OthersKey, "Others", rest));
        return new SeriesAnswer(dimension, interval, metric, window, buckets, series);
    }

    /// <summary>One series' numerator and denominator sums per bucket.</summary>
    private sealed class Bucketed(int count)
    {
        private readonly long[] _numerators = new long[count], _denominators = new long[count];

        public void Add(int bucket, long numerator, long denominator)
        {
            _numerators[bucket] += numerator;
            _denominators[bucket] += denominator;
        }

        public decimal[] Values(MetricInfo m) => _numerators.Select((n, i) => m.Value(n, _denominators[i])).ToArray();
    }

    /// <summary>
    /// Unfiltered reads use the per-dimension table (a few rows per key and day); filtered ones the full cube.
    /// Returns the key column and a FROM clause that ends in a WHERE, ready for more conditions.
    /// </summary>
    /// <param name="variants"><see cref="Variants.Separate"/> keys models by model and variant, which only the cube holds.</param>
    internal static (string Column, string Source) Source(DbCommand cmd, Dimension dimension, Filters filters, ReadScope scope, bool cube = false,
        Variants variants = Variants.Combined)
    {
        if (variants == Variants.Separate)
        {
            if (VariantsView.Error(variants, dimension) is { } error) throw new ArgumentException(error, nameof(variants));
            return (VariantsView.SeparateColumn, "rollups WHERE true" + scope.FilterSql(cmd, filters));
        }
        // A catalog attribute is read by the keys it belongs to; the caller maps each to its value (NameCatalog.KeyOf).
        if (dimension.Info().AttributeOf is { } of) dimension = of;
        if (!cube && !filters.All().Any())
        {
            Add(cmd, "@dim", dimension.Info().FoldIndex);
            return (dimension == Dimension.Apps ? scope.AppColumn(cmd, "key") : "key", "dimension_rollups WHERE dimension = @dim");
        }
        return (CubeColumn(cmd, dimension, scope), "rollups WHERE true" + scope.FilterSql(cmd, filters));
    }

    /// <summary>The cube column of a dimension, with app aliases resolved.</summary>
    internal static string CubeColumn(DbCommand cmd, Dimension dimension, ReadScope scope) =>
        dimension == Dimension.Apps ? scope.AppColumn(cmd, "app_key") : dimension.Info().Column;

    internal static void Add(DbCommand cmd, string name, object value)
    {
        var p = cmd.CreateParameter();
        p.ParameterName = name;
        p.Value = value;
        cmd.Parameters.Add(p);
    }

    /// <param name="catalog">Names of models, authors, providers and use cases; the built-in one when null.</param>
    internal static async Task<Dictionary<string, string>> NamesAsync(DbConnection conn, Dimension dimension, List<string> keys, CancellationToken ct,
        NameCatalog? catalog = null)
    {
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        if (dimension.Info().Names != NameSource.AppTitles)
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
