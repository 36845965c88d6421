using RankingsWeb.Data.Catalog;

namespace RankingsWeb.Data.Queries;

/// <summary>
/// The sums of one side of a comparison (an entity, the others, or everything) in the window and in the previous
/// window, and what they explain. Regular output = completion - reasoning, so the three token kinds' deltas add up to
/// <see cref="Delta"/> exactly.
/// </summary>
public sealed record GrowthFigures(
    long Tokens, long PreviousTokens, long Requests, long PreviousRequests,
    long Prompt, long PreviousPrompt, long Completion, long PreviousCompletion, long Reasoning, long PreviousReasoning)
{
    public static readonly GrowthFigures Zero = new(0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    public long Delta => Tokens - PreviousTokens;
    public long DeltaPrompt => Prompt - PreviousPrompt;
    public long DeltaReasoning => Reasoning - PreviousReasoning;
    public long DeltaRegularOutput => (Completion - Reasoning) - (PreviousCompletion - PreviousReasoning);

    /// <summary>
    /// The midpoint (Shapley) split of <see cref="Delta"/> = R₁s₁ − R₀s₀ into more requests and larger ones, s being
    /// tokens per request: <c>(R₁ − R₀)(s₀ + s₁)/2</c>. Where a side has no requests its size is the other side's, so
    /// growth from nothing is all "more requests". Computed from these sums, so the others' and the total's split is
    /// their own and not the sum of their entities' (only deltas add up across rows).
    /// </summary>
    public double MoreRequests => (Requests - PreviousRequests) * (Size0 + Size1) / 2;

    /// <summary>The other half of the split: <c>(s₁ − s₀)(R₀ + R₁)/2</c>; with <see cref="MoreRequests"/> it makes <see cref="Delta"/>.</summary>
    public double LargerRequests => (Size1 - Size0) * ((double)PreviousRequests + Requests) / 2;

    private double Size1 => Requests != 0 ? (double)Tokens / Requests : PreviousRequests != 0 ? (double)PreviousTokens / PreviousRequests : 0;
    private double Size0 => PreviousRequests != 0 ? (double)PreviousTokens / PreviousRequests : Size1;

    public GrowthFigures Plus(GrowthFigures o) => new(
        Tokens + o.Tokens, PreviousTokens + o.PreviousTokens, Requests + o.Requests, PreviousRequests + o.PreviousRequests,
        Prompt + o.Prompt, PreviousPrompt + o.PreviousPrompt, Completion + o.Completion, PreviousCompletion + o.PreviousCompletion,
        Reasoning + o.Reasoning, PreviousReasoning + o.PreviousReasoning);
}

/// <summary>One entity's change. <c>New</c>: no tokens in the previous window; <c>Gone</c>: none in this one.</summary>
public sealed record GrowthRow(string Key, string Name, GrowthFigures Figures)
{
    public bool New => Figures.PreviousTokens == 0;
    public bool Gone => Figures.Tokens == 0;
}

/// <param name="Others">The entities past the limit, summed; null when every entity is listed.</param>
public sealed record GrowthAnswer(Dimension Dimension, DayWindow Window, GrowthFigures Total, IReadOnlyList<GrowthRow> Items, GrowthFigures? Others)
{
    public DayWindow PreviousWindow => Window.Previous;
}

/// <summary>
/// What drove the change in tokens between a window and the one of equal length before it, per entity, from the
/// rollups only (the same source, scope and catalog mapping as <see cref="RankingsQueries.RankingsAsync(ReadScope, Dimension, DayWindow, Filters, int, CancellationToken)"/>).
/// </summary>
public sealed class GrowthQueries(IReadConnections connections, NameCatalog catalog, ReadScopes scopes)
{
    /// <summary>The public's growth drivers, its scope read now: for one-off reads. A request resolves its scope once and passes it.</summary>
    public async Task<GrowthAnswer> GrowthAsync(Dimension dimension, DayWindow window, Filters filters, int limit, CancellationToken ct = default) =>
        await GrowthAsync(await scopes.PublicAsync(ct), dimension, window, filters, limit, ct);

    /// <summary>
    /// Entities with tokens in either window, by |delta| descending then key (ordinal); the first <paramref name="limit"/>
    /// listed and the rest summed in others. The total holds every matching record, those with no key for the
    /// dimension and those of hidden apps included, so items + others + those = total, delta by delta.
    /// </summary>
    public async Task<GrowthAnswer> GrowthAsync(ReadScope scope, Dimension dimension, DayWindow window, Filters filters, int limit, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        await using var conn = await connections.OpenReadAsync(ct);
        await using var cmd = conn.CreateCommand();
        var (col, source) = RankingsQueries.Source(cmd, dimension, filters, scope);
        cmd.CommandText = $"""
            SELECT {col},
                SUM(CASE WHEN day >= @from THEN tokens_prompt ELSE 0 END),
                SUM(CASE WHEN day >= @from THEN tokens_completion ELSE 0 END),
                SUM(CASE WHEN day >= @from THEN tokens_reasoning ELSE 0 END),
                SUM(CASE WHEN day >= @from THEN requests ELSE 0 END),
                SUM(CASE WHEN day < @from THEN tokens_prompt ELSE 0 END),
                SUM(CASE WHEN day < @from THEN tokens_completion ELSE 0 END),
                SUM(CASE WHEN day < @from THEN tokens_reasoning ELSE 0 END),
                SUM(CASE WHEN day < @from THEN requests ELSE 0 END)
            FROM {source} AND day >= @pfrom AND day < @to
            GROUP BY {col}
            """;
        RankingsQueries.Add(cmd, "@from", window.From);
        RankingsQueries.Add(cmd, "@pfrom", window.Previous.From);
        RankingsQueries.Add(cmd, "@to", window.To);

        var total = GrowthFigures.Zero;
        // Keyed, not listed as read: a catalog attribute's rows (one per model or author) add up under its value.
        var byKey = new Dictionary<string, GrowthFigures>(StringComparer.Ordinal);
        await using (var r = await cmd.ExecuteReaderAsync(ct))
        {
            while (await r.ReadAsync(ct))
            {
                long p1 = r.GetInt64(1), c1 = r.GetInt64(2), z1 = r.GetInt64(3), q1 = r.GetInt64(4);
                long p0 = r.GetInt64(5), c0 = r.GetInt64(6), z0 = r.GetInt64(7), q0 = r.GetInt64(8);
                var f = new GrowthFigures(p1 + c1, p0 + c0, q1, q0, p1, p0, c1, c0, z1, z0);
                total = total.Plus(f);
                var key = catalog.KeyOf(dimension, r.GetString(0));
                if (!scope.Lists(dimension, key)) continue;
                byKey[key] = byKey.TryGetValue(key, out var sum) ? sum.Plus(f) : f;
            }
        }

        var ordered = byKey.Where(kv => kv.Value.Tokens != 0 || kv.Value.PreviousTokens != 0)
            .OrderByDescending(kv => Math.Abs(kv.Value.Delta)).ThenBy(kv => kv.Key, StringComparer.Ordinal).ToList();
        var listed = ordered.Take(limit).ToList();
        GrowthFigures? others = null;
        foreach (var (_, f) in ordered.Skip(limit)) others = (others ?? GrowthFigures.Zero).Plus(f);

        var names = await RankingsQueries.NamesAsync(conn, dimension, listed.Select(kv => kv.Key).ToList(), ct, catalog);
        var items = listed.Select(kv => new GrowthRow(kv.Key, names[kv.Key], kv.Value)).ToList();
        return new GrowthAnswer(dimension, window, total, items, others);
    }
}
