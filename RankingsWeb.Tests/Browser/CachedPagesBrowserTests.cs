using Microsoft.Playwright;
using RankingsWeb.Tests.TestInfrastructure;

namespace RankingsWeb.Tests.Browser;

/// <summary>
/// Public pages with the public cache on, as in production (the other browser tests run with it off): Blazor's
/// enhanced navigation to a page the cache answers stays enhanced. The cache replayed Blazor's
/// "blazor-enhanced-nav: allow" as "Allow", which blazor.web.js refuses: it warned "Enhanced navigation failed" and
/// loaded the page again in full, at every click to a cached page.
/// </summary>
public sealed class CachedPagesBrowserTests : IAsyncLifetime
{
    public BrowserFixture Browser { get; } = new() { PublicCacheSeconds = 600 };

    public Task InitializeAsync() => Browser.InitializeAsync();

    public Task DisposeAsync() => Browser.DisposeAsync();

    private const string AllChartsDrawn =
        "() => { const c = [...document.querySelectorAll('[data-rw-chart]')]; return c.length > 0 && c.every(x => x.querySelector('.apexcharts-svg')); }";

    [SqliteFact]
    public async Task EnhancedNavigation_ToCachedPages_StaysEnhanced()
    {
        var (page, problems) = await Browser.NewPageAsync(1440);
        var warnings = new List<string>();
        page.Console += (_, m) => { if (m.Type == "warning") warnings.Add(m.Text); };
        var loads = 0;
        page.Load += (_, _) => loads++;
        // Every page of the walk asked for twice as enhanced navigation asks, so the clicks below are answered by the cache.
        var enhanced = new APIRequestContextOptions { Headers = new Dictionary<string, string> { ["Accept"] = "text/html; blazor-enhanced-nav=on" } };
        foreach (var path in new[] { "/?period=month", "/?period=year", "/" })
            for (var i = 0; i < 2; i++)
                Assert.True((await page.APIRequest.GetAsync(Browser.BaseUrl + path, enhanced)).Ok);

        await page.GotoAsync(Browser.BaseUrl + "/");
        await page.WaitForFunctionAsync(AllChartsDrawn);
        foreach (var period in new[] { "month", "year" })
        {
            var before = await page.Locator("[data-rw-chart]").First.GetAttributeAsync("data-rw-chart");
            await page.Locator($"[data-period={period}]").ClickAsync();
            await page.WaitForURLAsync($"**/?period={period}");
            await page.WaitForFunctionAsync("b => document.querySelector('[data-rw-chart]').getAttribute('data-rw-chart') !== b", before);
            await page.WaitForFunctionAsync(AllChartsDrawn);
        }
        await page.GoBackAsync();
        await page.WaitForURLAsync("**/?period=month");
        await page.WaitForFunctionAsync(AllChartsDrawn);

        Assert.Equal(1, loads); // the first load only: each click and the back were enhanced navigations
        Assert.DoesNotContain(warnings, w => w.Contains("Enhanced navigation failed", StringComparison.Ordinal));
        Assert.Empty(problems);
    }
}
