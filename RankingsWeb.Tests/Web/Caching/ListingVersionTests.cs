using RankingsWeb.Data;
using RankingsWeb.Data.Apps;
using RankingsWeb.Data.Queries;
using RankingsWeb.Tests.TestInfrastructure;

namespace RankingsWeb.Tests.Web.Caching;

/// <summary>The listing version the public cache keys on: there from the start, moved by every listing change and alias decision.</summary>
public class ListingVersionTests
{
    [Fact]
    public async Task NewDatabase_StartsTheVersionAndListingsMoveIt()
    {
        await using var db = await TestDatabase.CreateAsync();
        var versions = db.Get<PublicVersionQueries>();
        Assert.Equal(new PublicVersionsRow(0, 0), await versions.ReadAsync());

        await db.Get<AppListing>().SetListedAsync("tool.example", false, "test", "test");
        await db.Get<AppListing>().SetListedAsync("tool.example", false, "test", "test");
        var owners = db.Get<AppOwners>();
        Assert.Null(await owners.RequestAliasAsync("tool.example", "https://other.example/", "test"));
        await owners.DecideAliasAsync("other.example", approve: false, "test");
        Assert.Equal(3, (await versions.ReadAsync()).Listing);
    }

    [Fact]
    public async Task ConcurrentListingChanges_EachMovesTheVersionOnce()
    {
        await using var db = await TestDatabase.CreateAsync();
        var listing = db.Get<AppListing>();
        await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(() => listing.SetListedAsync($"app{i % 4}.example", i % 2 == 0, "test", "test"))));
        Assert.Equal(20, (await db.Get<PublicVersionQueries>().ReadAsync()).Listing);
    }
}
