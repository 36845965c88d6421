using Microsoft.EntityFrameworkCore;
using RankingsWeb.Data;
using RankingsWeb.Data.Apps;
using RankingsWeb.Data.Entities;
using RankingsWeb.Data.Ingestion;
using RankingsWeb.Data.Queries;
using RankingsWeb.Tests.TestInfrastructure;

namespace RankingsWeb.Tests.Data.Apps;

public class AppOwnersTests
{
    private static readonly DateTimeOffset T = new(2026, 11, 20, 8, 0, 0, TimeSpan.Zero);
    private static readonly DayWindow Day = new(Days.FromDate(new DateOnly(2026, 11, 20)), Days.FromDate(new DateOnly(2026, 11, 21)));

    private static async Task<TestDatabase> LoadedAsync()
    {
        var db = await TestDatabase.CreateAsync();
        var records = new List<TestRecord>
        {
            new("a1", T, "openai/gpt-4o", 100, 10, AppUrl: "https://tool.example/", AppTitle: "Tool"),
            new("a2", T, "openai/gpt-4o", 50, 5, AppTitle: "Tool"),                       // title only: key "tool"
            new("a3", T, "anthropic/claude-sonnet-4", 30, 3, AppUrl: "https://old-tool.example/app"),
            new("b1", T, "openai/gpt-4o", 120, 0, AppUrl: "https://other.example/"),
        };
        using var body = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(TestRecord.Ndjson(records)));
        await db.Get<IngestionService>().IngestAsync(body, IngestReader.Format.Ndjson, "t", default);
        await db.FoldPendingAsync();
        return db;
    }

    [Fact]
    public async Task ApprovedAliases_CountAsTheAppEverywhere()
    {
        await using var db = await LoadedAsync();
        var owners = db.Get<AppOwners>();
        var queries = db.Get<RankingsQueries>();
        Assert.Null(await owners.RequestAliasAsync("tool.example", "Tool", "owner"));
        Assert.Null(await owners.RequestAliasAsync("tool.example", "https://www.old-tool.example/app/", "owner"));
        Assert.Equal("tool is already claimed", await owners.RequestAliasAsync("other.example", "Tool", "x"));

        // Pending: nothing merges yet.
        var before = await queries.RankingsAsync(Dimension.Apps, Day, Filters.None, 10);
        Assert.Equal(4, before.Items.Count);

        await owners.DecideAliasAsync("tool", true, "admin");
        await owners.DecideAliasAsync("old-tool.example/app", true, "admin");
        var after = await queries.RankingsAsync(Dimension.Apps, Day, Filters.None, 10);
        Assert.Equal(["tool.example", "other.example"], after.Items.Select(i => i.Key));
        Assert.Equal(110 + 55 + 33, after.Items[0].Tokens);
        Assert.Equal(3, after.Items[0].Requests);

        // Filtering by the app (or by one of its aliases) includes the aliases' records.
        Assert.Equal(198, (await queries.RankingsAsync(Dimension.Models, Day, new Filters(App: "tool.example"), 10)).TotalTokens);
        Assert.Equal(198, (await queries.RankingsAsync(Dimension.Models, Day, new Filters(App: "tool"), 10)).TotalTokens);
        var series = await queries.SeriesAsync(Dimension.Apps, Day, Filters.None, Interval.Day, Metric.Tokens, 5);
        Assert.Equal(198m, series.Series.Single(s => s.Key == "tool.example").Values[0]);

        // Unlisting the app hides its aliases too.
        await db.Get<AppListing>().SetListedAsync("tool.example", false, "owner@x", "owner");
        var hidden = await queries.RankingsAsync(Dimension.Apps, Day, Filters.None, 10);
        Assert.Equal(["other.example"], hidden.Items.Select(i => i.Key));
        Assert.Equal(0, (await queries.RankingsAsync(Dimension.Models, Day, new Filters(App: "tool"), 10)).TotalTokens);
        // ...except to its owner, whose scope reveals it (through its alias too).
        await owners.AssignAsync("tool.example", "owner-id", "owner@x");
        var ownerScope = await db.Get<ReadScopes>().ForAppAsync(new Viewer("owner-id", IsAnalyst: false), "tool.example");
        Assert.Equal(198, (await queries.RankingsAsync(ownerScope, Dimension.Models, Day, new Filters(App: "tool.example"), 10)).TotalTokens);
        Assert.Equal(198, (await queries.RankingsAsync(ownerScope, Dimension.Models, Day, new Filters(App: "tool"), 10)).TotalTokens);
        Assert.Equal(["tool.example", "other.example"], (await queries.RankingsAsync(ownerScope, Dimension.Apps, Day, Filters.None, 10)).Items.Select(i => i.Key));
    }

    [Fact]
    public async Task Listing_WritesAuditRows_AndAttributionSplitsSources()
    {
        await using var db = await LoadedAsync();
        var listing = db.Get<AppListing>();
        await listing.SetListedAsync("tool.example", false, "owner@x", "owner");
        await listing.SetListedAsync("tool.example", true, "admin API key", "api");
        var audit = await db.Get<AppOwners>().AuditAsync("tool.example");
        Assert.Equal([(true, "api"), (false, "owner")], audit.Select(a => (a.Listed, a.Via)));

        var owners = db.Get<AppOwners>();
        await owners.RequestAliasAsync("tool.example", "Tool", "owner");
        await owners.DecideAliasAsync("tool", true, "admin");
        var health = await owners.AttributionAsync("tool.example");
        Assert.Equal(1, health.UrlRequests);
        Assert.Equal(0, health.TitleRequests);
        Assert.Equal(1, health.AliasRequests);
        Assert.Equal("Tool", Assert.Single(health.Titles).Title);
        Assert.NotNull(health.FirstSeen);
    }

    [Fact]
    public async Task Ownership_AssignAndCheck()
    {
        await using var db = await LoadedAsync();
        var owners = db.Get<AppOwners>();
        await owners.AssignAsync("tool.example", "u1", "owner@x");
        await owners.AssignAsync("tool.example", "u1", "owner@x"); // idempotent
        Assert.True(await owners.OwnsAsync("u1", "tool.example"));
        Assert.False(await owners.OwnsAsync("u2", "tool.example"));
        var owned = Assert.Single(await owners.OwnedAsync("u1"));
        Assert.Equal("Tool", owned.Name);
        Assert.True(owned.Listed);
    }
}
