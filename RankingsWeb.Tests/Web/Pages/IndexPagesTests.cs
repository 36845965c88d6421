using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using RankingsWeb.Data.Ingestion;
using RankingsWeb.Tests.TestInfrastructure;

namespace RankingsWeb.Tests.Web.Pages;

/// <summary>
/// The index pages (/models, /authors, /apps, /categories, /providers) and the provider pages over real HTTP: every
/// entity of the window with exact tokens against sums made here from the records, server-side search, names from
/// the catalog, no unlisted app anywhere, and exact prices per million tokens.
/// </summary>
public partial class IndexPagesTests : IClassFixture<IndexPagesTests.LoadedApp>
{
    public sealed class LoadedApp : RankingsAppFactory, IAsyncLifetime
    {
        public static readonly DateOnly LastDay = new(2026, 11, 20);
        public const string Window = "period=week&as_of=2026-11-20";
        public const string HiddenUrl = "https://secret-zebra.example/hide", HiddenKey = "secret-zebra.example/hide", HiddenTitle = "Hidden Zebra App";

        public List<TestRecord> Records { get; } = [];

        public async Task InitializeAsync()
        {
            UseKestrel(0);
            StartServer();
            var at = new DateTimeOffset(LastDay.ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero);
            Records.AddRange(RecordMaker.Make(400, LastDay, 14, seed: 12));
            Records.AddRange(
            [
                new("p1", at, "google/gemini-2.5-pro", 100_000, 20_000, AppUrl: "https://cline.bot/", Category: "seo", Provider: "Google AI Studio", Cost: 0.5m),
                new("p2", at.AddMinutes(1), "google/gemini-2.5-pro", 50_000, 5_000, Provider: "Google AI Studio", Cost: 0.25m),
                new("p3", at.AddMinutes(2), "google/gemini-2.5-pro", 80_000, 10_000, Provider: "Google Vertex", Cost: 0.9m),
                new("p4", at.AddMinutes(3), "google/gemini-2.5-flash", 333_333, 1, Provider: "Google AI Studio", Cost: 0.010001m),
                new("p5", at.AddMinutes(4), "mistralai/mistral-nemo", 7_000, 700, AppUrl: HiddenUrl, AppTitle: HiddenTitle, Category: "seo", Provider: "deepinfra", Cost: 0.02m),
                new("p6", at.AddMinutes(5), "mistralai/mistral-nemo:free", 1_000, 100, Provider: "deepinfra"),
                new("p7", at.AddDays(-9), "mistralai/mistral-nemo", 3_000, 300, Provider: "deepinfra", Cost: 0.003m),
            ]);
            var client = IngestClient();
            await client.PostNdjsonAsync(TestRecord.Ndjson(Records));
            await client.WaitForPendingZeroAsync(Records.Count);

            using var request = new HttpRequestMessage(HttpMethod.Put, "/api/v1/admin/apps/" + HiddenKey)
            {
                Content = new StringContent("{\"listed\":false}", Encoding.UTF8, "application/json"),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);
            using var response = await CreateClient().SendAsync(request);
            Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        }

        Task IAsyncLifetime.DisposeAsync() => Task.CompletedTask;

        /// <summary>The records of the page window: the 7 days ending <see cref="LastDay"/>.</summary>
        public IEnumerable<TestRecord> InWindow() =>
            Records.Where(r => DateOnly.FromDateTime(r.CreatedAt.UtcDateTime) is var d && d > LastDay.AddDays(-7) && d <= LastDay);
    }

    private readonly LoadedApp _app;

    public IndexPagesTests(LoadedApp app) => _app = app;

    /// <summary>The key a record has in a dimension, derived here (null: in no row of it).</summary>
    private static string? KeyOf(string dimension, TestRecord r) => r.KeyIn(dimension);

    private sealed record Row(string Key, long Tokens, string Html);

    private static List<Row> Rows(string html) =>
        RowPattern().Matches(html).Select(m => new Row(WebUtility.HtmlDecode(m.Groups["key"].Value),
            long.Parse(TokensPattern().Match(m.Groups["body"].Value).Groups[1].Value), m.Groups["body"].Value)).ToList();

    [GeneratedRegex("<tr data-key=\"(?<key>[^\"]*)\"[^>]*>(?<body>.*?)</tr>", RegexOptions.Singleline)]
    private static partial Regex RowPattern();

    [GeneratedRegex("data-tokens=\"(\\d+)\"")]
    private static partial Regex TokensPattern();

    private async Task<string> GetOkAsync(string url)
    {
        using var response = await _app.CreateClient().GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode}\n{(body.Length > 3000 ? body[..3000] : body)}");
        return body;
    }

    [Theory]
    [InlineData("models")]
    [InlineData("authors")]
    [InlineData("apps")]
    [InlineData("categories")]
    [InlineData("providers")]
    public async Task IndexPage_ListsEveryEntityOfTheWindow_ExactTokensInRankOrder(string dimension)
    {
        var expected = _app.InWindow()
            .Select(r => (Key: KeyOf(dimension, r), r.Tokens))
            .Where(x => x.Key is not null && x.Key != LoadedApp.HiddenKey)
            .GroupBy(x => x.Key!, StringComparer.Ordinal)
            .Select(g => (g.Key, Tokens: g.Sum(x => x.Tokens)))
            .OrderByDescending(x => x.Tokens).ThenBy(x => x.Key, StringComparer.Ordinal)
            .ToList();
        Assert.True(expected.Count >= 3, $"{dimension}: too few entities to mean anything");

        var rows = Rows(await GetOkAsync($"/{dimension}?{LoadedApp.Window}"));

        Assert.Equal(expected.Select(e => $"{e.Key}={e.Tokens}"), rows.Select(r => $"{r.Key}={r.Tokens}"));
        foreach (var row in rows)
        {
            Assert.Contains($"href=\"{WebUtility.HtmlEncode(RankingsWeb.Components.Shared.PageUrls.Entity(Dimension(dimension), row.Key))}\"", row.Html);
            Assert.Contains($"<code>{WebUtility.HtmlEncode(row.Key)}</code>", row.Html);
        }
    }

    private static RankingsWeb.Data.Queries.Dimension Dimension(string slug) =>
        RankingsWeb.Data.Queries.Dimensions.TryParse(slug, out var d) ? d : throw new ArgumentException(slug);

    [Fact]
    public async Task ModelsIndex_ShowsEachModelsAuthorByName()
    {
        var rows = Rows(await GetOkAsync($"/models?{LoadedApp.Window}"));
        var grok = rows.Single(r => r.Key == "x-ai/grok-4");
        Assert.Contains("<a href=\"/authors/x-ai\"", grok.Html);
        Assert.Contains(">xAI</a>", grok.Html);
        Assert.Contains(">Mistral AI</a>", rows.Single(r => r.Key == "mistralai/mistral-nemo").Html);
    }

    [Theory]
    [InlineData("apps", "KILO", new[] { "kilocode.ai" })]                          // key, any case
    [InlineData("models", "claude", new[] { "anthropic/claude-sonnet-4" })]         // name and key
    [InlineData("authors", "xai", new[] { "x-ai" })]                                 // the name "xAI" only
    [InlineData("models", "deepseek-r1", new[] { "deepseek/deepseek-r1" })]          // the key only (named "DeepSeek: R1")
    [InlineData("providers", "google", new[] { "google-ai-studio", "google-vertex" })]
    [InlineData("categories", "nothing-like-this", new string[0])]
    public async Task IndexPage_Search_FiltersOnTheServerByNameOrKey(string dimension, string q, string[] keys)
    {
        var html = await GetOkAsync($"/{dimension}?{LoadedApp.Window}&q={Uri.EscapeDataString(q)}");
        Assert.Equal(keys.Order(StringComparer.Ordinal), Rows(html).Select(r => r.Key).Order(StringComparer.Ordinal));
        // The form carries the window and the search, so submitting it again reproduces the view.
        Assert.Contains("<input type=\"hidden\" name=\"period\" value=\"week\"", html);
        Assert.Contains("<input type=\"hidden\" name=\"as_of\" value=\"2026-11-20\"", html);
        Assert.Matches($"name=\"q\" value=\"{Regex.Escape(q)}\"", html);
        if (keys.Length == 0) Assert.Contains("data-testid=\"no-match\"", html);
    }

    [Fact]
    public async Task UnlistedApp_OnNoIndexPageNorProviderPage()
    {
        // It was ingested: its model and provider are there (its tokens count as unattributed).
        var provider = await GetOkAsync($"/providers/deepinfra?{LoadedApp.Window}");
        Assert.Contains("data-key=\"mistralai/mistral-nemo\"", provider);
        var pages = new List<string> { provider };
        foreach (var url in new[] { "/models", "/authors", "/apps", "/categories", "/providers", "/apps?q=zebra", "/apps?q=secret", "/categories/seo" })
            pages.Add(await GetOkAsync(url + (url.Contains('?') ? "&" : "?") + LoadedApp.Window));
        foreach (var html in pages)
        {
            Assert.DoesNotContain("secret-zebra.example", html);
            Assert.DoesNotContain(LoadedApp.HiddenTitle, html);
        }
    }

    [Theory]
    [InlineData("/providers/nobody")]
    [InlineData("/providers/x")]
    [InlineData("/providers/Nobody-At-All")]
    public async Task ProviderPage_UnknownProvider_404(string url)
    {
        using var response = await _app.CreateClient().GetAsync(url);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task ProviderPage_PricePerMillion_ExactFromTheSums()
    {
        var inWindow = _app.InWindow().ToList();
        var providers = inWindow.Select(r => KeyOf("providers", r)).OfType<string>().Distinct().ToList();
        Assert.Contains("google-ai-studio", providers);
        foreach (var provider in providers)
        {
            var html = await GetOkAsync($"/providers/{provider}?{LoadedApp.Window}");
            var prices = PricePattern().Matches(html).ToDictionary(m => m.Groups["key"].Value, m => (Price: m.Groups["price"].Value, Across: m.Groups["across"].Value));
            var served = inWindow.Where(r => KeyOf("providers", r) == provider).GroupBy(r => r.ModelKey).ToList();
            Assert.Equal(served.Select(g => g.Key).Order(StringComparer.Ordinal), prices.Keys.Order(StringComparer.Ordinal));
            foreach (var model in served)
            {
                var across = inWindow.Where(r => r.Provider is not null && r.ModelKey == model.Key).ToList();
                Assert.Equal(PerMillion(model.Sum(r => r.Cost), model.Sum(r => r.Tokens)), prices[model.Key].Price);
                Assert.Equal(PerMillion(across.Sum(r => r.Cost), across.Sum(r => r.Tokens)), prices[model.Key].Across);
            }
        }

        // One by hand: Google AI Studio served gemini-2.5-pro for $0.75 over 175,000 tokens.
        var studio = await GetOkAsync($"/providers/google-ai-studio?{LoadedApp.Window}");
        Assert.Contains("data-price=\"4.2857142857\"", studio);
        Assert.Contains("$4.2857", studio);
    }

    private static string PerMillion(decimal cost, long tokens) =>
        tokens == 0 ? "" : Math.Round(cost * 1_000_000m / tokens, 10).ToString("0.##########", System.Globalization.CultureInfo.InvariantCulture);

    [GeneratedRegex("<tr data-key=\"(?<key>[^\"]*)\">(?:(?!</tr>).)*?data-price=\"(?<price>[^\"]*)\"(?:(?!</tr>).)*?data-across=\"(?<across>[^\"]*)\"", RegexOptions.Singleline)]
    private static partial Regex PricePattern();

    [Fact]
    public async Task ProviderPage_ShowsItsModelsAppsAndShare()
    {
        var html = WebUtility.HtmlDecode(await GetOkAsync($"/providers/google-ai-studio?{LoadedApp.Window}"));
        Assert.Contains("<h1", html);
        Assert.Contains("Google AI Studio</h1>", html);
        Assert.Contains("data-testid=\"summary\"", html);
        Assert.Contains("data-testid=\"breakdown-models\"", html);
        Assert.Contains("data-testid=\"breakdown-apps\"", html);
        Assert.Contains("Share of all tokens", html);
        Assert.Contains("Google: Gemini 2.5 Pro", html);
        Assert.Contains(">cline.bot</a>", html);
    }

    [Theory]
    [InlineData("/models/google/gemini-2.5-pro", "google-ai-studio", "Google AI Studio")]
    [InlineData("/apps/cline.bot", "amazon-bedrock", "Amazon Bedrock")]
    public async Task EntityPages_ProviderBreakdown_LinksProviderPagesByName(string url, string provider, string name)
    {
        var html = await GetOkAsync($"{url}?{LoadedApp.Window}");
        Assert.Matches($"<a href=\"/providers/{provider}\"[^>]*>{Regex.Escape(name)}</a>", html);
    }

    [Fact]
    public async Task Names_FromTheCatalog_NotTheSlug()
    {
        var providers = await GetOkAsync($"/providers?{LoadedApp.Window}");
        Assert.Contains(">Google AI Studio</a>", providers);
        Assert.Contains(">DeepInfra</a>", providers);
        Assert.DoesNotContain("Google Ai Studio", providers);
        var categories = await GetOkAsync($"/categories?{LoadedApp.Window}");
        Assert.Contains(">SEO</a>", categories);
        Assert.DoesNotContain(">Seo<", categories);
        var authors = await GetOkAsync($"/authors?{LoadedApp.Window}");
        Assert.Contains(">xAI</a>", authors);
        Assert.Contains(">Mistral AI</a>", authors);
    }

    [Theory]
    [InlineData("/models/x-ai/grok-4", new[] { "/|Leaderboard", "/models|Models", "/authors/x-ai|xAI", "|Grok 4" })]
    [InlineData("/authors/mistralai", new[] { "/|Leaderboard", "/authors|Authors", "|Mistral AI" })]
    [InlineData("/apps/cline.bot", new[] { "/|Leaderboard", "/apps|Apps", "|cline.bot" })]
    [InlineData("/categories/seo", new[] { "/|Leaderboard", "/categories|Use cases", "|SEO" })]
    [InlineData("/providers/google-ai-studio", new[] { "/|Leaderboard", "/providers|Providers", "|Google AI Studio" })]
    [InlineData("/providers", new[] { "/|Leaderboard", "|Providers" })]
    public async Task Breadcrumbs_LeaderboardIndexEntity_ByName(string url, string[] crumbs)
    {
        var html = await GetOkAsync(url + "?" + LoadedApp.Window);
        var items = CrumbPattern().Matches(html).Select(m =>
            (m.Groups["disabled"].Success ? "" : WebUtility.HtmlDecode(m.Groups["href"].Value)) + "|" + WebUtility.HtmlDecode(m.Groups["text"].Value).Trim()).ToList();
        Assert.Equal(crumbs, items);
    }

    [GeneratedRegex("<li class=\"mud-breadcrumb-item(?<disabled> mud-disabled)?\"[^>]*><a href=\"(?<href>[^\"]*)\"[^>]*>(?<text>[^<]*)</a>")]
    private static partial Regex CrumbPattern();

    [Theory]
    [InlineData("/apps?page=abc")]
    [InlineData("/apps?page=-4")]
    [InlineData("/apps?page=99999999999999999999")]
    [InlineData("/models?q=%00%01")]
    [InlineData("/models?q=%E2%80%AEevil")]
    public async Task IndexPage_OddPageOrSearch_200(string url) => await GetOkAsync(url);

    [Fact]
    public async Task IndexPage_SearchIsEchoedAsText()
    {
        var html = await GetOkAsync($"/apps?{LoadedApp.Window}&q={Uri.EscapeDataString("<b>\"x\"</b>")}");
        Assert.DoesNotContain("<b>\"x\"</b>", html);
        Assert.Contains("&lt;b&gt;", html);
    }
}
