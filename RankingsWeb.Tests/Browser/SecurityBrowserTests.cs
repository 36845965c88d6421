using Microsoft.Playwright;
using RankingsWeb.Tests.TestInfrastructure;

namespace RankingsWeb.Tests.Browser;

/// <summary>Pages the content security policy must not break; a blocked script or style is a console error.</summary>
public class SecurityBrowserTests : IClassFixture<HostileNamesFixture>
{
    private readonly BrowserFixture _f;

    public SecurityBrowserTests(HostileNamesFixture h) => _f = h.Browser;

    [SqliteFact]
    public async Task Hangfire_SignedIn_RendersUnderThePolicy()
    {
        var (page, problems) = await _f.NewPageAsync(1440);
        await page.GotoAsync(_f.BaseUrl + "/hangfire");
        await page.WaitForURLAsync("**/account/login?**");
        await page.FillAsync("#email", RankingsAppFactory.AdminEmail);
        await page.FillAsync("#password", RankingsAppFactory.AdminPassword);
        await page.ClickAsync("[data-testid=sign-in]");
        await page.WaitForURLAsync("**/hangfire");
        foreach (var (path, name) in new[] { ("/hangfire", "hangfire"), ("/hangfire/jobs/succeeded", "hangfire-succeeded"), ("/hangfire/recurring", "hangfire-recurring") })
        {
            var response = await page.GotoAsync(_f.BaseUrl + path);
            Assert.Contains("script-src 'self'", await response!.HeaderValueAsync("content-security-policy"));
            await page.WaitForSelectorAsync(".navbar");
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            // Hangfire's one script file ran: Chart.js marks the graphs it drew.
            if (path == "/hangfire") await page.WaitForSelectorAsync("canvas#realtimeGraph.chartjs-render-monitor");
            await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotDir, $"{name}-1440.png"), FullPage = true });
        }
        Assert.Empty(problems);
    }

    [SqliteFact]
    public async Task ChartModule_FingerprintedUrl_WithoutImportMap_CircuitOnlyOnInteractivePages()
    {
        // With no import map (inline script), the page names the fingerprinted module itself, cached for good; the
        // interactive pages import the same URL, so one module instance draws every chart.
        var (page, problems) = await _f.NewPageAsync(1440);
        var requests = new List<string>();
        var sockets = new List<string>();
        page.Request += (_, r) => requests.Add(new Uri(r.Url).AbsolutePath);
        page.WebSocket += (_, ws) => sockets.Add(ws.Url);
        await page.GotoAsync(_f.BaseUrl + "/models/xss/probe");
        await page.WaitForSelectorAsync(".rw-chart .apexcharts-svg", new() { Timeout = 20_000 });
        Assert.Equal(0, await page.Locator("script[type=importmap]").CountAsync());
        var module = Assert.Single(requests.Where(r => r.StartsWith("/js/apexchart", StringComparison.Ordinal)).Distinct());
        Assert.Matches(@"^/js/apexchart\.[a-z0-9]+\.js$", module);
        Assert.Equal(module.TrimStart('/'), await page.Locator("script[type=module][src*=apexchart]").GetAttributeAsync("src"));
        Assert.Empty(sockets); // a public page is static: no circuit
        Assert.Empty(problems);

        // connect-src 'self' admits the same-origin ws: of an interactive page's circuit (no fallback to long polling).
        var (analyst, analystProblems) = await _f.SignedInPageAsync("/analytics");
        var analystSockets = new List<string>();
        analyst.WebSocket += (_, ws) => analystSockets.Add(ws.Url);
        await analyst.ReloadAsync();
        await analyst.WaitForSelectorAsync("h1");
        for (var i = 0; i < 200 && analystSockets.Count == 0; i++) await Task.Delay(100);
        Assert.Contains(analystSockets, u => u.StartsWith(_f.BaseUrl.Replace("http://", "ws://", StringComparison.Ordinal) + "/_blazor", StringComparison.Ordinal));
        Assert.Empty(analystProblems);
    }
}
