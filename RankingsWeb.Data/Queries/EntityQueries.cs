using RankingsWeb.Data.Catalog;

namespace RankingsWeb.Data.Queries;

/// <summary>Totals of every token kind in one bucket. Regular output = completion - reasoning (reasoning is part of completion).</summary>
public sealed record TotalsPoint(int Bucket, long Prompt, long Completion, long Reasoning, long Cached, long Requests, decimal Cost)
{
    public long Tokens => Prompt + Completion;
    public long RegularOutput => Completion - Reasoning;
    public double? ReasoningShare => Completion == 0 ? null : (double)Reasoning / Completion;
}

public sealed record RankPoint(int Bucket, int? Rank, long Tokens);

/// <summary>Reads behind the entity pages: totals over time and rank history, from the rollups.</summary>
public sealed class EntityQueries(IReadConnections connections, ReadScopes scopes, NameCatalog catalog)
{
    /// <summary>The public's totals, its scope read now: for one-off reads. A request resolves its scope once and passes it.</summary>
    public async Task<IReadOnlyList<TotalsPoint>> TotalsAsync(DayWindow window, Filters filters, Interval interval, CancellationToken ct = default) =>
        await TotalsAsync(await scopes.PublicAsync(ct), window, filters, interval, ct);

    /// <summary>Per-bucket totals of everything matching the filters (unattributed records included).</summary>
    public async Task<IReadOnlyList<TotalsPoint>> TotalsAsync(ReadScope scope, DayWindow window, Filters filters, Interval interval, CancellationToken ct = default)
    {
        var buckets = Buckets(window, interval);
        var sums = new long[buckets.Count, 6];
        await using var conn = await connections.OpenReadAsync(ct);
        // A hidden app's filter matches nothing inside the same query (no early answer: see ReadScope.MatchesNoApp).
        await using (var cmd = conn.CreateCommand())
        {
            // Every record has an author, so the author table's rows add up to the total.
            var (_, source) = RankingsQueries.Source(cmd, Dimension.Authors, filters, scope);
            cmd.CommandText = $"""
                SELECT day, SUM(tokens_prompt), SUM(tokens_completion), SUM(tokens_reasoning), SUM(tokens_cached), SUM(requests), SUM(cost_nanos)
                FROM {source} AND day >= @from AND day < @to GROUP BY day
                """;
            RankingsQueries.Add(cmd, "@from", window.From);
            RankingsQueries.Add(cmd, "@to", window.To);
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
            {
                var i = buckets.BinarySearch(Days.BucketStart(Convert.ToInt32(r.GetValue(0)), interval));
                for (var c = 0; c < 6; c++) sums[i, c] += r.GetInt64(c + 1);
            }
        }
        return buckets.Select((b, i) => new TotalsPoint(b, sums[i, 0], sums[i, 1], sums[i, 2], sums[i, 3], sums[i, 4], sums[i, 5] / 1_000_000_000m)).ToList();
    }

    /// <summary>The public's rank history, its scope read now: for one-off reads. A request resolves its scope once and passes it.</summary>
    public async Task<IReadOnlyList<RankPoint>> RankHistoryAsync(Dimension dimension, string key, Filters context, DayWindow window,
        Interval interval, CancellationToken ct = default) =>
        await RankHistoryAsync(await scopes.PublicAsync(ct), dimension, key, context, window, interval, ct);

    /// <summary>The entity's rank by tokens in each bucket among its dimension (within <paramref name="context"/>), null where it had none.</summary>
    public async Task<IReadOnlyList<RankPoint>> RankHistoryAsync(ReadScope scope, Dimension dimension, string key, Filters context, DayWindow window,
        Interval interval, CancellationToken ct = default)
    {
        var buckets = Buckets(window, interval);
        var perBucket = buckets.Select(_ => new Dictionary<string, long>(StringComparer.Ordinal)).ToList();
        await using var conn = await connections.OpenReadAsync(ct);
        // A hidden app (as the key or in the context) ranks nowhere: the scope lists it nowhere and its filter matches nothing.
        if (dimension == Dimension.Apps) key = scope.Canonical(key);
        await using (var cmd = conn.CreateCommand())
        {
            var (col, source) = RankingsQueries.Source(cmd, dimension, context, scope);
            cmd.CommandText = $"SELECT {col}, day, SUM(tokens_prompt + tokens_completion) FROM {source} AND day >= @from AND day < @to GROUP BY {col}, day";
            RankingsQueries.Add(cmd, "@from", window.From);
            RankingsQueries.Add(cmd, "@to", window.To);
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
            {
                var k = catalog.KeyOf(dimension, r.GetString(0));
                if (!scope.Lists(dimension, k) || k.Length == 0) continue;
                var d = perBucket[buckets.BinarySearch(Days.BucketStart(Convert.ToInt32(r.GetValue(1)), interval))];
                d[k] = d.GetValueOrDefault(k) + r.GetInt64(2);
            }
        }
        return buckets.Select((b, i) =>
        {
            var d = perBucket[i];
            if (!d.TryGetValue(key, out var mine)) return new RankPoint(b, null, 0);
            var rank = 1 + d.Count(kv => kv.Value > mine || (kv.Value == mine && string.CompareOrdinal(kv.Key, key) < 0));
            return new RankPoint(b, rank, mine);
        }).ToList();
    }

    /// <summary>The buckets of a window; refuses more than <see cref="WindowSpec.MaxBuckets"/> (callers check first and answer 400).</summary>
    public static List<int> Buckets(DayWindow window, Interval interval)
    {
        if (WindowSpec.BucketsError(window, interval) is { } error) throw new ArgumentOutOfRangeException(nameof(window), error);
        var buckets = new List<int>();
        for (var b = Days.BucketStart(window.From, interval); b < window.To; b = Days.NextBucket(b, interval)) buckets.Add(b);
        return buckets;
    }
}
