using System.Net;
using RankingsWeb.Data.Apps;
using RankingsWeb.Tests.TestInfrastructure;

namespace RankingsWeb.Tests.Web.Caching;

/// <summary>
/// Contract v1.1: after the 204 of an unlisting no answer, cached or not, on any node, shows that app — however long
/// the cache window. The people who may see an unlisted app get answers no one else ever gets.
/// </summary>
public class UnlistingCacheTests
{
    private const string Secret = "secret.example/app";
    private const string SecretTitle = "Secret Sauce App";

    private static readonly TestRecord[] Records =
    [
        CachingApp.Record("s-1", "openai/gpt-5", 9000, appUrl: "https://secret.example/app", appTitle: SecretTitle),
        CachingApp.Record("p-1", "openai/gpt-5", 100, appUrl: "https://public.example/", appTitle: "Public Tool"),
    ];

    private const string AppPage = "/apps/" + Secret + "?" + CachingApp.Week;

    private static readonly string[] ApiShowing =
    [
        "/api/v1/rankings/apps?" + CachingApp.Week,
        "/api/v1/rankings/apps?" + CachingApp.Week + "&format=csv",
        "/api/v1/series/apps?" + CachingApp.Week,
        "/api/v1/series/apps?" + CachingApp.Week + "&format=csv",
    ];

    /// <summary>The public surfaces that show the app while it is listed, and its own page (which stops existing).</summary>
    private static (string[] Showing, string? OwnPage) Surfaces(string kind) =>
        kind == "api" ? (ApiShowing, null) : (["/?" + CachingApp.Week + "&tab=apps"], AppPage);

    /// <summary>Reads every surface twice: the second answer must come from the cache.</summary>
    private static async Task WarmAsync(HttpClient client, string kind)
    {
        var (showing, ownPage) = Surfaces(kind);
        foreach (var url in ownPage is null ? showing : showing.Append(ownPage))
        {
            var first = await Answer.GetAsync(client, url);
            Assert.True(first.Status == HttpStatusCode.OK, $"{url}: {(int)first.Status}");
            Assert.Contains(Secret, first.Body);
            Assert.True((await Answer.GetAsync(client, url)).FromCache, $"{url} was not cached");
        }
    }

    private static async Task AssertHiddenAsync(HttpClient client, string kind)
    {
        var (showing, ownPage) = Surfaces(kind);
        foreach (var url in showing)
        {
            var answer = await Answer.GetAsync(client, url);
            Assert.Equal(HttpStatusCode.OK, answer.Status);
            Assert.DoesNotContain(Secret, answer.Body);
            Assert.DoesNotContain(SecretTitle, answer.Body);
            Assert.Contains("public.example", answer.Body);
        }
        if (ownPage is not null) Assert.Equal(HttpStatusCode.NotFound, (await Answer.GetAsync(client, ownPage)).Status);
    }

    [Theory]
    [InlineData("api")]
    [InlineData("pages")]
    public async Task Unlist_EveryCachedAnswerHidesTheAppAtOnce_RelistShowsIt(string kind)
    {
        await using var app = new CachingApp(publicCacheSeconds: 600).Start();
        await app.IngestAndFoldAsync(Records.Length, Records);
        var client = app.CreateClient();
        await WarmAsync(client, kind);

        await app.SetListedAsync(Secret, false);
        await AssertHiddenAsync(client, kind);

        await app.SetListedAsync(Secret, true);
        var (showing, ownPage) = Surfaces(kind);
        foreach (var url in ownPage is null ? showing : showing.Append(ownPage)) Assert.Contains(Secret, (await Answer.GetAsync(client, url)).Body);
    }

    [PostgresTheory]
    [InlineData("api")]
    [InlineData("pages")]
    public async Task TwoNodes_UnlistOnOne_TheOthersCacheHidesTheAppAtOnce(string kind)
    {
        var database = TestProvider.CreatePostgresDatabase();
        await using var caching = new CachingApp(publicCacheSeconds: 600, sharedDatabase: database).Start();
        await using var other = new CachingApp(publicCacheSeconds: 600, sharedDatabase: database).Start();
        await caching.IngestAndFoldAsync(Records.Length, Records);
        var client = caching.CreateClient();
        await WarmAsync(client, kind);
        await WarmAsync(other.CreateClient(), kind);

        await other.SetListedAsync(Secret, false);
        await AssertHiddenAsync(client, kind);
        await AssertHiddenAsync(other.CreateClient(), kind);
    }

    [Fact]
    public async Task AliasApproval_HidesTheAliasOfAnUnlistedAppAtOnce()
    {
        await using var app = new CachingApp(publicCacheSeconds: 600).Start();
        await app.IngestAndFoldAsync(3, [.. Records, CachingApp.Record("a-1", "openai/gpt-5", 700, appUrl: "https://alias.example/", appTitle: "Alias Tool")]);
        await app.SetListedAsync(Secret, false);
        var client = app.CreateClient();
        var url = "/api/v1/rankings/apps?" + CachingApp.Week;
        await Answer.GetAsync(client, url);
        var cached = await Answer.GetAsync(client, url);
        Assert.True(cached.FromCache);
        Assert.Contains("alias.example", cached.Body);

        var owners = app.Service<AppOwners>();
        Assert.Null(await owners.RequestAliasAsync(Secret, "https://alias.example/", "owner@x"));
        await owners.DecideAliasAsync("alias.example", approve: true, "admin");
        Assert.DoesNotContain("alias.example", (await Answer.GetAsync(client, url)).Body);
    }

    [Theory]
    [InlineData("Analyst")]
    [InlineData("AppOwner")]
    public async Task UnlistedApp_ItsOwnersView_NeverCachedNorServedToOthers(string role)
    {
        await using var app = new CachingApp(publicCacheSeconds: 600).Start();
        await app.IngestAndFoldAsync(Records.Length, Records);
        await app.SetListedAsync(Secret, false);
        var email = $"{role.ToLowerInvariant()}@rankings.test";
        await app.CreateUserAsync(email, "correct-horse-battery-2", role);
        if (role == "AppOwner") await app.AssignOwnerAsync(email, Secret);
        var insider = await app.SignedInAsync(email, "correct-horse-battery-2");
        var anonymous = app.CreateClient();

        for (var i = 0; i < 2; i++)
        {
            var view = await Answer.GetAsync(insider, AppPage);
            Assert.Equal(HttpStatusCode.OK, view.Status);
            Assert.Contains("data-testid=\"unlisted-banner\"", view.Body);
            Assert.False(view.FromCache);
            Assert.Contains("no-store", view.CacheControl);
            Assert.Contains("private", view.CacheControl);
            Assert.Null(view.ETag);

            var outsider = await Answer.GetAsync(anonymous, AppPage);
            Assert.Equal(HttpStatusCode.NotFound, outsider.Status);
            Assert.DoesNotContain(SecretTitle, outsider.Body);
        }
    }
}
