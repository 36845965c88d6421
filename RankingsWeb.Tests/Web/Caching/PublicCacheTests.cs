using System.Net;
using RankingsWeb.Tests.TestInfrastructure;

namespace RankingsWeb.Tests.Web.Caching;

/// <summary>
/// Contract v1.1, caching: public pages and read API answers come from the cache for at most
/// Rankings:PublicCacheSeconds after a fold, carry an ETag, and answer 304 to a matching If-None-Match; signed-in
/// visitors never get or leave a cached answer. Over real HTTP, on SQLite or PostgreSQL; one app per case.
/// </summary>
public class PublicCacheTests
{
    private const string Api = "/api/v1/rankings/models?" + CachingApp.Week;
    private const string Csv = Api + "&format=csv";
    private const string Page = "/?" + CachingApp.Week;
    private const string Growth = "/api/v1/growth/models?" + CachingApp.Week;
    private const string GrowthCsv = Growth + "&format=csv";

    private static readonly TestRecord Old = CachingApp.Record("old-1", "openai/gpt-5", 1000);
    private static readonly TestRecord New = CachingApp.Record("new-1", "freshco/fresh-model", 5000);

    private static async Task<CachingApp> StartAsync(int publicCacheSeconds)
    {
        var app = new CachingApp(publicCacheSeconds).Start();
        await app.IngestAndFoldAsync(1, Old);
        return app;
    }

    [Theory]
    [InlineData(Api)]
    [InlineData(Csv)]
    [InlineData(Page)]
    [InlineData(Growth)]
    [InlineData(GrowthCsv)]
    public async Task AfterAFold_CachedAnswer_ShowsTheNewDataOnceTheWindowPasses(string url)
    {
        await using var app = await StartAsync(publicCacheSeconds: 1);
        var client = app.CreateClient();
        var first = await Answer.GetAsync(client, url);
        Assert.Equal(HttpStatusCode.OK, first.Status);
        var second = await Answer.GetAsync(client, url);
        Assert.True(second.FromCache, $"{url} was rendered again");
        Assert.Equal(first.Body, second.Body);

        await app.IngestAndFoldAsync(2, New);
        var fresh = await Answer.PollAsync(client, url, a => a.Body.Contains("freshco/fresh-model", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.OK, fresh.Status);
    }

    [Theory]
    [InlineData(Api)]
    [InlineData(Page)]
    public async Task SteadyIngestion_WithinTheWindow_AnswerStaysCached(string url)
    {
        await using var app = await StartAsync(publicCacheSeconds: 600);
        var client = app.CreateClient();
        var before = await Answer.GetAsync(client, url);

        // Folds move the data version; the key keeps the one adopted until the window has passed.
        await app.IngestAndFoldAsync(2, New);
        var after = await Answer.GetAsync(client, url);
        Assert.True(after.FromCache);
        Assert.Equal(before.ETag, after.ETag);
        Assert.DoesNotContain("freshco/fresh-model", after.Body);
    }

    [Theory]
    [InlineData(Api)]
    [InlineData(Csv)]
    [InlineData(Page)]
    [InlineData(Growth)]
    public async Task IfNoneMatch_Matching304_AfterAFold200WithANewETag(string url)
    {
        await using var app = await StartAsync(publicCacheSeconds: 1);
        var client = app.CreateClient();
        var first = await Answer.GetAsync(client, url);
        Assert.NotNull(first.ETag);
        Assert.StartsWith("W/\"", first.ETag);
        Assert.Equal("no-cache, public", Normalized(first.CacheControl));

        var revalidated = await Answer.GetAsync(client, url, ifNoneMatch: first.ETag);
        Assert.Equal(HttpStatusCode.NotModified, revalidated.Status);
        Assert.Equal("", revalidated.Body);
        Assert.Equal(first.ETag, revalidated.ETag);
        Assert.Equal(HttpStatusCode.OK, (await Answer.GetAsync(client, url, ifNoneMatch: "W/\"something-else\"")).Status);

        await app.IngestAndFoldAsync(2, New);
        var changed = await Answer.PollAsync(client, url, a => a.ETag != first.ETag);
        Assert.Contains("freshco/fresh-model", changed.Body);
        var stale = await Answer.GetAsync(client, url, ifNoneMatch: first.ETag);
        Assert.Equal(HttpStatusCode.OK, stale.Status);
        Assert.Equal(HttpStatusCode.NotModified, (await Answer.GetAsync(client, url, ifNoneMatch: stale.ETag)).Status);
    }

    [Theory]
    [InlineData(Api)]
    [InlineData(Page)]
    public async Task ListingChange_MovesTheETagAtOnce(string url)
    {
        await using var app = await StartAsync(publicCacheSeconds: 600);
        var client = app.CreateClient();
        var before = await Answer.GetAsync(client, url);
        Assert.NotNull(before.ETag);
        await app.SetListedAsync("unrelated.example", false);
        var after = await Answer.GetAsync(client, url, ifNoneMatch: before.ETag);
        Assert.Equal(HttpStatusCode.OK, after.Status);
        Assert.NotEqual(before.ETag, after.ETag);
        Assert.False(after.FromCache);
    }

    [Theory]
    [InlineData(Api)]
    [InlineData(Page)]
    public async Task SignedIn_NeitherServedFromNorStoredInTheCache(string url)
    {
        await using var app = await StartAsync(publicCacheSeconds: 600);
        var anonymous = app.CreateClient();
        await Answer.GetAsync(anonymous, url);
        Assert.True((await Answer.GetAsync(anonymous, url)).FromCache);

        var signedIn = await app.SignedInAsync(RankingsAppFactory.AdminEmail, RankingsAppFactory.AdminPassword);
        for (var i = 0; i < 2; i++)
        {
            var mine = await Answer.GetAsync(signedIn, url);
            Assert.Equal(HttpStatusCode.OK, mine.Status);
            Assert.False(mine.FromCache, "a signed-in request was served from the cache");
            Assert.Equal("no-store, private", Normalized(mine.CacheControl));
            Assert.Null(mine.ETag);
            if (url == Page) Assert.Contains("data-testid=\"sign-out\"", mine.Body);
        }

        var after = await Answer.GetAsync(anonymous, url);
        Assert.True(after.FromCache);
        Assert.DoesNotContain("data-testid=\"sign-out\"", after.Body);
        if (url == Page) Assert.Contains("data-testid=\"sign-in-link\"", after.Body);
    }

    [Fact]
    public async Task EnhancedNavigation_StoredApartFromDocumentLoads()
    {
        await using var app = await StartAsync(publicCacheSeconds: 600);
        var client = app.CreateClient();
        var document = await Answer.GetAsync(client, Page);
        Assert.True((await Answer.GetAsync(client, Page)).FromCache);
        Assert.Equal("Accept", document.Vary);

        var enhanced = await Answer.GetAsync(client, Page, enhancedNavigation: true);
        Assert.Equal(HttpStatusCode.OK, enhanced.Status);
        Assert.False(enhanced.FromCache, "an enhanced navigation got the document load's entry");
        Assert.NotEqual(document.ETag, enhanced.ETag);
        Assert.True((await Answer.GetAsync(client, Page, enhancedNavigation: true)).FromCache);
        // A browser revalidating the document's copy for an enhanced navigation gets the enhanced answer.
        Assert.Equal(HttpStatusCode.OK, (await Answer.GetAsync(client, Page, ifNoneMatch: document.ETag, enhancedNavigation: true)).Status);
    }

    /// <summary>
    /// blazor.web.js takes an answer for enhanced navigation only if it says <c>blazor-enhanced-nav: allow</c>, compared
    /// case-sensitively; the output cache replayed it as "Allow", and every enhanced navigation to a cached page fell
    /// back to a full page load.
    /// </summary>
    [Fact]
    public async Task EnhancedNavigation_FromTheCache_SaysAllowAsBlazorWroteIt()
    {
        await using var app = await StartAsync(publicCacheSeconds: 600);
        var client = app.CreateClient();
        var rendered = await Answer.GetAsync(client, Page, enhancedNavigation: true);
        var cached = await Answer.GetAsync(client, Page, enhancedNavigation: true);
        Assert.False(rendered.FromCache);
        Assert.True(cached.FromCache);
        Assert.Equal("allow", rendered.EnhancedNavigation);
        Assert.Equal("allow", cached.EnhancedNavigation);
    }

    [Fact]
    public async Task QueryInAnotherOrder_SameEntry_RepeatedParametersInAnotherOrderNot()
    {
        await using var app = await StartAsync(publicCacheSeconds: 600);
        var client = app.CreateClient();
        await Answer.GetAsync(client, "/api/v1/rankings/models?period=week&as_of=2026-11-20&limit=5");
        Assert.True((await Answer.GetAsync(client, "/api/v1/rankings/models?limit=5&as_of=2026-11-20&period=week")).FromCache);
        // Spelled otherwise, a parameter makes another entry: answers echo the query in their citation.
        Assert.False((await Answer.GetAsync(client, "/api/v1/rankings/models?LIMIT=5&as_of=2026-11-20&period=week")).FromCache);

        await Answer.GetAsync(client, "/api/v1/rankings/models?period=week&as_of=2026-11-20&interval=day&interval=week");
        Assert.False((await Answer.GetAsync(client, "/api/v1/rankings/models?period=week&as_of=2026-11-20&interval=week&interval=day")).FromCache);
    }

    [Fact]
    public async Task NotPublic_NeverCached()
    {
        await using var app = await StartAsync(publicCacheSeconds: 600);
        var client = app.CreateClient();
        await Answer.GetAsync(client, Api);
        Assert.True((await Answer.GetAsync(client, Api)).FromCache); // the cache is on
        foreach (var url in new[] { "/api/v1/status", "/account/login", "/api/v1/rankings/nonsense?" + CachingApp.Week })
        {
            var first = await Answer.GetAsync(client, url);
            var second = await Answer.GetAsync(client, url);
            Assert.False(second.FromCache, url);
            Assert.Null(first.ETag);
        }
    }

    [Fact]
    public async Task ZeroSeconds_NoServerCacheNoETag_HeadersStay()
    {
        await using var app = await StartAsync(publicCacheSeconds: 0);
        var client = app.CreateClient();
        await Answer.GetAsync(client, Api);
        var again = await Answer.GetAsync(client, Api);
        Assert.False(again.FromCache);
        Assert.Null(again.ETag);
        Assert.Equal("no-cache, public", Normalized(again.CacheControl));
    }

    [Theory]
    [InlineData("Rankings:PublicCacheSeconds", "-1")]
    [InlineData("Rankings:PublicCacheMegabytes", "0")]
    public void BadSetting_RefusedAtStart(string key, string value)
    {
        using var app = new CachingApp(publicCacheSeconds: 10, settings: new() { [key] = value });
        var error = Assert.ThrowsAny<Exception>(() => app.Start());
        Assert.Contains(key, Messages(error));
    }

    private static string Messages(Exception e) => e.InnerException is null ? e.Message : e.Message + " | " + Messages(e.InnerException);

    private static string Normalized(string? cacheControl) =>
        string.Join(", ", (cacheControl ?? "").Split(',', StringSplitOptions.TrimEntries).Order(StringComparer.Ordinal));
}
