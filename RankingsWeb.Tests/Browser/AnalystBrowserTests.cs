using Microsoft.Playwright;
using RankingsWeb.Tests.TestInfrastructure;

namespace RankingsWeb.Tests.Browser;

public class AnalystBrowserTests : IClassFixture<BrowserFixture>
{
    private readonly BrowserFixture _f;

    public AnalystBrowserTests(BrowserFixture f) => _f = f;

    [SqliteFact]
    public async Task SignIn_ThenExplorer_BuildChangeAndExport()
    {
        var (page, problems) = await _f.SignedInPageAsync("/analytics?top=5");
        await page.WaitForSelectorAsync(".rw-chart .apexcharts-svg", new() { Timeout = 20_000 });
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotDir, "explorer-1440.png"), FullPage = true });
        var firstBefore = await page.Locator("[data-testid=explorer-table] tbody tr").First.InnerTextAsync();

        // Change the group-by through the select: the URL and the table follow.
        // The charts are drawn from the prerendered page before the circuit runs: a click then is lost.
        await page.WaitForSelectorAsync("[data-testid=explorer-controls][data-interactive=yes]", new() { Timeout = 20_000 });
        await page.Locator("[data-testid=group]").ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item", new() { HasTextString = "apps" }).First.ClickAsync();
        await page.WaitForURLAsync("**group=apps**");
        await page.WaitForFunctionAsync("t => document.querySelector('[data-testid=explorer-table] tbody tr')?.innerText !== t", firstBefore);
        var shown = await page.Locator("[data-testid=explorer-table] tbody tr").CountAsync();
        Assert.Equal(6, shown); // top 5 + Others

        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("[data-testid=export-csv]").ClickAsync());
        var csv = await File.ReadAllLinesAsync((await download.PathAsync())!);
        Assert.StartsWith("# Source: RankingsWeb", csv[0]);
        Assert.Equal(shown, csv.Length - 2);
        var tableGroups = await page.Locator("[data-testid=explorer-table] tbody tr td:nth-child(2)").AllInnerTextsAsync();
        Assert.Equal(tableGroups.Select(t => t.Replace("unlisted", "").Trim()), csv.Skip(2).Select(l => l.Split(',')[2]));

        // Save the view by name; it is listed with its URL.
        var name = page.Locator("input[data-testid=save-name], [data-testid=save-name] input").First;
        await name.FillAsync("Top apps");
        await name.PressAsync("Tab");
        await page.ClickAsync("[data-testid=save-view]");
        await page.WaitForSelectorAsync("[data-testid=saved-views] a:has-text('Top apps')");
        Assert.Contains("group=apps", await page.Locator("[data-testid=saved-views] a:has-text('Top apps')").GetAttributeAsync("href"));
        Assert.Empty(problems);
    }

    [SqliteTheory]
    [InlineData("/analytics/ingestion", "ingestion", "[data-testid=health-summary]")]
    [InlineData("/admin/users", "users", "[data-testid=users]")]
    public async Task SignedIn_AdminPagesRender(string path, string name, string selector)
    {
        foreach (var width in new[] { 1440, 390 })
        {
            var (page, problems) = await _f.SignedInPageAsync(path, width);
            await page.WaitForSelectorAsync(selector, new() { Timeout = 20_000 });
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotDir, $"{name}-{width}.png"), FullPage = true });
            Assert.Empty(problems);
            await page.Context.CloseAsync();
        }
    }
}
