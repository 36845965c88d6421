using RankingsWeb.Data;
using RankingsWeb.Data.Catalog;
using RankingsWeb.Data.Queries;
using RankingsWeb.Tests.TestInfrastructure;

namespace RankingsWeb.Tests.Data.Queries;

/// <summary>
/// Weights and origins are read through the catalog at query time: the same folded rows, read with an edited catalog,
/// group differently at once, for rankings, series and growth alike, and the fold never stores a row for them.
/// </summary>
public class CatalogAttributeQueryTests
{
    private static readonly DateOnly Day = new(2026, 11, 20);

    private static TestRecord R(string id, int daysBack, string model, long prompt, long completion) =>
        new(id, new DateTimeOffset(Day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).AddDays(-daysBack).AddHours(1), model, prompt, completion);

    private static readonly TestRecord[] Records =
    [
        R("a", 0, "openai/gpt-5", 100, 10),          // closed, us
        R("b", 0, "qwen/qwen3-coder:free", 200, 20), // open, cn
        R("c", 0, "acme/rocket-1", 400, 40),         // unknown, unknown
        R("d", 1, "openai/gpt-5", 1000, 100),        // the previous day
    ];

    [Fact]
    public async Task CatalogEdit_AppliesToAllHistory_WithoutRefold()
    {
        await using var db = await TestDatabase.CreateAsync();
        Assert.Equal(Records.Length, (await db.IngestAsync(Records)).Accepted);
        await db.FoldPendingAsync();
        var window = new DayWindow(Days.FromDate(Day), Days.FromDate(Day) + 1);
        var twoDays = new DayWindow(Days.FromDate(Day) - 1, Days.FromDate(Day) + 1);

        var builtIn = db.Get<RankingsQueries>();
        Assert.Equal([("unknown", 440L), ("open", 220L), ("closed", 110L)], Tokens(await builtIn.RankingsAsync(Dimension.Weights, window, Filters.None, 10)));
        Assert.Equal([("unknown", 440L), ("cn", 220L), ("us", 110L)], Tokens(await builtIn.RankingsAsync(Dimension.Origins, window, Filters.None, 10)));

        // The edit: GPT-5 published, Acme placed in Sweden; nothing is folded again.
        var path = Path.Combine(Path.GetTempPath(), "rankings-tests", Guid.NewGuid().ToString("N") + ".json");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllTextAsync(path, """{ "models": { "openai/gpt-5": { "weights": "open" } }, "authors": { "acme": { "origin": "se" } } }""");
        var edited = NameCatalog.Create(path);
        var connections = db.Get<IReadConnections>();
        var scopes = db.Get<ReadScopes>();
        var rankings = new RankingsQueries(connections, edited, scopes);
        var growth = new GrowthQueries(connections, edited, scopes);

        var weights = await rankings.RankingsAsync(Dimension.Weights, window, Filters.None, 10);
        Assert.Equal([("unknown", 440L), ("open", 330L)], Tokens(weights));
        Assert.Equal(1100, weights.Items.Single(i => i.Key == "open").PreviousTokens); // history moved with it
        var origins = await rankings.RankingsAsync(Dimension.Origins, window, Filters.None, 10);
        Assert.Equal([("se", 440L), ("cn", 220L), ("us", 110L)], Tokens(origins));
        Assert.Equal("Sweden", origins.Items[0].Name);

        var series = await rankings.SeriesAsync(Dimension.Weights, twoDays, Filters.None, Interval.Day, Metric.Tokens, 10);
        Assert.Equal(["open", "unknown"], series.Series.Select(s => s.Key));
        Assert.Equal([1100m, 330m], series.Series[0].Values);

        var g = await growth.GrowthAsync(Dimension.Weights, window, Filters.None, 10);
        Assert.Equal(["open", "unknown"], g.Items.Select(i => i.Key));
        Assert.Equal(330 - 1100, g.Items[0].Figures.Delta);
        Assert.Equal(440 + 330 - 1100, g.Total.Delta);
        Assert.True(g.Items[1].New);

        // The fold wrote rows for its six dimensions only.
        await using var conn = await connections.OpenReadAsync();
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = "SELECT DISTINCT dimension FROM dimension_rollups ORDER BY dimension";
        var stored = new List<int>();
        await using (var r = await cmd.ExecuteReaderAsync())
            while (await r.ReadAsync()) stored.Add(Convert.ToInt32(r.GetValue(0)));
        Assert.Equal(Dimensions.Folded.Select(d => d.FoldIndex).Order(), stored);
    }

    private static List<(string, long)> Tokens(RankingsAnswer a) => a.Items.Select(i => (i.Key, i.Tokens)).ToList();
}
