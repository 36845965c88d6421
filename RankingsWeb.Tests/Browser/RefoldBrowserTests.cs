using RankingsWeb.Tests.TestInfrastructure;

namespace RankingsWeb.Tests.Browser;

/// <summary>The ingestion page's re-fold, as an admin uses it: a range too old is refused on the page with the reason, a good one is queued, run by a worker and shown done.</summary>
public class RefoldBrowserTests(BrowserFixture f) : IClassFixture<BrowserFixture>
{
    [SqliteFact]
    public async Task Admin_RefoldsLastWeek_SeesItDone_AndATooOldRangeRefused()
    {
        var (page, problems) = await f.SignedInPageAsync("/analytics/ingestion");
        var panel = page.Locator("[data-testid=retention][data-interactive=yes]"); // the circuit, not the prerendered copy
        await panel.WaitForAsync();
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        Assert.Contains("kept 35 days after they arrive", await panel.InnerTextAsync());
        Assert.Equal(today.AddDays(-34).ToString("yyyy-MM-dd"), await page.Locator("[data-testid=oldest-refoldable]").InnerTextAsync());

        await FillDateAsync(page, "refold-from", today.AddDays(-90));
        await FillDateAsync(page, "refold-to", today);
        await page.ClickAsync("[data-testid=refold]");
        var message = page.Locator("[data-testid=refold-message]");
        await message.WaitForAsync();
        Assert.Contains("raw records are kept 35 days after arrival", await message.InnerTextAsync());

        await FillDateAsync(page, "refold-from", today.AddDays(-7));
        await page.ClickAsync("[data-testid=refold]");
        await page.WaitForFunctionAsync("() => document.querySelector('[data-testid=refold-message]')?.innerText.includes('Re-fold queued')");
        // The worker runs it; the row follows the job until it is done.
        var row = page.Locator("[data-testid=refold-jobs] tbody tr", new() { HasTextString = today.AddDays(-7).ToString("yyyy-MM-dd") });
        await page.WaitForFunctionAsync("() => [...document.querySelectorAll('[data-testid=refold-jobs] tbody tr')].some(r => /done|failed/.test(r.innerText))", null, new() { Timeout = 60_000 });
        Assert.DoesNotContain("failed", await row.First.InnerTextAsync());
        Assert.Contains(RankingsAppFactory.AdminEmail, await row.First.InnerTextAsync());
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotDir, "ingestion-refold-1440.png"), FullPage = true });
        Assert.Empty(problems);
    }

    private static async Task FillDateAsync(Microsoft.Playwright.IPage page, string testId, DateOnly date)
    {
        var input = page.Locator($"[data-testid={testId}] input, input[data-testid={testId}]").First;
        await input.FillAsync(date.ToString("yyyy-MM-dd"));
        await input.PressAsync("Tab");
    }
}
