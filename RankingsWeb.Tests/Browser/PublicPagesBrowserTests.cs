using System.Net;
using Microsoft.Playwright;
using RankingsWeb.Tests.TestInfrastructure;

namespace RankingsWeb.Tests.Browser;

public class PublicPagesBrowserTests : IClassFixture<BrowserFixture>
{
    private readonly BrowserFixture _f;

    public PublicPagesBrowserTests(BrowserFixture f) => _f = f;

    public static TheoryData<string, string> Pages => new()
    {
        { "/", "leaderboard" },
        { "/?period=month&tab=roleplay", "leaderboard-month" },
        { "/models/anthropic/claude-sonnet-4.5", "model" },
        { "/authors/google", "author" },
        { "/apps/cline.bot", "app" },
        { "/categories/programming", "category" },
        { "/growth", "growth" },
        { "/growth?period=year&by=origins", "growth-year-origins" },
    };

    [SqliteTheory]
    [MemberData(nameof(Pages))]
    public async Task Page_LoadsAndDrawsChartsAtBothWidths(string path, string name)
    {
        foreach (var width in new[] { 1440, 390 })
        {
            var (page, problems) = await _f.NewPageAsync(width);
            var response = await page.GotoAsync(_f.BaseUrl + path);
            Assert.Equal(200, response!.Status);
            await page.WaitForSelectorAsync(".apexcharts-svg", new() { Timeout = 20_000 });
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            // Charts past the first screen are drawn one per frame (apexchart.js), which it marks when done.
            await page.WaitForFunctionAsync("() => document.documentElement.dataset.rwCharts !== undefined", null, new() { Timeout = 20_000 });
            var charts = await page.Locator(".rw-chart").CountAsync();
            var drawn = await page.Locator(".rw-chart .apexcharts-svg").CountAsync();
            Assert.True(charts > 0 && drawn == charts, $"{path}: {drawn} of {charts} charts drawn");
            // The mark scripts/visits times the first screen by: set once, in the frame that paints the charts drawn
            // first, which are the ones in view.
            var marks = await page.EvaluateAsync<int[]>("() => performance.getEntriesByName('rw-first-screen-drawn').map(m => m.detail.charts)");
            Assert.Single(marks);
            if (width == 1440) Assert.True(marks[0] > 0, $"{path}: no chart counted in the first screen");
            await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotDir, $"{name}-{width}.png"), FullPage = true });
            Assert.Empty(problems);
            await page.Context.CloseAsync();
        }
    }

    [SqliteTheory]
    [InlineData("/")]
    [InlineData("/models/anthropic/claude-sonnet-4.5")]
    [InlineData("/growth")]
    public async Task ChartTooltips_TitleIsTheBucketsLabel_NotItsPosition(string path)
    {
        var (page, problems) = await _f.NewPageAsync(1440);
        await page.GotoAsync(_f.BaseUrl + path);
        await page.WaitForFunctionAsync("() => { const c = [...document.querySelectorAll('.rw-chart')]; return c.length > 0 && c.every(x => x.querySelector('.apexcharts-svg')); }");
        var titles = new List<string>();
        var charts = page.Locator(".rw-chart");
        for (var i = 0; i < await charts.CountAsync(); i++)
        {
            var grid = charts.Nth(i).Locator(".apexcharts-grid");
            if (await grid.CountAsync() == 0) continue;
            await charts.Nth(i).ScrollIntoViewIfNeededAsync();
            var box = await grid.First.BoundingBoxAsync();
            if (box is null) continue;
            await page.Mouse.MoveAsync(box.X + box.Width * 0.6f, box.Y + box.Height * 0.8f);
            var title = charts.Nth(i).Locator(".apexcharts-tooltip-title");
            if (await title.CountAsync() > 0 && await title.First.IsVisibleAsync()) titles.Add((await title.First.TextContentAsync() ?? "").Trim());
        }
        Assert.NotEmpty(titles);
        // A bucket's label is a date ("Nov 19") or a category; a bare number is the point's position on the axis.
        Assert.All(titles, t => Assert.False(t.Length == 0 || t.All(char.IsDigit), $"{path}: tooltip titles {string.Join(" | ", titles)}"));
        Assert.Empty(problems);
        await page.Context.CloseAsync();
    }

    [SqliteFact]
    public async Task Leaderboard_PeriodSwitch_ChangesUrlAndNumbers()
    {
        var (page, problems) = await _f.NewPageAsync(1440);
        await page.GotoAsync(_f.BaseUrl + "/");
        await page.WaitForSelectorAsync(".apexcharts-svg");
        var weekWindow = await page.Locator("[data-testid=window]").InnerTextAsync();
        var weekTokens = await page.Locator("[data-testid=top-models] tbody tr").First.InnerTextAsync();

        await page.Locator("[data-period=month]").ClickAsync();
        await page.WaitForURLAsync("**/?period=month*");
        await page.WaitForFunctionAsync("w => document.querySelector('[data-testid=window]').innerText !== w", weekWindow);
        Assert.Contains("30 days", await page.Locator("[data-testid=window]").InnerTextAsync());
        Assert.NotEqual(weekTokens, await page.Locator("[data-testid=top-models] tbody tr").First.InnerTextAsync());
        Assert.Empty(problems);
    }

    [SqliteFact]
    public async Task Leaderboard_Links_ReachEntityPages()
    {
        var (page, problems) = await _f.NewPageAsync(1440);
        foreach (var (selector, prefix) in new[] { ("[data-testid=top-models] a[href^='/models/']", "/models/"), ("[data-testid=top-models] a[href^='/authors/']", "/authors/"),
                     ("[data-testid=top-apps] a[href^='/apps/']", "/apps/"), ("[data-testid=category-models] a[href^='/models/']", "/models/") })
        {
            await page.GotoAsync(_f.BaseUrl + "/");
            await page.WaitForSelectorAsync(".apexcharts-svg");
            await page.Locator(selector).First.ClickAsync();
            await page.WaitForURLAsync($"**{prefix}**");
            await page.WaitForSelectorAsync("[data-testid=summary]");
        }
        await page.GotoAsync(_f.BaseUrl + "/");
        await page.WaitForSelectorAsync(".apexcharts-svg");
        await page.Locator("a[href^='/categories/']").First.ClickAsync();
        await page.WaitForURLAsync("**/categories/**");
        await page.WaitForSelectorAsync("[data-testid=summary]");
        Assert.Empty(problems);
    }

    [SqliteFact]
    public async Task Leaderboard_CsvDownload_HasTheShownRows()
    {
        var (page, _) = await _f.NewPageAsync(1440);
        await page.GotoAsync(_f.BaseUrl + "/?period=week");
        await page.WaitForSelectorAsync("[data-testid=top-models] tbody tr");
        var shown = await page.Locator("[data-testid=top-models] tbody tr td[data-label=Model] > a").AllInnerTextsAsync();
        var href = await page.Locator("a[href*='/api/v1/rankings/models'][href*='format=csv']").First.GetAttributeAsync("href");
        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("a[href*='/api/v1/rankings/models'][href*='format=csv']").First.ClickAsync());
        var csv = await File.ReadAllLinesAsync((await download.PathAsync())!);
        Assert.StartsWith("# Source: RankingsWeb", csv[0]);
        var names = csv.Skip(2).Select(l => l.Split(',')[2].Trim('"')).ToList();
        Assert.Equal(shown, names);
        Assert.Contains("format=csv", href);
    }

    [SqliteFact]
    public async Task Leaderboard_DarkThemeAndKeyboard()
    {
        var (page, problems) = await _f.NewPageAsync(1440);
        await page.GotoAsync(_f.BaseUrl + "/");
        await page.WaitForSelectorAsync(".rw-chart .apexcharts-svg");
        var lightBackground = await page.EvaluateAsync<string>("getComputedStyle(document.body).backgroundColor");
        await page.Locator("button[aria-label='Toggle dark theme']").ClickAsync();
        await page.WaitForFunctionAsync("bg => getComputedStyle(document.body).backgroundColor !== bg", lightBackground);
        await page.WaitForSelectorAsync(".apexcharts-theme-dark");
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotDir, "leaderboard-dark-1440.png") });

        // Keyboard: the period buttons and the model links are reachable with Tab and work with Enter.
        var reached = new List<string>();
        for (var i = 0; i < 60 && !reached.Any(r => r.StartsWith("/models/")); i++)
        {
            await page.Keyboard.PressAsync("Tab");
            reached.Add(await page.EvaluateAsync<string>("document.activeElement?.getAttribute('href') ?? document.activeElement?.dataset?.period ?? document.activeElement?.tagName"));
        }
        Assert.Contains(reached, r => r.Contains("period=month"));
        Assert.Contains(reached, r => r.StartsWith("/models/"));
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync("**/models/**");
        Assert.Empty(problems);
    }

    [SqliteTheory]
    [InlineData("/models/nobody/nothing")]
    [InlineData("/apps/never-seen.example")]
    [InlineData("/authors/nobody")]
    public async Task UnknownEntity_404(string path)
    {
        using var client = new HttpClient();
        using var response = await client.GetAsync(_f.BaseUrl + path);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
