using System.Text;
using RankingsWeb.Data.Demo;
using RankingsWeb.Data.Ingestion;
using RankingsWeb.Tests.TestInfrastructure;

namespace RankingsWeb.Tests.Web.Pages;

/// <summary>The app bar's "Demo data" badge: shown while the database holds only the seeder's batches, on every provider.</summary>
public class DemoDataBadgeTests
{
    private const string Badge = "data-testid=\"demo-badge\"";
    private static readonly DateOnly LastDay = new(2026, 11, 20);

    [Fact]
    public async Task Badge_ShowsWhileOnlyDemoDataIsStored_AndGoesWithTheFirstRealBatch()
    {
        await using var app = new RankingsAppFactory();
        var client = app.CreateClient();
        Assert.DoesNotContain(Badge, await client.GetStringAsync("/"));

        var demo = RecordMaker.Make(40, LastDay, 10, prefix: "demo");
        using (var body = new MemoryStream(Encoding.UTF8.GetBytes(TestRecord.Ndjson(demo))))
            await app.Service<IngestionService>().IngestAsync(body, IngestReader.Format.Ndjson, DemoDataSeeder.Source, CancellationToken.None);
        await client.WaitForPendingZeroAsync(demo.Count);
        foreach (var path in new[] { "/", "/models", "/authors/openai" })
        {
            var page = await client.GetStringAsync(path);
            Assert.Contains(Badge, page);
            Assert.Contains(">Demo data</span>", page);
        }

        await app.IngestClient().PostNdjsonAsync(TestRecord.Ndjson(RecordMaker.Make(1, LastDay, 1, seed: 3, prefix: "one")));
        await client.WaitForPendingZeroAsync(demo.Count + 1);
        Assert.DoesNotContain(Badge, await client.GetStringAsync("/"));
        Assert.DoesNotContain(Badge, await client.GetStringAsync("/models"));
    }

    /// <summary>A request of rejected lines adds no data: the database still holds demo data only.</summary>
    [Fact]
    public async Task Badge_CountsOnlyBatchesThatAcceptedRecords()
    {
        await using var app = new RankingsAppFactory();
        var client = app.CreateClient();
        var demo = RecordMaker.Make(10, LastDay, 3, prefix: "demo");
        using (var body = new MemoryStream(Encoding.UTF8.GetBytes(TestRecord.Ndjson(demo))))
            await app.Service<IngestionService>().IngestAsync(body, IngestReader.Format.Ndjson, DemoDataSeeder.Source, CancellationToken.None);
        await client.WaitForPendingZeroAsync(demo.Count);
        Assert.Equal(DataOrigin.DemoOnly, await app.Service<DemoDataQueries>().ReadAsync());

        var rejected = await app.IngestClient().PostNdjsonAsync("{\"id\":\"bad\"}\n");
        Assert.Equal(0, rejected.GetProperty("accepted").GetInt32());
        Assert.Equal(DataOrigin.DemoOnly, await app.Service<DemoDataQueries>().ReadAsync());
        Assert.Contains(Badge, await client.GetStringAsync("/"));
    }
}
