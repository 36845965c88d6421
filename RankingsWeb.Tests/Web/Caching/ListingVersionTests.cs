using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using RankingsWeb.Data;
using RankingsWeb.Data.Apps;
using RankingsWeb.Data.Postgres;
using RankingsWeb.Data.Queries;
using RankingsWeb.Tests.TestInfrastructure;

namespace RankingsWeb.Tests.Web.Caching;

/// <summary>The listing version the public cache keys on: there after an upgrade, moved by every listing change and alias decision.</summary>
public class ListingVersionTests
{
    [Fact]
    public async Task Migration_FromThePreviousSchema_StartsTheVersionAndListingsMoveIt()
    {
        await using var db = await TestDatabase.CreateAsync(migrate: false);
        if (TestProvider.IsPostgres)
        {
            await using var ctx = new PostgresMigrationsContext(new DbContextOptionsBuilder<PostgresMigrationsContext>()
                .UseNpgsql(db.Get<PostgresDatabase>().DataSource).Options);
            await ctx.GetService<IMigrator>().MigrateAsync("20261202101125_RejectionCountsPostgres");
        }
        else
        {
            await using var ctx = await db.Get<IDbContextFactory<RankingsDbContext>>().CreateDbContextAsync();
            await ctx.GetService<IMigrator>().MigrateAsync("20261202101104_RejectionCounts");
        }
        await db.Services.MigrateRankingsDatabaseAsync();
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
