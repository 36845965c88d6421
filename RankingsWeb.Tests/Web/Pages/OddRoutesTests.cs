using System.Net;
using System.Text.RegularExpressions;
using RankingsWeb.Data.Ingestion;
using RankingsWeb.Tests.TestInfrastructure;

namespace RankingsWeb.Tests.Web.Pages;

/// <summary>
/// Odd addresses and odd keys: no route answers 500, app keys with spaces, non-ASCII, '%', '#' or '?' get links
/// that open their page, and filter values with control characters answer 400 with a message (the explorer's: <see cref="PageWindowTests"/>).
/// </summary>
public partial class OddRoutesTests : IClassFixture<OddRoutesTests.LoadedApp>
{
    public sealed class LoadedApp : RankingsAppFactory, IAsyncLifetime
    {
        public static readonly DateOnly LastDay = new(2026, 11, 20);

        /// <summary>Referers whose app keys need escaping in a URL, each with its title.</summary>
        public static readonly (string Url, string Title)[] OddApps =
        [
            ("https://example.org/my app", "Odd Space"),
            ("https://bücher.example/ü", "Odd Umlaut"),
            ("https://example.org/50%25off", "Odd Percent"),
            ("https://example.org/a%23b", "Odd Hash"),
            ("https://example.org/q%3Fx/y%2Fz", "Odd Question"),
            ("https://example.org/%2520", "Odd Encoded Percent"),
        ];

        public async Task InitializeAsync()
        {
            // A real Kestrel port: TestServer hands the app no raw request line, and how "%252F" travels is the point here.
            UseKestrel(0);
            StartServer();
            var at = new DateTimeOffset(LastDay.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            var records = RecordMaker.Make(200, LastDay, 10, seed: 3);
            records.AddRange(OddApps.Select((a, i) => new TestRecord($"odd-{i}", at.AddMinutes(i), "openai/gpt-5", 1_000_000 + i, 10, AppUrl: a.Url, AppTitle: a.Title)));
            var client = IngestClient();
            await client.PostNdjsonAsync(TestRecord.Ndjson(records));
            await client.WaitForPendingZeroAsync(records.Count);
        }

        Task IAsyncLifetime.DisposeAsync() => Task.CompletedTask;
    }

    private readonly LoadedApp _app;

    public OddRoutesTests(LoadedApp app) => _app = app;

    // HEAD answered 405 on pages and the read API (found by an outsider): it now answers as GET, without the body.
    [Theory]
    [InlineData("/", 200)]
    [InlineData("/apps/no-such-app.example", 404)]
    [InlineData("/models", 200)]
    [InlineData("/api/v1/status", 200)]
    [InlineData("/api/v1/rankings/models?period=week", 200)]
    [InlineData("/api/v1/rankings/models?period=fortnight", 400)]
    [InlineData("/no/such/page", 404)]
    [InlineData("/healthz", 200)]
    public async Task Head_AnswersAsGetWould_WithoutTheBody(string url, int status)
    {
        using var client = _app.CreateClient();
        using var get = await client.GetAsync(url);
        using var head = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, url));
        Assert.Equal(status, (int)get.StatusCode);
        Assert.Equal(status, (int)head.StatusCode);
        Assert.Equal(get.Content.Headers.ContentType?.MediaType, head.Content.Headers.ContentType?.MediaType);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());
        Assert.NotEmpty(await get.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Head_OnThePostOnlyIngestEndpoint_AnswersAsGet_NothingIngested()
    {
        using var client = _app.CreateClient();
        using var get = await client.GetAsync("/api/v1/usage");
        using var head = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/api/v1/usage"));
        Assert.False(get.IsSuccessStatusCode);
        Assert.Equal(get.StatusCode, head.StatusCode);
    }

    // A NUL in the path never reaches the app: TestServer refuses it before sending, Kestrel answers 400.
    [Theory]
    [InlineData("/apps")]
    [InlineData("/apps/")]
    [InlineData("/apps//")]
    [InlineData("/apps/%2F")]
    [InlineData("/apps/%25")]
    [InlineData("/apps/%2525")]
    [InlineData("/apps/%01")]
    [InlineData("/apps/x%1Fy")]
    [InlineData("/apps/%C3%28")]
    [InlineData("/models")]
    [InlineData("/models/")]
    [InlineData("/models/x")]
    [InlineData("/models/x/")]
    [InlineData("/models/x/y/z")]
    [InlineData("/models/a/%01")]
    [InlineData("/models/%01/b")]
    [InlineData("/authors")]
    [InlineData("/authors/")]
    [InlineData("/authors/%01")]
    [InlineData("/authors/%7F")]
    [InlineData("/categories")]
    [InlineData("/categories/")]
    [InlineData("/categories/%01")]
    [InlineData("/providers")]
    [InlineData("/providers/")]
    [InlineData("/providers/x")]
    [InlineData("/growth")]
    [InlineData("/growth/")]
    [InlineData("/?period=%00")]
    [InlineData("/?as_of=%00")]
    [InlineData("/?tab=%00")]
    [InlineData("/?top=-1")]
    [InlineData("/?top=999999999999")]
    [InlineData("/models/openai/gpt-5?from=%00&to=x")]
    [InlineData("/api/v1/rankings")]
    [InlineData("/api/v1/rankings/")]
    [InlineData("/api/v1/series")]
    [InlineData("/api/v1/rank-history/models")]
    [InlineData("/api/v1/rank-history/models?key=%00")]
    [InlineData("/api/v1/totals?interval=year")]
    [InlineData("/api/v1/rankings/models?limit=99999999999999999999")]
    [InlineData("/api/v1/series/models?top=-5")]
    public async Task OddRoute_NeverA500(string url)
    {
        using var response = await _app.CreateClient().GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode < 500, $"{url}: {(int)response.StatusCode}\n{(body.Length > 3000 ? body[..3000] : body)}");
    }

    [Theory]
    [InlineData("/apps//")]
    [InlineData("/apps/%2F")]
    [InlineData("/models/x")]
    [InlineData("/providers/x")]
    [InlineData("/apps/%01")]
    [InlineData("/authors/%1F")]
    public async Task OddRoute_NoSuchPage_404(string url)
    {
        using var response = await _app.CreateClient().GetAsync(url);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    /// <summary>"/apps" and "/apps/" are the apps index now (they were a 404), beside "/apps/{key}".</summary>
    [Theory]
    [InlineData("/apps", "Apps")]
    [InlineData("/apps/", "Apps")]
    [InlineData("/models", "Models")]
    [InlineData("/models/", "Models")]
    [InlineData("/authors", "Authors")]
    [InlineData("/authors/", "Authors")]
    [InlineData("/categories", "Use cases")]
    [InlineData("/categories/", "Use cases")]
    [InlineData("/providers", "Providers")]
    [InlineData("/providers/", "Providers")]
    public async Task IndexRoutes_WithOrWithoutSlash_TheIndexPage(string url, string heading)
    {
        using var response = await _app.CreateClient().GetAsync(url + "?as_of=2026-11-20");
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Matches($"<h1[^>]*>{Regex.Escape(heading)}</h1>", body);
        Assert.Contains("data-testid=\"index-table\"", body);
    }

    [Fact]
    public async Task AppsIndex_KeysNeedingEscapes_LinkToTheirPage()
    {
        var client = _app.CreateClient();
        var index = await client.GetStringAsync("/apps?as_of=2026-11-20");
        foreach (var (url, title) in LoadedApp.OddApps)
        {
            var link = AppLink(title).Match(index);
            Assert.True(link.Success, $"no link for {title}");
            using var page = await client.GetAsync(WebUtility.HtmlDecode(link.Groups[1].Value) + "?as_of=2026-11-20");
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Contains($"<code>{KeyDerivation.AppKeyFromUrl(url)}</code>", WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync()));
        }
    }

    [Fact]
    public async Task AppLinks_KeysNeedingEscapes_OpenTheirPage()
    {
        var client = _app.CreateClient();
        var leaderboard = await client.GetStringAsync("/?as_of=2026-11-20&period=week");
        foreach (var (url, title) in LoadedApp.OddApps)
        {
            var key = KeyDerivation.AppKeyFromUrl(url)!;
            var link = AppLink(title).Match(leaderboard);
            Assert.True(link.Success, $"no link for {title} ({key})");
            var href = WebUtility.HtmlDecode(link.Groups[1].Value);
            Assert.StartsWith("/apps/", href);
            Assert.DoesNotContain(' ', href);
            Assert.DoesNotContain('#', href);
            Assert.DoesNotContain('?', href);
            Assert.All(href, c => Assert.True(c < 128, $"{href} has a non-ASCII character"));

            using var page = await client.GetAsync(href + "?as_of=2026-11-20");
            var body = WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync());
            Assert.True(page.StatusCode == HttpStatusCode.OK, $"{title}: {href} answered {(int)page.StatusCode}");
            Assert.Contains($"<code>{key}</code>", body);
            Assert.Contains(title, body);
        }
    }

    [Fact]
    public async Task AppLinks_ModelPageBreakdown_OpensAppPages()
    {
        var client = _app.CreateClient();
        var modelPage = await client.GetStringAsync("/models/openai/gpt-5?as_of=2026-11-20");
        foreach (var (url, title) in LoadedApp.OddApps)
        {
            var link = AppLink(title).Match(modelPage);
            if (!link.Success) continue; // the breakdown lists the top 10 only
            using var page = await client.GetAsync(WebUtility.HtmlDecode(link.Groups[1].Value));
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Contains($"<code>{KeyDerivation.AppKeyFromUrl(url)}</code>", WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync()));
        }
    }

    private static Regex AppLink(string title) => new($"<a[^>]*href=\"(/apps/[^\"]*)\"[^>]*>{Regex.Escape(title)}</a>");

    public static TheoryData<string> ControlCharacterFilters()
    {
        var data = new TheoryData<string>();
        foreach (var name in new[] { "model", "author", "app", "category", "provider", "variant" })
        {
            foreach (var value in new[] { "a%00b", "%01", "x%1Fy", "a%7F", "%0A" })
            {
                data.Add($"/api/v1/rankings/models?period=week&{name}={value}");
            }
            data.Add($"/api/v1/series/models?period=week&{name}=a%00b");
            data.Add($"/api/v1/totals?period=week&{name}=a%00b");
            data.Add($"/api/v1/rank-history/models?key=openai/gpt-5&period=week&{name}=a%00b");
        }
        data.Add("/api/v1/rank-history/apps?key=a%00b&period=week");
        return data;
    }

    [Theory]
    [MemberData(nameof(ControlCharacterFilters))]
    public async Task Api_FilterWithControlCharacter_400WithMessage(string url)
    {
        var answer = await _app.CreateClient().GetJsonAsync(url, expectedStatus: 400);
        Assert.Contains("control character", answer.GetProperty("error").GetString());
    }
}
