using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Identity;
using Microsoft.Playwright;
using RankingsWeb.Auth;
using RankingsWeb.Data.Apps;
using RankingsWeb.Tests.TestInfrastructure;

namespace RankingsWeb.Tests.Browser;

public class AppOwnerBrowserTests : IClassFixture<BrowserFixture>
{
    private readonly BrowserFixture _f;

    public AppOwnerBrowserTests(BrowserFixture f) => _f = f;

    [SqliteFact]
    public async Task Owner_UnlistsTheirApp_AuditedAndGoneFromPublic()
    {
        const string email = "roo@rankings.test", password = "roo-owner-password";
        await _f.App.CreateUserAsync(email, password, Roles.AppOwner);
        await using (var scope = _f.App.Services.CreateAsyncScope())
        {
            var user = await scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>().FindByEmailAsync(email);
            await _f.App.Services.GetRequiredService<AppOwners>().AssignAsync("roocode.com", user!.Id, email);
        }
        using var http = new HttpClient();
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(_f.BaseUrl + "/apps/roocode.com")).StatusCode);

        var (page, problems) = await _f.NewPageAsync(1440);
        await page.GotoAsync(_f.BaseUrl + "/account/apps");
        await page.WaitForURLAsync("**/account/login?**");
        await page.FillAsync("#email", email);
        await page.FillAsync("#password", password);
        await page.ClickAsync("[data-testid=sign-in]");
        // The sign-in post must land (its cookie set) before the next navigation, which would otherwise abort it.
        await page.WaitForURLAsync(url => !url.Contains("/account/login", StringComparison.Ordinal));
        await page.GotoAsync(_f.BaseUrl + "/account/apps");
        await page.WaitForSelectorAsync("[data-testid=attribution] td", new() { Timeout = 20_000 });
        await page.WaitForSelectorAsync(".rw-chart .apexcharts-svg");
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotDir, "my-apps-1440.png"), FullPage = true });

        await page.Locator("input[data-testid=listed-switch], [data-testid=listed-switch] input").First.ClickAsync();
        await page.WaitForSelectorAsync("[data-testid=audit] td:has-text('unlisted')");
        Assert.Contains(email, await page.Locator("[data-testid=audit]").InnerTextAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(_f.BaseUrl + "/apps/roocode.com")).StatusCode);
        Assert.DoesNotContain("roocode.com", await http.GetStringAsync(_f.BaseUrl + "/api/v1/rankings/apps?period=year&limit=1000"));

        // The owner still sees its page, marked unlisted; the public gets 404.
        var ownerView = await page.Context.NewPageAsync();
        var response = await ownerView.GotoAsync(_f.BaseUrl + "/apps/roocode.com");
        Assert.Equal(200, response!.Status);
        await ownerView.WaitForSelectorAsync("[data-testid=unlisted-banner]");
        await ownerView.WaitForSelectorAsync("[data-testid=summary]");
        await ownerView.CloseAsync();

        // ...and can list it again.
        await page.Locator("input[data-testid=listed-switch], [data-testid=listed-switch] input").First.ClickAsync();
        await page.WaitForSelectorAsync("[data-testid=audit] tr:first-child td:has-text('listed')");
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(_f.BaseUrl + "/apps/roocode.com")).StatusCode);
        Assert.Empty(problems);
    }
}
