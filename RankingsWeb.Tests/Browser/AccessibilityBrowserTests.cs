using RankingsWeb.Tests.TestInfrastructure;
using Xunit.Abstractions;

namespace RankingsWeb.Tests.Browser;

/// <summary>
/// axe-core's WCAG 2.0 A and AA rules on every public page once its charts are drawn, at desktop width, at phone width
/// (tables become cards, chart legends scroll) and in the dark theme: no serious or critical violation.
/// </summary>
public class AccessibilityBrowserTests(BrowserFixture f, ITestOutputHelper output) : IClassFixture<BrowserFixture>
{

    private const string AllChartsDrawn =
        "() => { const c = [...document.querySelectorAll('.rw-chart')]; return c.length > 0 && c.every(e => e.querySelector('.apexcharts-svg')); }";

    public static TheoryData<string, string> Pages()
    {
        var data = new TheoryData<string, string>();
        foreach (var path in new[] { "/", "/models/anthropic/claude-sonnet-4.5", "/authors/google", "/apps/cline.bot", "/categories/programming", "/growth" })
            foreach (var view in new[] { "desktop", "phone", "dark" })
                data.Add(path, view);
        return data;
    }

    [SqliteTheory]
    [MemberData(nameof(Pages))]
    public async Task PublicPage_HasNoSeriousOrCriticalAxeViolations(string path, string view)
    {
        var (page, _) = await f.NewPageAsync(view == "phone" ? 390 : 1440);
        var response = await page.GotoAsync(f.BaseUrl + path);
        Assert.Equal(200, response!.Status);
        await page.WaitForFunctionAsync(AllChartsDrawn, null, new() { Timeout = 20_000 });
        if (view == "dark")
        {
            var light = await page.EvaluateAsync<string>("() => getComputedStyle(document.body).backgroundColor");
            await page.ClickAsync("[aria-label='Toggle dark theme']");
            await page.WaitForFunctionAsync("bg => getComputedStyle(document.body).backgroundColor !== bg", light);
            await page.WaitForFunctionAsync(AllChartsDrawn);
        }
        var violations = await Axe.RunAsync(page);
        output.WriteLine(Axe.Format($"{path} ({view})", violations)); // every impact, for the record; only serious and critical fail
        var blocking = violations.Where(v => v.IsSeriousOrCritical).ToList();
        Assert.True(blocking.Count == 0, Axe.Format($"{path} ({view})", blocking));
        await page.Context.CloseAsync();
    }
    /// <summary>The API reference (no charts), in both palettes.</summary>
    [SqliteTheory]
    [InlineData("light")]
    [InlineData("dark")]
    public async Task ApiReferencePage_HasNoSeriousOrCriticalAxeViolations(string view)
    {
        var (page, _) = await f.NewPageAsync(1440);
        var response = await page.GotoAsync(f.BaseUrl + "/api");
        Assert.Equal(200, response!.Status);
        if (view == "dark")
        {
            var light = await page.EvaluateAsync<string>("() => getComputedStyle(document.body).backgroundColor");
            await page.ClickAsync("[aria-label='Toggle dark theme']");
            await page.WaitForFunctionAsync("bg => getComputedStyle(document.body).backgroundColor !== bg", light);
        }
        var violations = await Axe.RunAsync(page);
        output.WriteLine(Axe.Format($"/api ({view})", violations));
        var blocking = violations.Where(v => v.IsSeriousOrCritical).ToList();
        Assert.True(blocking.Count == 0, Axe.Format($"/api ({view})", blocking));
        await page.Context.CloseAsync();
    }
}
