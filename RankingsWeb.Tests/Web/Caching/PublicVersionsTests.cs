using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using RankingsWeb.Caching;
using RankingsWeb.Data;
using RankingsWeb.Data.Apps;
using RankingsWeb.Data.Queries;
using RankingsWeb.Tests.TestInfrastructure;

namespace RankingsWeb.Tests.Web.Caching;

/// <summary>
/// Which versions a node keys on, against a real database and a clock the test moves: a fold is adopted at most once
/// per window, a listing change at once, and each generation's entries are evicted when the next one comes.
/// </summary>
public class PublicVersionsTests
{
    private sealed class TestClock : TimeProvider
    {
        public long Ticks { get; private set; }

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => Ticks;

        public void Advance(TimeSpan by) => Ticks += by.Ticks;
    }

    private sealed class TestOutputCacheStore : IOutputCacheStore
    {
        public List<string> Evicted { get; } = [];

        public ValueTask EvictByTagAsync(string tag, CancellationToken cancellationToken)
        {
            Evicted.Add(tag);
            return ValueTask.CompletedTask;
        }

        public ValueTask<byte[]?> GetAsync(string key, CancellationToken cancellationToken) => ValueTask.FromResult<byte[]?>(null);

        public ValueTask SetAsync(string key, byte[] value, string[]? tags, TimeSpan validFor, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }

    /// <summary>What a fold step does to the version: records folded so far.</summary>
    private static async Task FoldedAsync(TestDatabase db, long records)
    {
        await using var ctx = await db.Get<IDbContextFactory<RankingsDbContext>>().CreateDbContextAsync();
        await ctx.Database.ExecuteSqlInterpolatedAsync($"UPDATE aggregation_state SET folded_records = {records} WHERE id = 1");
    }

    [Fact]
    public async Task Fold_AdoptedOncePerWindow_ListingAtOnce_RetiredGenerationsEvicted()
    {
        await using var db = await TestDatabase.CreateAsync();
        var clock = new TestClock();
        var store = new TestOutputCacheStore();
        var versions = new PublicVersions(db.Get<PublicVersionQueries>(), store, Options.Create(new RankingsOptions { PublicCacheSeconds = 10 }), clock);

        Assert.Equal(new CacheGeneration(0, 0), await versions.CurrentAsync(CancellationToken.None));
        await FoldedAsync(db, 5);
        clock.Advance(TimeSpan.FromSeconds(3));
        Assert.Equal(new CacheGeneration(0, 0), await versions.CurrentAsync(CancellationToken.None));

        await db.Get<AppListing>().SetListedAsync("tool.example", false, "test", "test");
        Assert.Equal(new CacheGeneration(0, 1), await versions.CurrentAsync(CancellationToken.None));
        Assert.Equal(["public:0:0"], store.Evicted);

        clock.Advance(TimeSpan.FromSeconds(7));
        Assert.Equal(new CacheGeneration(5, 1), await versions.CurrentAsync(CancellationToken.None));
        Assert.Equal(["public:0:0", "public:0:1"], store.Evicted);

        // Steady folds: the next one waits a whole window from the last adoption.
        await FoldedAsync(db, 9);
        clock.Advance(TimeSpan.FromSeconds(9.9));
        Assert.Equal(new CacheGeneration(5, 1), await versions.CurrentAsync(CancellationToken.None));
        clock.Advance(TimeSpan.FromSeconds(0.1));
        Assert.Equal(new CacheGeneration(9, 1), await versions.CurrentAsync(CancellationToken.None));
    }

    [Fact]
    public async Task AfterAQuietSpell_AFoldIsAdoptedByTheNextRequest()
    {
        await using var db = await TestDatabase.CreateAsync();
        var clock = new TestClock();
        var versions = new PublicVersions(db.Get<PublicVersionQueries>(), new TestOutputCacheStore(),
            Options.Create(new RankingsOptions { PublicCacheSeconds = 10 }), clock);
        await versions.CurrentAsync(CancellationToken.None);
        clock.Advance(TimeSpan.FromMinutes(5));
        await FoldedAsync(db, 3);
        Assert.Equal(3, (await versions.CurrentAsync(CancellationToken.None)).Data);
    }
}
