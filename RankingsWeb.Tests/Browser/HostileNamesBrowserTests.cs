using System.Text.Json.Nodes;
using Microsoft.Playwright;
using RankingsWeb.Components.Charts;
using RankingsWeb.Data.Ingestion;
using RankingsWeb.Tests.TestInfrastructure;

namespace RankingsWeb.Tests.Browser;

/// <summary>
/// An empty app fed app titles (the one free-text name in a record) that are markup in several shapes. Each payload
/// sets <c>window.__pwned</c> if it ever runs.
/// </summary>
public sealed class HostileNamesFixture : IAsyncLifetime
{
    public const string Model = "xss/probe";
    public const string Category = "xss-probe";
    public const string Literal = "AT&T <b>bold</b> & \"quotes\" 'x'";
    public const string Bidi = "Bidi \u202Egnp.exe\u202C and \u2066isolate\u2069 \u202Aa\u202B\u202Cb\u202D";
    public const string BidiCleaned = "Bidi gnp.exe and isolate ab";
    /// <summary>A title as long as one can be (200 characters) and without a break opportunity.</summary>
    public static readonly string LongTitle = new('L', 200);

    public static readonly string[] Titles =
    [
        "<img src=x onerror=\"window.__pwned='img'\">",
        "<svg onload=\"window.__pwned='svg'\">",
        "<a href=\"javascript:window.__pwned='a'\">click me</a>",
        "\"><script>window.__pwned='script'</script>",
        "<details open ontoggle=\"window.__pwned='details'\">x",
        "<iframe srcdoc=\"<script>parent.__pwned='iframe'</script>\"></iframe>",
        Literal,
        Bidi,
    ];

    public BrowserFixture Browser { get; } = new() { SeedDemoData = false };

    public static string KeyOf(string title) => KeyDerivation.AppKeyFromTitle(title)!;

    public async Task InitializeAsync()
    {
        await Browser.InitializeAsync();
        if (!BrowserFixture.Runs) return;
        var today = DateTime.UtcNow.Date;
        var records = new List<TestRecord>();
        for (var i = 0; i < Titles.Length; i++)
        {
            foreach (var daysAgo in new[] { 0, 2, 4, 6 })
            {
                var at = new DateTimeOffset(today.AddDays(-daysAgo).AddMinutes(30), TimeSpan.Zero);
                records.Add(new TestRecord($"x-{i}-{daysAgo}", at, Model, 900_000_000 - i * 50_000_000L, 2_000_000, Reasoning: 1_000_000,
                    AppTitle: Titles[i], Category: Category, Provider: "<img src=x onerror=\"window.__pwned='provider'\">"));
                records.Add(new TestRecord($"y-{i}-{daysAgo}", at, "xss/other", 100_000_000 - i * 5_000_000L, 1_000_000, Reasoning: 200_000,
                    AppTitle: Titles[i], Category: Category));
            }
        }
        // An app named by a URL whose path is markup: its key, shown as its name, must stay text too.
        records.Add(new TestRecord("u-1", new DateTimeOffset(today.AddMinutes(30), TimeSpan.Zero), Model, 50_000_000, 1000,
            AppUrl: "https://evil.example/<img src=x onerror=window.__pwned='url'>", Category: Category));
        records.Add(new TestRecord("long-1", new DateTimeOffset(today.AddMinutes(30), TimeSpan.Zero), Model, 10_000_000, 1000,
            AppTitle: LongTitle, Category: Category));
        // Rejected lines: their reason classes become series names of the ingestion page's chart.
        var rejected = "{\"id\":\"bad-1\",\"created_at\":\"2026-01-01T00:00:00Z\",\"model\":\"x'<img src=x onerror=__pwned=7>'y\",\"tokens_prompt\":1,\"tokens_completion\":1}\n"
            + "{\"id\":\"bad-2\",\"created_at\":\"2026-01-01T00:00:00Z\",\"model\":\"a/b\",\"app_url\":\"javascript:x'<svg onload=__pwned=8>'\",\"tokens_prompt\":1,\"tokens_completion\":1}\n";
        using var client = Browser.App.IngestClient();
        var answer = await client.PostNdjsonAsync(TestRecord.Ndjson(records) + rejected);
        Assert.Equal(records.Count, answer.GetProperty("accepted").GetInt32());
        await client.WaitForPendingZeroAsync(records.Count);
    }

    public Task DisposeAsync() => Browser.DisposeAsync();
}

public class HostileNamesBrowserTests : IClassFixture<HostileNamesFixture>
{
    private readonly HostileNamesFixture _h;
    private BrowserFixture F => _h.Browser;

    public HostileNamesBrowserTests(HostileNamesFixture h) => _h = h;

    public static TheoryData<string, string> PublicPages => new()
    {
        { "/", "hostile-leaderboard" },
        { "/models/xss/probe", "hostile-model" },
        { "/authors/xss", "hostile-author" },
        { "/categories/xss-probe", "hostile-category" },
        { "/apps/" + HostileNamesFixture.KeyOf(HostileNamesFixture.Literal), "hostile-app-literal" },
        { "/apps/" + HostileNamesFixture.KeyOf(HostileNamesFixture.Titles[0]), "hostile-app-img" },
        { "/apps/" + HostileNamesFixture.KeyOf(HostileNamesFixture.Bidi), "hostile-app-bidi" },
    };

    [SqliteFact]
    public async Task Leaderboard_LongAppName_WrapsInsideItsCard_NumbersStayVisible()
    {
        var (page, problems) = await F.NewPageAsync(1440);
        await page.GotoAsync(F.BaseUrl + "/");
        var table = page.Locator("[data-testid=top-apps]");
        await table.Locator("text=" + HostileNamesFixture.LongTitle[..40]).First.WaitForAsync();
        // The table's right edge stays inside the card around it, so the Tokens and Change columns are on screen.
        var overflow = await table.EvaluateAsync<double>("t => t.getBoundingClientRect().right - t.closest('.rw-card').getBoundingClientRect().right");
        Assert.True(overflow <= 1, $"the top apps table overflows its card by {overflow:0} px");
        Assert.Empty(problems);
        await page.Context.CloseAsync();
    }

    [SqliteTheory]
    [InlineData(1440)]
    [InlineData(390)]
    public async Task AppPage_LongUnbrokenName_WrapsInsideThePage(int width)
    {
        var (page, problems) = await F.NewPageAsync(width);
        var response = await page.GotoAsync(F.BaseUrl + "/apps/" + HostileNamesFixture.KeyOf(HostileNamesFixture.LongTitle));
        Assert.Equal(200, response!.Status);
        await page.Locator("h1").WaitForAsync();
        // Heading, breadcrumb and key wrap: before, the page was 6,492 px wide at a 1,366 px viewport.
        var overflow = await page.EvaluateAsync<int>("document.documentElement.scrollWidth - window.innerWidth");
        Assert.True(overflow <= 0, $"the page is {overflow} px wider than the {width} px viewport");
        Assert.Contains(HostileNamesFixture.LongTitle, await page.Locator("h1").InnerTextAsync());
        Assert.Empty(problems);
        await page.Context.CloseAsync();
    }

    public static TheoryData<string, string> AnalystPages => new()
    {
        { "/analytics?group=apps&top=20", "hostile-explorer-bars" },
        { "/analytics?group=apps&top=20&interval=day", "hostile-explorer-lines" },
        { "/analytics?group=models&sub=apps&top=20", "hostile-explorer-sub" },
        { "/analytics/ingestion", "hostile-ingestion" },
    };

    [SqliteTheory]
    [MemberData(nameof(PublicPages))]
    public async Task PublicPage_HostileNames_ShownAsTextAndNothingRuns(string path, string name)
    {
        var (page, problems) = await F.NewPageAsync(1440);
        var response = await page.GotoAsync(F.BaseUrl + path);
        Assert.Equal(200, response!.Status);
        Assert.Contains("script-src 'self';", await response.HeaderValueAsync("content-security-policy"));
        var seen = await DrawHoverAndCheckAsync(page, problems, name);
        if (path == "/models/xss/probe")
        {
            // The app mix: apps are the series, so the name is in the legend and in the shared tooltip.
            Assert.Contains(seen.Legends, t => t.Contains(HostileNamesFixture.Literal, StringComparison.Ordinal));
            Assert.Contains(seen.Tooltips, t => t.Contains(HostileNamesFixture.Literal + ":", StringComparison.Ordinal));
            Assert.Contains(seen.Legends, t => t.Contains(HostileNamesFixture.Titles[0], StringComparison.Ordinal));
        }
        if (path is "/" or "/models/xss/probe" or "/authors/xss" or "/categories/xss-probe" || path.EndsWith("at-t-b-bold-b-quotes-x", StringComparison.Ordinal))
            Assert.Contains(HostileNamesFixture.Literal, seen.BodyText);
    }

    [SqliteTheory]
    [MemberData(nameof(AnalystPages))]
    public async Task AnalystPage_HostileNames_ShownAsTextAndNothingRuns(string path, string name)
    {
        var (page, problems) = await F.SignedInPageAsync(path);
        var seen = await DrawHoverAndCheckAsync(page, problems, name);
        if (path.Contains("group=apps", StringComparison.Ordinal) && !path.Contains("interval", StringComparison.Ordinal))
        {
            // Apps are the categories: SVG axis labels (their <title>) and the HTML tooltip title.
            Assert.Contains(seen.AxisLabels, t => t == HostileNamesFixture.Literal);
            Assert.Contains(seen.Tooltips, t => t.Contains(HostileNamesFixture.Literal, StringComparison.Ordinal));
        }
        if (path.Contains("interval=day", StringComparison.Ordinal))
        {
            Assert.Contains(seen.Legends, t => t.Contains(HostileNamesFixture.Literal, StringComparison.Ordinal));
            Assert.Contains(seen.Tooltips, t => t.Contains(HostileNamesFixture.Literal + ":", StringComparison.Ordinal));
        }
        if (path.Contains("ingestion", StringComparison.Ordinal))
        {
            Assert.Contains(seen.Legends, t => t.Contains("<img src=x onerror=__pwned=7>", StringComparison.Ordinal));
            Assert.Contains(seen.Legends, t => t.Contains("<svg onload=__pwned=8>", StringComparison.Ordinal));
        }
    }

    /// <summary>
    /// Every apexcharts surface, including ones the pages do not switch on (donut centre labels and total, data
    /// labels): options built by <see cref="ChartOptions"/> with hostile names, drawn by the real wrapper module.
    /// </summary>
    [SqliteFact]
    public async Task ChartWrapper_EverySurface_ShowsNamesLiterally()
    {
        var (page, problems) = await F.NewPageAsync(1440);
        await page.GotoAsync(F.BaseUrl + "/account/login");
        var names = HostileNamesFixture.Titles.Take(6).Append(HostileNamesFixture.Literal).ToList();
        var donut = ChartOptions.Donut(names, names.Select((_, i) => 10.0 + i).ToList());
        donut["plotOptions"] = new JsonObject
        {
            ["pie"] = new JsonObject { ["donut"] = new JsonObject { ["labels"] = new JsonObject { ["show"] = true, ["total"] = new JsonObject { ["show"] = true, ["label"] = HostileNamesFixture.Literal } } } },
        };
        var bars = ChartOptions.StackedBars(names, names.Select((n, i) => new ChartSeries(n, names.Select((_, j) => 1.0 + i + j).ToList())).ToList());
        bars["dataLabels"] = new JsonObject { ["enabled"] = true };
        var lines = ChartOptions.Lines(["d1", "d2", "d3"], names.Select((n, i) => (n, (IReadOnlyList<double?>)[1.0 + i, 2.0 + i, 3.0 + i])).ToList());
        var charts = new JsonArray(donut, bars, lines);
        await page.EvaluateAsync(@"async (json) => {
            const all = JSON.parse(json);
            const m = await import('/js/apexchart.js');
            for (let i = 0; i < all.length; i++) {
                const el = document.createElement('div');
                el.className = 'rw-chart';
                el.style.width = '900px';
                document.body.prepend(el);
                m.create(el, all[i]);
            }
        }", charts.ToJsonString());
        await page.WaitForFunctionAsync("() => document.querySelectorAll('.rw-chart .apexcharts-svg').length === 3");
        var seen = await DrawHoverAndCheckAsync(page, problems, "hostile-wrapper");
        Assert.Contains(seen.Legends, t => t == HostileNamesFixture.Literal);
        Assert.Contains(seen.AxisLabels, t => t == HostileNamesFixture.Literal);
        Assert.Contains(seen.Tooltips, t => t.Contains(HostileNamesFixture.Literal + ":", StringComparison.Ordinal));
        Assert.Contains(seen.SvgTexts, t => t == HostileNamesFixture.Literal); // donut centre label or total
        foreach (var n in HostileNamesFixture.Titles.Take(6))
            Assert.Contains(seen.Legends, t => t == n);

        // A picture with a tooltip open over the bars, to look at.
        // The full-page screenshot above can make apexcharts redraw (its resize handler) at any moment after it: the
        // grid found may be gone before its box is read (a fresh clone saw that even after waiting for it), or before
        // the tooltip opens. So: the box, the move and the tooltip again, until one holds.
        var gridElement = page.Locator(".rw-chart").Nth(1).Locator(".apexcharts-grid");
        for (var attempt = 1; ; attempt++)
        {
            if (await gridElement.BoundingBoxAsync() is { } grid)
            {
                await page.Mouse.MoveAsync(grid.X + grid.Width * 13 / 14, grid.Y + grid.Height * 0.8f);
                var open = await page.WaitForSelectorAsync(".apexcharts-tooltip.apexcharts-active", new() { Timeout = 2_000 })
                    .ContinueWith(t => t.IsCompletedSuccessfully);
                if (open) break;
            }
            Assert.True(attempt < 20, "the bars never stayed drawn long enough to hover them");
            await Task.Delay(100);
        }
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotDir, "hostile-wrapper-tooltip-1440.png") });
        Assert.Empty(problems);
    }

    [SqliteFact]
    public async Task BidiControls_NotInPageTextOrChartLabels()
    {
        foreach (var path in new[] { "/models/xss/probe", "/apps/" + HostileNamesFixture.KeyOf(HostileNamesFixture.Bidi), "/" })
        {
            var (page, problems) = await F.NewPageAsync(1440);
            await page.GotoAsync(F.BaseUrl + path);
            var seen = await DrawHoverAndCheckAsync(page, problems, null);
            Assert.Contains(HostileNamesFixture.BidiCleaned, seen.BodyText);
            foreach (var text in seen.All().Append(await page.TitleAsync()))
                Assert.DoesNotMatch("[\u202A-\u202E\u2066-\u2069]", text);
            if (path.StartsWith("/models/", StringComparison.Ordinal))
                Assert.Contains(seen.Legends, t => t == HostileNamesFixture.BidiCleaned);
            await page.Context.CloseAsync();
        }
    }

    private sealed record Seen(List<string> Legends, List<string> Tooltips, List<string> AxisLabels, List<string> SvgTexts, string BodyText)
    {
        public IEnumerable<string> All() => Legends.Concat(Tooltips).Concat(AxisLabels).Concat(SvgTexts).Append(BodyText);
    }

    /// <summary>
    /// apexcharts draws a tooltip at most every 20 ms (Tooltip.onSeriesHover): a move sooner after the last draw is
    /// drawn by a timer up to 20 ms later, and the next move cancels that timer. Reading the tooltip at once missed
    /// the bar hovered (2 full runs in 5). A 25 ms timer set after the move fires after apexcharts' own.
    /// </summary>
    private static Task TooltipSettledAsync(IPage page) => page.EvaluateAsync("() => new Promise(r => setTimeout(r, 25))");

    /// <summary>
    /// Waits for every chart, hovers its plot, slices and legend so tooltips render, then asserts nothing ran, nothing
    /// was injected, nothing is shown double-escaped and the page logged no error (a CSP violation is one).
    /// </summary>
    private static async Task<Seen> DrawHoverAndCheckAsync(IPage page, List<string> problems, string? screenshot)
    {
        await page.WaitForSelectorAsync(".rw-chart .apexcharts-svg", new() { Timeout = 20_000 });
        await page.WaitForFunctionAsync("() => [...document.querySelectorAll('.rw-chart')].every(c => c.querySelector('.apexcharts-svg'))");
        var tooltips = new List<string>();
        var svgTexts = new List<string>();
        var charts = page.Locator(".rw-chart");
        for (var i = 0; i < await charts.CountAsync(); i++)
        {
            var chart = charts.Nth(i);
            await chart.ScrollIntoViewIfNeededAsync();
            if (await chart.Locator(".apexcharts-pie-area").CountAsync() > 0)
            {
                // Slices: hover each one at a point on its ring (its bounding box centre may be the hole).
                var slices = chart.Locator(".apexcharts-pie-area");
                for (var s = 0; s < await slices.CountAsync(); s++)
                {
                    var p = await slices.Nth(s).EvaluateAsync<double[]>(@"el => {
                        const ring = el.closest('.apexcharts-pie').getBoundingClientRect();
                        const cx = ring.x + ring.width / 2, cy = ring.y + ring.height / 2;
                        const a = el.getPointAtLength(el.getTotalLength() * 0.2), m = el.getScreenCTM();
                        const x = a.x * m.a + a.y * m.c + m.e, y = a.x * m.b + a.y * m.d + m.f;
                        return [x + (cx - x) * 0.1, y + (cy - y) * 0.1];
                    }");
                    await page.Mouse.MoveAsync((float)p[0], (float)p[1]);
                    await TooltipSettledAsync(page);
                    tooltips.AddRange(await chart.Locator(".apexcharts-tooltip").AllTextContentsAsync());
                    svgTexts.AddRange(await chart.Locator("svg text").AllTextContentsAsync());
                }
            }
            else if (await chart.Locator(".apexcharts-grid").CountAsync() > 0)
            {
                var box = await chart.Locator(".apexcharts-grid").First.BoundingBoxAsync();
                if (box is not null)
                {
                    for (var k = 0; k < 16; k++)
                    {
                        await page.Mouse.MoveAsync(box.X + box.Width * (k + 0.5f) / 16, box.Y + box.Height * 0.9f);
                        await TooltipSettledAsync(page);
                        tooltips.AddRange(await chart.Locator(".apexcharts-tooltip, .apexcharts-xaxistooltip").AllTextContentsAsync());
                    }
                }
                // Every bar as well: sampled positions miss a category whenever the labels change the plot's layout.
                var bars = chart.Locator(".apexcharts-bar-area");
                for (var b = 0; b < Math.Min(await bars.CountAsync(), 80); b++)
                {
                    if (await bars.Nth(b).BoundingBoxAsync() is not { Width: > 0, Height: > 0 } bar) continue;
                    await page.Mouse.MoveAsync(bar.X + bar.Width / 2, bar.Y + bar.Height / 2);
                    await TooltipSettledAsync(page);
                    tooltips.AddRange(await chart.Locator(".apexcharts-tooltip").AllTextContentsAsync());
                }
            }
            var legend = chart.Locator(".apexcharts-legend-series");
            for (var l = 0; l < await legend.CountAsync(); l++)
            {
                if (await legend.Nth(l).IsVisibleAsync()) await legend.Nth(l).HoverAsync();
            }
            svgTexts.AddRange(await chart.Locator("svg text").AllTextContentsAsync());
        }
        if (screenshot is not null)
            await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotDir, screenshot + "-1440.png"), FullPage = true });

        var injected = await page.EvaluateAsync<string[]>(@"() => {
            const bad = [];
            if (window.__pwned !== undefined) bad.push('ran: ' + window.__pwned);
            for (const el of document.querySelectorAll('*')) {
                for (const a of el.attributes) {
                    if (a.name.startsWith('on')) bad.push('handler: <' + el.tagName + ' ' + a.name + '>');
                    if (/^\s*javascript:/i.test(a.value)) bad.push('javascript url: <' + el.tagName + ' ' + a.name + '>');
                }
            }
            for (const el of document.querySelectorAll('.rw-chart img, .rw-chart script, .rw-chart a, .rw-chart b, .rw-chart details, .rw-chart iframe'))
                bad.push('element in a chart: ' + el.outerHTML.slice(0, 120));
            for (const el of document.querySelectorAll('img[src=x], iframe[srcdoc]')) bad.push('element: ' + el.outerHTML.slice(0, 120));
            for (const s of document.querySelectorAll('script')) if (s.textContent.includes('__pwned')) bad.push('script: ' + s.textContent.slice(0, 120));
            return bad;
        }");
        Assert.Empty(injected);
        var legends = (await page.Locator(".rw-chart .apexcharts-legend-text").AllTextContentsAsync()).ToList();
        var axis = (await page.Locator(".rw-chart .apexcharts-xaxis-label title").AllTextContentsAsync()).ToList();
        var body = await page.Locator("body").InnerTextAsync();
        var seen = new Seen(legends, tooltips, axis, svgTexts, body);
        foreach (var text in seen.All())
        {
            // Escaped once too often, a name would show its entities.
            Assert.DoesNotContain("&amp;", text);
            Assert.DoesNotContain("&lt;", text);
            Assert.DoesNotContain("&quot;", text);
        }
        Assert.Empty(problems);
        return seen;
    }
}
