using RankingsWeb.Data.Catalog;

namespace RankingsWeb.Data.Queries;

/// <summary>
/// What one provider charged for one model over a window: sums, and the price per million tokens they imply
/// (null without tokens). <see cref="AcrossProvidersPerMillion"/> is the same model over every provider that
/// named itself, to compare against.
/// </summary>
public sealed record ModelPriceRow(
    int Rank, string ModelKey, string ModelName, long Tokens, long TokensPrompt, long TokensCompletion, long Requests, decimal Cost,
    decimal? PricePerMillion, decimal? AcrossProvidersPerMillion);

/// <summary>
/// One provider's part of one model's traffic in a window: its share of the model's tokens (among the providers that
/// named themselves) and its price per million beside the model's price across those providers (null without tokens).
/// </summary>
public sealed record ProviderShareRow(
    string ModelKey, string ModelName, string Provider, string ProviderName, long Tokens, decimal Cost, double Share,
    decimal? PricePerMillion, decimal? ModelPerMillion)
{
    /// <summary>This provider's price as a multiple of the model's across providers: below 1, cheaper than the mix.</summary>
    public double? RelativePrice => PricePerMillion is { } p && ModelPerMillion is { } m && m != 0 ? (double)(p / m) : null;
}

/// <summary>Reads behind the provider pages, from the rollups.</summary>
public sealed class ProviderQueries(IReadConnections connections, NameCatalog catalog)
{
    /// <summary>
    /// Every model <paramref name="provider"/> served in the window, by tokens (ties by key), with its price per million
    /// tokens computed from the window's sums: cost ÷ (prompt + completion) × 1,000,000. Records carry one cost, not a
    /// prompt and a completion part, so the price is blended; a <c>:free</c> variant counts with its cost of 0.
    /// </summary>
    public async Task<IReadOnlyList<ModelPriceRow>> ModelPricesAsync(string provider, DayWindow window, CancellationToken ct = default)
    {
        await using var conn = await connections.OpenReadAsync(ct);
        await using var cmd = conn.CreateCommand();
        // One pass over the cube: this provider's sums and, beside them, every named provider's for the same models.
        cmd.CommandText = """
            SELECT model_key,
                SUM(CASE WHEN provider = @provider THEN tokens_prompt ELSE 0 END),
                SUM(CASE WHEN provider = @provider THEN tokens_completion ELSE 0 END),
                SUM(CASE WHEN provider = @provider THEN requests ELSE 0 END),
                SUM(CASE WHEN provider = @provider THEN cost_nanos ELSE 0 END),
                SUM(tokens_prompt + tokens_completion),
                SUM(cost_nanos)
            FROM rollups
            WHERE provider <> '' AND day >= @from AND day < @to
            GROUP BY model_key
            """;
        RankingsQueries.Add(cmd, "@provider", provider);
        RankingsQueries.Add(cmd, "@from", window.From);
        RankingsQueries.Add(cmd, "@to", window.To);
        var rows = new List<(string Key, long P, long C, long Q, long Cost, long AllTokens, long AllCost)>();
        await using (var r = await cmd.ExecuteReaderAsync(ct))
        {
            while (await r.ReadAsync(ct))
            {
                var q = r.GetInt64(3);
                if (q == 0) continue; // not served by this provider in the window
                rows.Add((r.GetString(0), r.GetInt64(1), r.GetInt64(2), q, r.GetInt64(4), r.GetInt64(5), r.GetInt64(6)));
            }
        }
        rows.Sort((a, b) =>
        {
            var byTokens = (b.P + b.C).CompareTo(a.P + a.C);
            return byTokens != 0 ? byTokens : string.CompareOrdinal(a.Key, b.Key);
        });
        return rows.Select((x, i) => new ModelPriceRow(i + 1, x.Key, catalog.Name(Dimension.Models, x.Key), x.P + x.C, x.P, x.C, x.Q,
            x.Cost / 1_000_000_000m, PerMillion(x.Cost, x.P + x.C), PerMillion(x.AllCost, x.AllTokens))).ToList();
    }

    /// <summary>
    /// For the <paramref name="models"/> models with the most tokens among those served by two providers or more in the
    /// window: each provider's share of the model's tokens and its price per million. Whether the cheaper providers
    /// get the volume. Records that name no provider are left out of both sides of the share.
    /// </summary>
    public async Task<IReadOnlyList<ProviderShareRow>> ProviderSharesAsync(DayWindow window, int models, CancellationToken ct = default)
    {
        await using var conn = await connections.OpenReadAsync(ct);
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = """
            SELECT model_key, provider, SUM(tokens_prompt + tokens_completion), SUM(cost_nanos)
            FROM rollups
            WHERE provider <> '' AND day >= @from AND day < @to
            GROUP BY model_key, provider
            """;
        RankingsQueries.Add(cmd, "@from", window.From);
        RankingsQueries.Add(cmd, "@to", window.To);
        var byModel = new Dictionary<string, List<(string Provider, long Tokens, long Cost)>>(StringComparer.Ordinal);
        await using (var r = await cmd.ExecuteReaderAsync(ct))
        {
            while (await r.ReadAsync(ct))
            {
                var tokens = r.GetInt64(2);
                if (tokens == 0) continue;
                var key = r.GetString(0);
                if (!byModel.TryGetValue(key, out var list)) byModel[key] = list = [];
                list.Add((r.GetString(1), tokens, r.GetInt64(3)));
            }
        }
        var rows = new List<ProviderShareRow>();
        var chosen = byModel.Where(kv => kv.Value.Count >= 2)
            .Select(kv => (kv.Key, Providers: kv.Value, Tokens: kv.Value.Sum(p => p.Tokens), Cost: kv.Value.Sum(p => p.Cost)))
            .OrderByDescending(m => m.Tokens).ThenBy(m => m.Key, StringComparer.Ordinal).Take(models);
        foreach (var m in chosen)
        {
            var modelPrice = PerMillion(m.Cost, m.Tokens);
            foreach (var p in m.Providers.OrderByDescending(p => p.Tokens).ThenBy(p => p.Provider, StringComparer.Ordinal))
            {
                rows.Add(new ProviderShareRow(m.Key, catalog.Name(Dimension.Models, m.Key), p.Provider, catalog.Name(Dimension.Providers, p.Provider),
                    p.Tokens, p.Cost / 1_000_000_000m, (double)p.Tokens / m.Tokens, PerMillion(p.Cost, p.Tokens), modelPrice));
            }
        }
        return rows;
    }

    /// <summary>USD per million tokens from a sum of nano-dollars and a sum of tokens: nanos / 1e9 × 1e6 / tokens, in decimal.</summary>
    public static decimal? PerMillion(long costNanos, long tokens) => tokens == 0 ? null : costNanos / (tokens * 1000m);
}
