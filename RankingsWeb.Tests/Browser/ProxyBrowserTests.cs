using Microsoft.Playwright;
using RankingsWeb.Tests.TestInfrastructure;

namespace RankingsWeb.Tests.Browser;

/// <summary>
/// Chromium through nginx (the repository's site file, over https): the interactive analyst pages keep their Blazor
/// circuit on a WebSocket through the proxy. SignalR would quietly fall back to long polling if the upgrade were
/// lost, so the test checks the WebSocket itself, not only that the page responds.
/// </summary>
public sealed class ProxyBrowserTests : IAsyncLifetime
{
    public BrowserFixture Browser { get; } = new() { BehindNginx = true };

    public Task InitializeAsync() => Browser.InitializeAsync();

    public Task DisposeAsync() => Browser.DisposeAsync();

    [NginxFact]
    public async Task Analytics_ThroughNginx_SignsInSecurely_AndTheCircuitRunsOnAWebSocket()
    {
        var sockets = new List<IWebSocket>();
        var (page, problems) = await Browser.NewPageAsync(1440);
        page.WebSocket += (_, socket) => { lock (sockets) sockets.Add(socket); };

        await page.GotoAsync(Browser.BaseUrl + "/analytics?top=5");
        await page.WaitForURLAsync("**/account/login?**");
        Assert.StartsWith(Browser.BaseUrl + "/", page.Url);
        await page.FillAsync("#email", RankingsAppFactory.AdminEmail);
        await page.FillAsync("#password", RankingsAppFactory.AdminPassword);
        await page.ClickAsync("[data-testid=sign-in]");
        await page.WaitForURLAsync("**/analytics*");

        var auth = Assert.Single(await page.Context.CookiesAsync(), c => c.Name == "rankings.auth");
        Assert.True(auth.Secure, "the sign-in cookie is Secure behind an https proxy");

        // The explorer answers a change of its group-by: only the circuit can do that.
        await page.WaitForSelectorAsync(".rw-chart .apexcharts-svg", new() { Timeout = 20_000 });
        var firstBefore = await page.Locator("[data-testid=explorer-table] tbody tr").First.InnerTextAsync();
        // The charts are drawn from the prerendered page before the circuit runs: a click then is lost.
        await page.WaitForSelectorAsync("[data-testid=explorer-controls][data-interactive=yes]", new() { Timeout = 20_000 });
        await page.Locator("[data-testid=group]").ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item", new() { HasTextString = "apps" }).First.ClickAsync();
        await page.WaitForURLAsync("**group=apps**");
        await page.WaitForFunctionAsync("t => document.querySelector('[data-testid=explorer-table] tbody tr')?.innerText !== t", firstBefore);
        Assert.Equal(6, await page.Locator("[data-testid=explorer-table] tbody tr").CountAsync()); // top 5 + Others

        // …and it ran on a WebSocket through nginx (wss:, the proxy's port), which is still open.
        IWebSocket[] seen;
        lock (sockets) seen = [.. sockets];
        var circuits = seen.Where(s => s.Url.StartsWith(Browser.BaseUrl.Replace("https://", "wss://", StringComparison.Ordinal) + "/_blazor", StringComparison.Ordinal)).ToList();
        Assert.True(circuits.Count > 0, "no WebSocket to /_blazor through the proxy: " + string.Join(", ", seen.Select(s => s.Url)));
        Assert.False(circuits[^1].IsClosed);
        Assert.Empty(problems);
        // nginx logs a request when it ends: the negotiation is there, the open WebSocket not yet.
        Assert.Contains("POST /_blazor/negotiate", Browser.Proxy!.AccessLog);
    }
}
