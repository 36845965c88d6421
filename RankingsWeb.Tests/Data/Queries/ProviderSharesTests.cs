using RankingsWeb.Data.Queries;
using RankingsWeb.Tests.TestInfrastructure;

namespace RankingsWeb.Tests.Data.Queries;

/// <summary>
/// Whether cheaper providers get the volume: each provider's share of a model's tokens and its price per million,
/// against sums made here from the records, on generated traffic and on a small case worked by hand.
/// </summary>
public sealed class ProviderSharesTests
{
    private static readonly DateOnly LastDay = new(2026, 11, 20);
    private static readonly DayWindow Week = new(Days.FromDate(LastDay) - 6, Days.FromDate(LastDay) + 1);

    [Fact]
    public async Task Shares_MatchTheRecordsSums()
    {
        await using var db = await TestDatabase.CreateAsync();
        var records = await db.IngestGeneratedAsync(3000, LastDay, seed: 41);
        await db.FoldPendingAsync();

        var rows = await db.Get<ProviderQueries>().ProviderSharesAsync(Week, 50);

        var inWindow = records.Where(r => Days.FromDate(DateOnly.FromDateTime(r.CreatedAt.UtcDateTime)) is var d && d >= Week.From && d < Week.To)
            .Where(r => KeyDerivationOf(r.Provider) is { Length: > 0 } && r.Tokens > 0).ToList();
        var expected = inWindow.GroupBy(r => r.ModelKey)
            .Where(m => m.Select(r => KeyDerivationOf(r.Provider)).Distinct().Count() >= 2)
            .OrderByDescending(m => m.Sum(r => r.Tokens)).ThenBy(m => m.Key, StringComparer.Ordinal).Take(50).ToList();
        Assert.NotEmpty(expected);
        Assert.Equal(expected.Select(m => m.Key), rows.Select(r => r.ModelKey).Distinct());
        foreach (var model in expected)
        {
            var modelTokens = model.Sum(r => r.Tokens);
            var modelCost = model.Sum(r => r.Cost);
            var byProvider = model.GroupBy(r => KeyDerivationOf(r.Provider)!).ToDictionary(g => g.Key, g => (Tokens: g.Sum(r => r.Tokens), Cost: g.Sum(r => r.Cost)));
            var got = rows.Where(r => r.ModelKey == model.Key).ToList();
            Assert.Equal(byProvider.Keys.Order(StringComparer.Ordinal), got.Select(r => r.Provider).Order(StringComparer.Ordinal));
            Assert.Equal(1.0, got.Sum(r => r.Share), 12);
            foreach (var row in got)
            {
                var (tokens, cost) = byProvider[row.Provider];
                Assert.Equal(tokens, row.Tokens);
                Assert.Equal(cost, row.Cost);
                Assert.Equal((double)tokens / modelTokens, row.Share, 15);
                Assert.Equal(cost / (tokens / 1_000_000m), row.PricePerMillion!.Value, 10);
                Assert.Equal(modelCost / (modelTokens / 1_000_000m), row.ModelPerMillion!.Value, 10);
            }
        }
    }

    [Fact]
    public async Task OneModelByHand_CheaperProviderCarriesTheVolume()
    {
        await using var db = await TestDatabase.CreateAsync();
        var at = new DateTimeOffset(LastDay.ToDateTime(new TimeOnly(9, 0)), TimeSpan.Zero);
        await db.IngestAsync(
        [
            new("a", at, "deepseek/deepseek-v3", 700_000, 50_000, Provider: "DeepInfra", Cost: 0.30m),
            new("b", at, "deepseek/deepseek-v3", 200_000, 50_000, Provider: "Together", Cost: 0.50m),
            new("c", at, "deepseek/deepseek-v3", 1_000, 0, Cost: 9m), // names no provider: on neither side
            new("d", at, "openai/gpt-5", 1_000, 10, Provider: "OpenAI", Cost: 0.01m), // one provider only: no comparison
        ]);
        await db.FoldPendingAsync();

        var rows = await db.Get<ProviderQueries>().ProviderSharesAsync(Week, 10);

        Assert.Equal(["deepinfra", "together"], rows.Select(r => r.Provider));
        Assert.Equal(0.75, rows[0].Share, 15);
        Assert.Equal(0.4m, rows[0].PricePerMillion);
        Assert.Equal(2m, rows[1].PricePerMillion);
        Assert.Equal(0.8m, rows[0].ModelPerMillion);
        Assert.Equal(0.5, rows[0].RelativePrice!.Value, 12);
        Assert.Equal(2.5, rows[1].RelativePrice!.Value, 12);
    }

    private static string? KeyDerivationOf(string? provider) =>
        provider is null ? null : RankingsWeb.Data.Ingestion.KeyDerivation.ProviderKey(provider);
}
