using Microsoft.Playwright;
using RankingsWeb.Tests.TestInfrastructure;

namespace RankingsWeb.Tests.Browser;

/// <summary>The index pages' live filter and search in a real browser, and the provider page's charts.</summary>
public class IndexPagesBrowserTests : IClassFixture<BrowserFixture>
{
    private readonly BrowserFixture _f;

    public IndexPagesBrowserTests(BrowserFixture f) => _f = f;

    [SqliteTheory]
    [InlineData(1440)]
    [InlineData(390)]
    public async Task ModelsIndex_TypingFiltersRows_EnterSearchesOnTheServer(int width)
    {
        var (page, problems) = await _f.NewPageAsync(width);
        var response = await page.GotoAsync(_f.BaseUrl + "/models?period=month");
        Assert.Equal(200, response!.Status);
        var rows = page.Locator("#index-rows tr[data-key]");
        var all = await rows.CountAsync();
        Assert.True(all > 20, $"only {all} models");

        await page.Locator("#index-q").PressSequentiallyAsync("CLAUDE");
        var visible = page.Locator("#index-rows tr[data-key]:not([hidden])");
        await page.WaitForFunctionAsync("() => document.querySelectorAll('#index-rows tr[hidden]').length > 0");
        var shown = await visible.CountAsync();
        Assert.InRange(shown, 1, all - 1);
        foreach (var key in await visible.EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.key)"))
            Assert.Contains("claude", key);
        Assert.Contains($"{shown} of {all} on this page match", await page.Locator("#index-count").InnerTextAsync());
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotDir, $"models-index-filtered-{width}.png"), FullPage = true });

        await page.Locator("#index-q").PressAsync("Enter");
        await page.WaitForURLAsync("**/models?*q=CLAUDE*");
        Assert.Contains("period=month", page.Url);
        await page.WaitForFunctionAsync($"() => document.querySelectorAll('#index-rows tr[data-key]').length === {shown}");
        Assert.Equal(0, await page.Locator("#index-rows tr[hidden]").CountAsync());

        await page.Locator("#index-q").FillAsync("");
        await page.Locator("#index-q").PressSequentiallyAsync("zzzz-no-such-model");
        await page.WaitForFunctionAsync("() => [...document.querySelectorAll('#index-rows tr[data-key]')].every(r => r.hidden)");
        // Blazor's enhanced navigation sometimes leaves its fetch of the new page open after applying it, and the browser
        // reports it aborted later: the page is there (checked above), so that one report is not a problem of the page.
        problems.RemoveAll(p => p.StartsWith("request failed: ", StringComparison.Ordinal) && p.Contains("q=CLAUDE") && p.EndsWith("net::ERR_ABORTED", StringComparison.Ordinal));
        Assert.True(problems.Count == 0, string.Join("\n", problems));
        await page.Context.CloseAsync();
    }

    [SqliteFact]
    public async Task ProviderPage_DrawsItsChartsAndPrices()
    {
        var (page, problems) = await _f.NewPageAsync(1440);
        var response = await page.GotoAsync(_f.BaseUrl + "/providers/google-vertex?period=month");
        Assert.Equal(200, response!.Status);
        await page.WaitForFunctionAsync("() => { const c = [...document.querySelectorAll('.rw-chart')]; return c.length > 0 && c.every(x => x.querySelector('.apexcharts-svg')); }",
            null, new() { Timeout = 20_000 });
        Assert.True(await page.Locator("[data-testid=prices] tr[data-key]").CountAsync() > 3);
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotDir, "provider-1440.png"), FullPage = true });
        Assert.Empty(problems);
        await page.Context.CloseAsync();
    }
}
