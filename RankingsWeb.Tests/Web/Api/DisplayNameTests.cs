using RankingsWeb.Data.Ingestion;
using RankingsWeb.Tests.TestInfrastructure;

namespace RankingsWeb.Tests.Web.Api;

public class DisplayNameTests
{
    [Fact]
    public async Task AppTitleWithBidiControls_NamedWithoutThem_InRankingsAndSeries()
    {
        await using var app = new RankingsAppFactory();
        var title = "Safe \u202Egnp.exe\u202C \u2067app\u2069";
        var at = new DateTimeOffset(2026, 11, 20, 12, 0, 0, TimeSpan.Zero);
        using var client = app.IngestClient();
        await client.PostNdjsonAsync(TestRecord.Ndjson([new TestRecord("b-1", at, "openai/gpt-5", 100, 10, AppTitle: title)]));
        await client.WaitForPendingZeroAsync(1);

        var rankings = await client.GetJsonAsync("/api/v1/rankings/apps?period=week&as_of=2026-11-20");
        var item = Assert.Single(rankings.GetProperty("items").EnumerateArray());
        Assert.Equal(KeyDerivation.AppKeyFromTitle(title), item.GetProperty("key").GetString());
        Assert.Equal("Safe gnp.exe app", item.GetProperty("name").GetString());
        var series = await client.GetJsonAsync("/api/v1/series/apps?period=week&as_of=2026-11-20");
        Assert.Equal("Safe gnp.exe app", series.GetProperty("series")[0].GetProperty("name").GetString());
    }
}
