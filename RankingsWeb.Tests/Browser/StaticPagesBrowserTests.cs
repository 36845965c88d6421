using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using RankingsWeb.Components.Charts;
using RankingsWeb.Tests.TestInfrastructure;

namespace RankingsWeb.Tests.Browser;

/// <summary>
/// The public pages as a crowd reads them: statically rendered (no circuit, no WebSocket), charts drawn in the
/// browser from the JSON in the page — after a direct load, an enhanced navigation, a period switch and
/// back/forward — one colour per entity, and a layout that fits a phone.
/// </summary>
public class StaticPagesBrowserTests : IClassFixture<BrowserFixture>
{
    private readonly BrowserFixture _f;

    public StaticPagesBrowserTests(BrowserFixture f) => _f = f;

    private const string AllChartsDrawn =
        "() => { const c = [...document.querySelectorAll('[data-rw-chart]')]; return c.length > 0 && c.every(x => x.querySelector('.apexcharts-svg')); }";

    public static TheoryData<string> PublicPages => new() { "/", "/models/anthropic/claude-sonnet-4.5", "/authors/google", "/apps/cline.bot", "/categories/programming" };

    [SqliteTheory]
    [MemberData(nameof(PublicPages))]
    public async Task PublicPage_OpensNoWebSocket_AndDrawsEveryChart(string path)
    {
        var (page, problems) = await _f.NewPageAsync(1440);
        var sockets = new List<string>();
        page.WebSocket += (_, ws) => sockets.Add(ws.Url);
        await page.GotoAsync(_f.BaseUrl + path);
        await page.WaitForFunctionAsync(AllChartsDrawn);
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        // Navigating by a link (enhanced navigation) must not open one either.
        await page.Locator("main a[href^='/models/'], main a[href^='/apps/']").First.ClickAsync();
        await page.WaitForFunctionAsync(AllChartsDrawn);
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        Assert.Empty(sockets);
        Assert.Empty(problems);
    }

    [SqliteFact]
    public async Task Charts_AreDrawn_AfterEnhancedNavigation_PeriodSwitch_AndBackForward()
    {
        var (page, problems) = await _f.NewPageAsync(1440);
        var loads = 0;
        page.Load += (_, _) => loads++;
        // Blazor warns when an enhanced navigation falls back to a full page load: said when a step below times out.
        var warnings = new List<string>();
        page.Console += (_, m) => { if (m.Type == "warning") warnings.Add(m.Text); };
        await page.GotoAsync(_f.BaseUrl + "/");
        await page.WaitForFunctionAsync(AllChartsDrawn);
        var homeCharts = await page.Locator("[data-rw-chart]").CountAsync();

        // A period switch: the same page with other data, through enhanced navigation (no full load).
        var before = await page.Locator("[data-rw-chart]").First.GetAttributeAsync("data-rw-chart");
        await page.Locator("[data-period=month]").ClickAsync();
        await page.WaitForURLAsync("**/?period=month*");
        await page.WaitForFunctionAsync("b => document.querySelector('[data-rw-chart]').getAttribute('data-rw-chart') !== b", before);
        await page.WaitForFunctionAsync(AllChartsDrawn);
        Assert.Equal(homeCharts, await page.Locator("[data-rw-chart] .apexcharts-svg").CountAsync());

        // Another page by a link.
        await page.Locator("[data-testid=top-models] a[href^='/models/']").First.ClickAsync();
        await page.WaitForURLAsync("**/models/**");
        await page.WaitForSelectorAsync("[data-testid=summary]");
        await page.WaitForFunctionAsync(AllChartsDrawn);

        // Back and forward.
        await page.GoBackAsync();
        await page.WaitForURLAsync("**/?period=month*");
        await page.WaitForSelectorAsync("[data-testid=top-models]");
        await page.WaitForFunctionAsync(AllChartsDrawn);
        await page.GoForwardAsync();
        await page.WaitForURLAsync("**/models/**");
        await page.WaitForSelectorAsync("[data-testid=summary]");
        await page.WaitForFunctionAsync(AllChartsDrawn);

        // A range through the GET form lands on the canonical address (exclusive "to").
        await page.FillAsync("input[name=from]", "2026-01-05");
        await page.FillAsync("input[name=until]", "2026-01-11");
        await page.ClickAsync("[data-testid=apply-range]");
        // Once in 17 fresh-clone runs this wait timed out (2026-12-04): the page could set 400 over its redirect to the
        // canonical range when the query before it did not yield (fixed; PageWindowTests). Should it again, say where it was.
        try
        {
            await page.WaitForURLAsync("**from=2026-01-05&to=2026-01-12*");
        }
        catch (TimeoutException)
        {
            Assert.Fail($"the range form did not land on the canonical address: at {page.Url} after {loads} full loads; warnings: {string.Join(" | ", warnings)}; problems: {string.Join(" | ", problems)}");
        }
        Assert.Equal(1, loads); // every step above was an enhanced navigation
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [SqliteFact]
    public async Task OneColourPerEntity_AcrossTheCharts_AndTheDonutAgreesWithItsTable()
    {
        var (page, problems) = await _f.NewPageAsync(1440);
        await page.GotoAsync(_f.BaseUrl + "/");
        await page.WaitForFunctionAsync(AllChartsDrawn);
        // Name → colour in every chart of the page, from the options each chart was drawn with.
        var charts = await page.EvaluateAsync<JsonElement>("""
            () => [...document.querySelectorAll('[data-rw-chart]')].map(e => {
              const o = JSON.parse(e.getAttribute('data-rw-chart'));
              const names = o.labels ?? (o.series ?? []).map(s => s.name);
              return { names, colors: o.colors ?? [], donut: o.chart.type === 'donut', values: o.labels ? o.series : [] };
            })
            """);
        var seen = new Dictionary<string, string>();
        var shared = 0;
        foreach (var chart in charts.EnumerateArray())
        {
            var names = chart.GetProperty("names").EnumerateArray().Select(n => n.GetString()!).ToList();
            var colors = chart.GetProperty("colors").EnumerateArray().Select(n => n.GetString()!).ToList();
            Assert.Equal(names.Count, colors.Count);
            Assert.Equal(colors.Count, colors.Distinct().Count()); // no two series alike within a chart
            foreach (var (name, color) in names.Zip(colors))
            {
                if (seen.TryGetValue(name, out var earlier))
                {
                    Assert.Equal(earlier, color);
                    shared++;
                }
                seen[name] = color;
            }
        }
        Assert.True(shared >= 10, $"only {shared} entities appear in two charts"); // the authors chart and donut, the models charts

        // The donut includes Others, and its shares are the table's.
        var donut = charts.EnumerateArray().Single(c => c.GetProperty("donut").GetBoolean());
        var labels = donut.GetProperty("names").EnumerateArray().Select(n => n.GetString()!).ToList();
        var values = donut.GetProperty("values").EnumerateArray().Select(v => v.GetDouble()).ToList();
        Assert.Equal("Others", labels[^1]);
        var rows = await page.Locator("[data-testid=authors-now] tbody tr").AllInnerTextsAsync();
        Assert.Equal(labels.Count, rows.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            var cells = rows[i].Split('\t');
            Assert.Equal(labels[i], cells[0].Trim());
            var share = values[i] / values.Sum() * 100;
            Assert.Equal(share.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) + "%", cells[1].Trim());
        }
        Assert.Empty(problems);
    }

    // "So far" and "Projected" ran together under the projection beside the growth chart at 1,280-1,440 px (found by
    // an outsider): its column is now at least 13rem wide.
    [SqliteTheory]
    [InlineData(1280)]
    [InlineData(1366)]
    [InlineData(1440)]
    public async Task Home_ProjectionLabels_StayApart(int width)
    {
        var (page, problems) = await _f.NewPageAsync(width);
        await page.GotoAsync(_f.BaseUrl + "/");
        await page.WaitForFunctionAsync(AllChartsDrawn);
        var gap = await page.EvaluateAsync<double>("""
            () => {
              const labels = [...document.querySelectorAll('.rw-with-side rw-chart')[1].querySelectorAll('.apexcharts-xaxis-label')]
                .map(t => t.getBoundingClientRect());
              return labels.length === 2 ? labels[1].left - labels[0].right : -1000;
            }
            """);
        Assert.True(gap >= 8, $"the projection's labels are {gap:0.0} px apart at {width} px");
        Assert.Empty(problems);
        await page.Context.CloseAsync();
    }

    public static TheoryData<string, string> ScreenshotPages => new()
    {
        { "/", "home" },
        { "/models/anthropic/claude-sonnet-4.5", "model" },
        { "/apps/cline.bot", "app" },
        { "/categories/programming", "category" },
    };

    [SqliteTheory]
    [MemberData(nameof(ScreenshotPages))]
    public async Task Page_FitsEveryWidth_InBothThemes(string path, string name)
    {
        foreach (var dark in new[] { false, true })
        {
            foreach (var width in new[] { 1440, 390 })
            {
                var context = await _f.Browser.NewContextAsync(new BrowserNewContextOptions
                {
                    ViewportSize = new ViewportSize { Width = width, Height = 900 },
                    ColorScheme = dark ? ColorScheme.Dark : ColorScheme.Light,
                });
                var page = await context.NewPageAsync();
                await page.GotoAsync(_f.BaseUrl + path);
                await page.WaitForFunctionAsync(AllChartsDrawn);
                // The theme follows the system before the first paint, and the charts follow the theme.
                Assert.Equal(dark, await page.EvaluateAsync<bool>("document.documentElement.classList.contains('rw-dark')"));
                Assert.Equal(await page.Locator("[data-rw-chart]").CountAsync(),
                    await page.Locator(dark ? ".apexcharts-canvas.apexcharts-theme-dark" : ".apexcharts-canvas.apexcharts-theme-light").CountAsync());
                // Nothing wider than the screen: no sideways scrolling on a phone.
                var overflow = await page.EvaluateAsync<int>("document.documentElement.scrollWidth - window.innerWidth");
                Assert.True(overflow <= 0, $"{path} at {width} px is {overflow} px too wide");
                if (width == 390)
                {
                    var heights = await page.EvaluateAsync<int[]>("[...document.querySelectorAll('[data-rw-chart] .apexcharts-canvas')].map(c => Math.round(c.getBoundingClientRect().height))");
                    Assert.All(heights, h => Assert.True(h >= 200, $"a chart is {h} px tall at 390 px"));
                }
                await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotDir, $"static-{name}-{width}-{(dark ? "dark" : "light")}.png"), FullPage = true });
                await context.CloseAsync();
            }
        }
    }

    [SqliteTheory]
    [MemberData(nameof(PublicPages))]
    public async Task MouseWheel_OverAnyChart_ScrollsThePage(string path)
    {
        var (page, problems) = await _f.NewPageAsync(1440);
        await page.GotoAsync(_f.BaseUrl + path);
        await page.WaitForFunctionAsync(AllChartsDrawn);
        var charts = page.Locator("[data-rw-chart]");
        var count = await charts.CountAsync();
        for (var i = 0; i < count; i++)
        {
            // The chart's middle at the top of the viewport, so the page has room to scroll below it.
            await charts.Nth(i).EvaluateAsync("e => { const r = e.getBoundingClientRect(); scrollTo(0, scrollY + r.top + r.height / 2 - 100); }");
            var box = (await charts.Nth(i).BoundingBoxAsync())!;
            await page.Mouse.MoveAsync(box.X + box.Width / 2, box.Y + box.Height / 2);
            var before = await page.EvaluateAsync<double>("scrollY");
            // At the bottom of the page the wheel goes up instead.
            var down = await page.EvaluateAsync<bool>("() => scrollY < document.documentElement.scrollHeight - innerHeight - 1");
            await page.Mouse.WheelAsync(0, down ? 300 : -300);
            var scrolled = await page.WaitForFunctionAsync(down ? "b => scrollY > b" : "b => scrollY < b", before, new() { Timeout = 3_000 })
                .ContinueWith(t => t.IsCompletedSuccessfully);
            Assert.True(scrolled, $"chart {i} of {path} took the mouse wheel: the page stayed at {before}");
        }
        Assert.Empty(problems);
    }

    [SqliteFact]
    public async Task ChartsScrolledIntoView_AreDrawnBeforeTheOnesScrolledPast()
    {
        var (page, problems) = await _f.NewPageAsync(1440);
        // The page's idle periods are held until the test has scrolled: a visitor quicker than the browser. (A CPU
        // slowed 6x did this by chance: once the draws got faster, the charts between the first screen and the bottom
        // were sometimes all drawn before the scroll, and there was nothing left to order.)
        await page.AddInitScriptAsync("""
            window.__rwHeld = [];
            const idle = window.requestIdleCallback.bind(window);
            window.requestIdleCallback = (f, o) => { window.__rwHeld?.push([f, o]) ?? idle(f, o); return 0; };
            """);
        await page.GotoAsync(_f.BaseUrl + "/", new() { WaitUntil = WaitUntilState.Commit });
        await page.WaitForFunctionAsync("() => performance.getEntriesByName('rw-first-screen-drawn').length > 0", null, new() { PollingInterval = 20 });
        // Straight to the bottom; two frames later (the visibility callback has run by then) note which charts are in
        // or near view and which are not, among those not drawn yet; then let the page's idle periods come.
        var state = await page.EvaluateAsync<JsonElement>("""
            async () => {
              scrollTo(0, document.documentElement.scrollHeight);
              await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
              const drawn = new Set(performance.getEntriesByName('rw-chart-drawn').map(m => m.detail.chart));
              const all = [...document.querySelectorAll('[data-rw-chart]')];
              const near = e => { const r = e.getBoundingClientRect(); return r.bottom > -innerHeight / 4 && r.top < innerHeight * 1.25; };
              const state = { near: all.map((e, i) => i).filter(i => !drawn.has(i) && near(all[i])), far: all.map((e, i) => i).filter(i => !drawn.has(i) && !near(all[i])) };
              const held = window.__rwHeld;
              window.__rwHeld = undefined;
              for (const [f, o] of held) requestIdleCallback(f, o);
              return state;
            }
            """);
        await page.WaitForFunctionAsync(AllChartsDrawn, null, new() { Timeout = 60_000 });
        var order = await page.EvaluateAsync<int[]>("() => performance.getEntriesByName('rw-chart-drawn').sort((a, b) => a.startTime - b.startTime).map(m => m.detail.chart)");
        var near = state.GetProperty("near").EnumerateArray().Select(x => x.GetInt32()).ToList();
        var far = state.GetProperty("far").EnumerateArray().Select(x => x.GetInt32()).ToList();
        Assert.NotEmpty(near);
        Assert.NotEmpty(far);
        Assert.True(near.Max(c => Array.IndexOf(order, c)) < far.Min(c => Array.IndexOf(order, c)),
            $"drawn in order {string.Join(",", order)}; in view at the bottom {string.Join(",", near)}, scrolled past {string.Join(",", far)}");
        Assert.Empty(problems);
    }

    /// <summary>
    /// The patches of the vendored apexcharts (wwwroot-assets/copy-assets.mjs), as the page runs them: every element a
    /// chart holds back until it is drawn is shown, each once (unpatched, each bar drawn re-set the class of every
    /// element shown before it: 98,596 times on /); no "rebuild" event is dispatched for the texts; x-axis labels
    /// are no longer each measured off-screen (unpatched: 238 measurements for 142 labels on /); no line of a text
    /// has its computed style read (unpatched: 606 forced style reads for 169 lines on /); and no rotated label is
    /// measured after another label of its axis was turned (unpatched: 162 on /, a forced layout each); and y-axis
    /// labels are no longer each measured against their maximum width (unpatched: 40 measurements for 28 labels on /);
    /// and no bar gets an empty group for goal markers it does not have (unpatched: 386 on /, one per bar).
    /// </summary>
    [SqliteTheory]
    [MemberData(nameof(PublicPages))]
    public async Task ChartDraw_PatchedApexcharts_SkipsWorkThatDrawsNothing(string path)
    {
        var (page, problems) = await _f.NewPageAsync(1440);
        await page.AddInitScriptAsync("""
            window.__rwRebuilds = 0;
            window.__rwShownAgain = 0;
            window.__rwMeasured = 0;
            window.__rwMeasuredTexts = [];
            // apexcharts measures a text by drawing it at x = -200 and reading its box.
            const box = SVGGraphicsElement.prototype.getBBox;
            SVGGraphicsElement.prototype.getBBox = function () {
              if (this.getAttribute("x") === "-200") { window.__rwMeasured++; window.__rwMeasuredTexts.push(this.textContent); }
              if (this.classList.contains("apexcharts-xaxis-label") && turned.has(this.parentNode)) window.__rwReadAfterTurn++;
              return box.call(this);
            };
            // svg.js dispatches on texts not yet in the page too, which no listener on the page would hear.
            const dispatch = EventTarget.prototype.dispatchEvent;
            EventTarget.prototype.dispatchEvent = function (e) {
              if (e.type === "rebuild") window.__rwRebuilds++;
              return dispatch.call(this, e);
            };
            window.__rwLineStyles = 0;
            const style = window.getComputedStyle;
            window.getComputedStyle = function (element, ...rest) {
              if (element instanceof SVGTSpanElement) window.__rwLineStyles++;
              return style.call(this, element, ...rest);
            };
            // A label's box read after a label beside it was turned: a forced layout per label.
            window.__rwReadAfterTurn = 0;
            const turned = new WeakSet();
            const set = Element.prototype.setAttribute;
            Element.prototype.setAttribute = function (name, value) {
              if (name === "transform" && this.classList?.contains("apexcharts-xaxis-label")) turned.add(this.parentNode);
              return set.call(this, name, value);
            };
            new MutationObserver((records) => {
              for (const r of records)
                if (r.oldValue?.includes("apexcharts-hidden-element-shown")) window.__rwShownAgain++;
            }).observe(document, { subtree: true, attributes: true, attributeFilter: ["class"], attributeOldValue: true });
            """);
        await page.GotoAsync(_f.BaseUrl + path);
        await page.WaitForFunctionAsync(AllChartsDrawn);
        var seen = await page.EvaluateAsync<JsonElement>("""
            () => ({
              rebuilds: window.__rwRebuilds,
              shown: document.querySelectorAll(".apexcharts-svg .apexcharts-hidden-element-shown").length,
              shownAgain: window.__rwShownAgain,
              stillHidden: document.querySelectorAll(".apexcharts-svg .apexcharts-element-hidden").length,
              measured: window.__rwMeasured,
              xLabels: document.querySelectorAll(".apexcharts-svg .apexcharts-xaxis-label").length,
              lineStyles: window.__rwLineStyles,
              lines: document.querySelectorAll(".apexcharts-svg tspan").length,
              turned: document.querySelectorAll(".apexcharts-svg .apexcharts-xaxis-label[transform^='rotate']").length,
              readAfterTurn: window.__rwReadAfterTurn,
              bars: document.querySelectorAll(".apexcharts-svg .apexcharts-bar-area").length,
              emptyGoalGroups: [...document.querySelectorAll(".apexcharts-svg .apexcharts-bar-goals-markers > g")].filter(g => g.childElementCount === 0).length,
              // Measurements of a y-axis label's text: the longest label of an axis is still measured for the axis'
              // width, but unpatched every label was measured once more.
              yLabels: document.querySelectorAll(".apexcharts-svg .apexcharts-yaxis-label tspan").length,
              yMeasured: (() => {
                const texts = new Set([...document.querySelectorAll(".apexcharts-svg .apexcharts-yaxis-label tspan")].map(e => e.textContent));
                return window.__rwMeasuredTexts.filter(t => texts.has(t)).length;
              })(),
            })
            """);
        Assert.True(seen.GetProperty("shown").GetInt32() > 0, $"no delayed element was shown on {path}: {seen}");
        Assert.True(seen.GetProperty("shownAgain").GetInt32() == 0, $"shown elements had their class set again on {path}: {seen}");
        Assert.True(seen.GetProperty("stillHidden").GetInt32() == 0, $"elements left hidden on {path}: {seen}");
        Assert.True(seen.GetProperty("rebuilds").GetInt32() == 0, $"rebuild events dispatched on {path}: {seen}");
        Assert.True(seen.GetProperty("measured").GetInt32() < seen.GetProperty("xLabels").GetInt32(), $"each x-axis label measured off-screen on {path}: {seen}");
        Assert.True(seen.GetProperty("lines").GetInt32() > 0 && seen.GetProperty("lineStyles").GetInt32() == 0, $"the style of lines of text read on {path}: {seen}");
        Assert.True(seen.GetProperty("turned").GetInt32() > 0 && seen.GetProperty("readAfterTurn").GetInt32() == 0, $"rotated labels measured after others were turned on {path}: {seen}");
        Assert.True(seen.GetProperty("bars").GetInt32() > 0 && seen.GetProperty("emptyGoalGroups").GetInt32() == 0, $"empty goal-marker groups on {path}: {seen}");
        Assert.True(seen.GetProperty("yLabels").GetInt32() > 0 && seen.GetProperty("yMeasured").GetInt32() < seen.GetProperty("yLabels").GetInt32(), $"each y-axis label measured off-screen on {path}: {seen}");
        Assert.Empty(problems);
    }

    /// <summary>
    /// A window resized across the phone breakpoint (ChartOptions' "responsive", 600 px) takes the phone options
    /// (the top-models chart's legend hidden, its height capped at 280 px) and gives them back when widened, from
    /// either side: the patched apexcharts skips rebuilding the wide configuration only while no phone one was applied.
    /// </summary>
    [SqliteTheory]
    [InlineData(1440, 390)]
    [InlineData(390, 1440)]
    public async Task Chart_ResizedAcrossThePhoneBreakpoint_TakesAndGivesBackThePhoneOptions(int first, int second)
    {
        var (page, problems) = await _f.NewPageAsync(first);
        await page.GotoAsync(_f.BaseUrl + "/");
        await page.WaitForFunctionAsync(AllChartsDrawn);
        const string state = """
            () => {
              const c = document.querySelector('[data-rw-chart]');
              return { height: +c.querySelector('.apexcharts-svg')?.getAttribute('height'), legend: c.querySelectorAll('.apexcharts-legend-series').length };
            }
            """;
        async Task<JsonElement> At(int width)
        {
            await page.SetViewportSizeAsync(width, 900);
            // apexcharts redraws 150 ms after a resize: until the legend is in the state the width calls for.
            await page.WaitForFunctionAsync($"() => ({state})().legend {(width < 600 ? "=== 0" : "> 0")}", null, new() { Timeout = 10_000 });
            return await page.EvaluateAsync<JsonElement>(state);
        }
        var states = new[] { await page.EvaluateAsync<JsonElement>(state), await At(second), await At(first) };
        var wide = states.Where((_, i) => (i == 1 ? second : first) >= 600).ToList();
        var narrow = states.Where((_, i) => (i == 1 ? second : first) < 600).ToList();
        Assert.All(wide, s => Assert.True(s.GetProperty("legend").GetInt32() > 5 && s.GetProperty("height").GetInt32() > 280, $"wide: {string.Join(" ", states)}"));
        Assert.All(narrow, s => Assert.True(s.GetProperty("legend").GetInt32() == 0 && s.GetProperty("height").GetInt32() is > 0 and <= 280, $"narrow: {string.Join(" ", states)}"));
        Assert.Single(wide.Select(s => s.GetProperty("height").GetInt32()).Distinct());
        Assert.Empty(problems);
    }

    /// <summary>
    /// A small app's share of all tokens (0.02-0.04%): its axis (and tooltip, the same formatter) reads 0.040%, not
    /// 0.0% at every tick, as one decimal gave. Shares of 0.1% and more keep one decimal.
    /// </summary>
    [SqliteFact]
    public async Task FractionAxis_SmallShares_ShowTheirDigits()
    {
        var (page, problems) = await _f.NewPageAsync(1440);
        await page.GotoAsync(_f.BaseUrl + "/account/login");
        var small = ChartOptions.Lines(["d1", "d2", "d3"], [("Share of all tokens", [0.0002, 0.0004, 0.0003])], "fraction");
        var large = ChartOptions.Lines(["d1", "d2", "d3"], [("Reasoning share of output", [0.25, 0.5, 0.4])], "fraction");
        await page.EvaluateAsync(@"async (json) => {
            const m = await import('/js/apexchart.js');
            for (const options of JSON.parse(json)) {
                const el = document.createElement('div');
                el.className = 'rw-test-chart';
                el.style.width = '600px';
                document.body.append(el);
                m.create(el, options);
            }
        }", new JsonArray(small, large).ToJsonString());
        await page.WaitForFunctionAsync("() => document.querySelectorAll('.rw-test-chart .apexcharts-yaxis-label').length > 0 && document.querySelectorAll('.rw-test-chart .apexcharts-svg').length === 2");
        var labels = await page.EvaluateAsync<string[][]>("() => [...document.querySelectorAll('.rw-test-chart')].map(c => [...c.querySelectorAll('.apexcharts-yaxis-label tspan')].map(t => t.textContent))");
        Assert.Contains("0.040%", labels[0]);
        Assert.Equal(labels[0].Length, labels[0].Distinct().Count());
        Assert.All(labels[1], l => Assert.Matches(@"^\d+\.\d%$", l));
        Assert.Empty(problems);
    }

    [SqliteFact]
    public async Task NarrowScreen_MenuReachesEveryPublicSection()
    {
        var (page, problems) = await _f.NewPageAsync(390);
        await page.GotoAsync(_f.BaseUrl + "/");
        Assert.False(await page.Locator(".rw-topnav").IsVisibleAsync());
        await page.Locator("[data-testid=menu] summary").ClickAsync();
        var links = await page.Locator("[data-testid=menu] a").EvaluateAllAsync<string[]>("a => a.map(x => x.getAttribute('href'))");
        Assert.Equal(["/", "/growth", "/models", "/authors", "/apps", "/categories", "/providers"], links);
        Assert.True(await page.Locator("[data-testid=menu] a[href='/models']").IsVisibleAsync());
        Assert.Empty(problems);
    }

    [SqliteFact]
    public async Task ThemeChoice_IsRemembered_AndAppliedBeforeFirstPaint()
    {
        var context = await _f.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1440, Height = 900 }, ColorScheme = ColorScheme.Light });
        var page = await context.NewPageAsync();
        await page.GotoAsync(_f.BaseUrl + "/");
        await page.WaitForFunctionAsync(AllChartsDrawn);
        await page.Locator("[data-rw-theme-toggle]").ClickAsync();
        await page.WaitForSelectorAsync(".apexcharts-theme-dark");
        // A new page load: dark from the first paint (the class is set by a blocking script in <head>).
        var darkAtParse = new List<bool>();
        await page.ExposeFunctionAsync("rwProbe", (bool d) => darkAtParse.Add(d));
        await page.AddInitScriptAsync("document.addEventListener('readystatechange', () => { if (document.readyState === 'interactive') window.rwProbe(document.documentElement.classList.contains('rw-dark')); });");
        await page.GotoAsync(_f.BaseUrl + "/authors/google");
        await page.WaitForFunctionAsync(AllChartsDrawn);
        Assert.Equal([true], darkAtParse);
        Assert.Equal(await page.Locator("[data-rw-chart]").CountAsync(), await page.Locator(".apexcharts-canvas.apexcharts-theme-dark").CountAsync());
        // The sign-in page follows it too.
        await page.GotoAsync(_f.BaseUrl + "/account/login");
        Assert.True(await page.EvaluateAsync<bool>("document.documentElement.classList.contains('rw-dark')"));
        await context.CloseAsync();
    }
}
