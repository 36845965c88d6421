// Real browser visits for scripts/load.sh: Debian's Chromium driven by Playwright opens a page N times, each in a fresh
// context (so a fresh circuit, cookies and cache, like a new visitor), and waits until every chart on it is drawn.
// The server's CPU time (utime+stime from /proc/PID/stat) is read right before and after the visits, so neither this
// program's start-up nor the browser's launch is counted; the server's idle CPU over as long a pause is subtracted.
// Usage: Visits URL VISITS SERVER_PID CLK_TCK. Prints key=value lines.
using System.Diagnostics;
using Microsoft.Playwright;

var url = args[0];
var visits = int.Parse(args[1]);
var pid = int.Parse(args[2]);
var ticksPerSecond = double.Parse(args[3]); // getconf CLK_TCK
// The charts the visitor sees without scrolling (those in the 1440x900 viewport), and every chart on the page.
const string screenDrawn = "() => { const c = [...document.querySelectorAll('.rw-chart')].filter(e => { const r = e.getBoundingClientRect(); return r.bottom > 0 && r.top < innerHeight; }); return c.length > 0 && c.every(e => e.querySelector('.apexcharts-svg')); }";
// The page marks the frame that paints its first screen's charts (performance.mark "rw-first-screen-drawn", set by
// apexchart.js): its time is the moment as the page itself sees it, from navigation start, free of this program's
// round-trips. Waiting for it costs the page nothing; polling for the charts themselves, as this program did before,
// forced a style and layout pass on the page every 10 ms while it was being parsed and drawn.
const string firstScreenMark = "() => performance.getEntriesByName('rw-first-screen-drawn').length > 0";
const string firstScreenMarkTime = "() => performance.getEntriesByName('rw-first-screen-drawn')[0].startTime";
const string allDrawn = "() => { const c = [...document.querySelectorAll('.rw-chart')]; return c.length > 0 && c.every(e => e.querySelector('.apexcharts-svg')); }";
// The frame that paints the last chart, as the page sees it (the chart's first "rw-chart-drawn" mark; each is set in
// the animation frame after its draw): the same clock as the first screen's mark. Waited for once every chart has a mark.
const string allMarked = "() => new Set(performance.getEntriesByName('rw-chart-drawn').map(m => m.detail.chart)).size >= document.querySelectorAll('[data-rw-chart]').length";
const string allMarkedTime = "() => { const d = {}; for (const m of performance.getEntriesByName('rw-chart-drawn')) d[m.detail.chart] ??= m.startTime; return Math.max(...Object.values(d)); }";

// The requests of the first warm-up visit, while it is being recorded.
List<(string Url, Dictionary<string, string> Headers)>? recordRequests = null;

using var playwright = await Playwright.CreateAsync();
await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
{
    ExecutablePath = "/usr/bin/chromium",
    Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
});

// The renderer's main-thread time per visit by kind (Chrome's Performance domain: script, style recalculation, layout,
// all tasks), in ms. Busy time, not wall time, so a loaded machine moves it far less than the times to the charts.
var busy = new Dictionary<string, List<double>>();

// A settled visit waits a second after opening its tab before it navigates. A fresh context starts the browser's
// processes for its tab (for a trivial page a renderer's main thread used 388 ms of CPU, most of it starting), and on
// these 2 cores that start-up ran beside the page: the same visits of / painted their last chart at a median of
// 567-614 ms settled against 778-782 ms not (docs/performance.md, ninth pass). A visitor's browser has its processes
// running before the click; the targets are judged on settled visits, and visits that navigate at once are measured
// beside them, alternated, and reported.
async Task<(double FirstScreen, double AllCharts, double Painted, double AllPainted)?> Visit(bool settle = true)
{
    await using var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1440, Height = 900 } });
    var page = await context.NewPageAsync();
    if (settle) await Task.Delay(1000);
    if (recordRequests is { } record) page.Request += (_, r) => record.Add((r.Url, r.Headers.ToDictionary()));
    var cdp = await context.NewCDPSessionAsync(page);
    await cdp.SendAsync("Performance.enable");
    var sw = Stopwatch.StartNew();
    try
    {
        // Not waiting for the load event: it comes after the deferred scripts (Blazor's, MudBlazor's), which the
        // first screen's charts do not wait for, and waiting for it made the wall time a time to the load event.
        await page.GotoAsync(url, new() { WaitUntil = WaitUntilState.Commit });
        await page.WaitForFunctionAsync(firstScreenMark, null, new() { Timeout = 20_000, PollingInterval = 10 });
        var first = sw.Elapsed.TotalMilliseconds;
        if (!await page.EvaluateAsync<bool>(screenDrawn)) throw new TimeoutException("marked, but a chart in the first screen is not drawn");
        await page.WaitForFunctionAsync(allDrawn, null, new() { Timeout = 20_000 });
        var all = sw.Elapsed.TotalMilliseconds;
        var painted = await page.EvaluateAsync<double>(firstScreenMarkTime);
        await page.WaitForFunctionAsync(allMarked, null, new() { Timeout = 20_000 });
        var allPainted = await page.EvaluateAsync<double>(allMarkedTime);
        var metrics = await cdp.SendAsync("Performance.getMetrics");
        foreach (var m in metrics!.Value.GetProperty("metrics").EnumerateArray())
        {
            var name = m.GetProperty("name").GetString()!;
            // ThreadTime is the main thread's CPU time, ProcessTime the renderer's: what other work on the machine
            // moves least (the durations are wall time while a task runs, and grow when the thread is descheduled).
            if (settle && name is "ScriptDuration" or "RecalcStyleDuration" or "LayoutDuration" or "TaskDuration" or "ThreadTime" or "ProcessTime")
                (busy.TryGetValue(name, out var l) ? l : busy[name] = []).Add(m.GetProperty("value").GetDouble() * 1000);
        }
        return (first, all, painted, allPainted);
    }
    catch (TimeoutException) { return null; }
}

// A visitor who starts scrolling the moment the first screen is painted, one screen every 250 ms (a quick flick
// through the page), to the bottom. The page notes when each chart came into view (an IntersectionObserver this
// program adds) and when it was painted (apexchart.js marks "rw-chart-drawn"); returns, per chart seen, how long it
// was in view undrawn (0 if it was drawn before it came into view).
const string seenObserver = """
    window.rwSeen = {};
    document.addEventListener('DOMContentLoaded', () => {
      const all = [...document.querySelectorAll('[data-rw-chart]')];
      const io = new IntersectionObserver(es => { for (const e of es) if (e.isIntersecting) window.rwSeen[all.indexOf(e.target)] ??= e.time; });
      all.forEach(e => io.observe(e));
    });
    """;
const string seenUndrawn = """
    () => {
      const drawn = {};
      for (const m of performance.getEntriesByName('rw-chart-drawn')) drawn[m.detail.chart] ??= m.startTime;
      return Object.entries(window.rwSeen).map(([c, t]) => Math.max(0, (drawn[c] ?? performance.now()) - t));
    }
    """;
async Task<double[]?> ScrollingVisit()
{
    await using var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1440, Height = 900 } });
    var page = await context.NewPageAsync();
    await Task.Delay(1000); // settled, as Visit's judged visits are
    await page.AddInitScriptAsync(seenObserver);
    try
    {
        await page.GotoAsync(url, new() { WaitUntil = WaitUntilState.Commit });
        await page.WaitForFunctionAsync(firstScreenMark, null, new() { Timeout = 20_000, PollingInterval = 10 });
        await page.Mouse.MoveAsync(720, 450);
        // At most 40 screens: a page that stops scrolling (a chart that takes the wheel did) counts as a failed visit.
        for (var screens = 0; await page.EvaluateAsync<bool>("() => scrollY + innerHeight < document.documentElement.scrollHeight - 1"); screens++)
        {
            if (screens == 40) return null;
            await page.Mouse.WheelAsync(0, 900);
            await Task.Delay(250);
        }
        await page.WaitForFunctionAsync(allDrawn, null, new() { Timeout = 20_000 });
        return await page.EvaluateAsync<double[]>(seenUndrawn);
    }
    catch (TimeoutException) { return null; }
}

// Warm-up, not counted: the browser's own start, and the server's JIT. A method is recompiled optimised only after
// about 30 calls (twice, with dynamic PGO), on a thread of its own: after 10 browser visits that thread still took
// 25 ms of CPU per measured visit, a cost a server read by crowds pays once. So every request of one visit is replayed
// 60 times first, with the browser's own headers, each on a new connection as the browser's were; and the page is
// rendered 40 times (a query parameter it ignores makes each a cache miss), as a server that has been rendering its
// pages once a minute per cache entry has done, since the visits themselves are answered from the cache.
var firstVisit = new List<(string Url, Dictionary<string, string> Headers)>();
recordRequests = firstVisit;
await Visit();
recordRequests = null;
using (var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.Zero, AutomaticDecompression = System.Net.DecompressionMethods.None }))
{
    for (var round = 0; round < 60; round++)
    {
        foreach (var (requestUrl, headers) in firstVisit)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, requestUrl);
            foreach (var (name, value) in headers)
                if (!name.StartsWith(':') && name is not ("host" or "connection")) request.Headers.TryAddWithoutValidation(name, value);
            using var response = await http.SendAsync(request);
            await response.Content.CopyToAsync(Stream.Null);
        }
    }
    for (var render = 0; render < 40; render++)
        await http.GetStringAsync($"{url}{(url.Contains('?') ? '&' : '?')}rw-warm-up={render}");
}
for (var i = 0; i < 10; i++) await Visit();
// Then browser visits until the JIT is done: no tiered-compilation thread started or busy over 35 s of visits (the
// runtime stops that thread when it has nothing to do and starts another on demand); no window starts after 5
// minutes. The window spans the server's periodic work (the safety-net fold every 30 s, a cached page renewed after a
// fold), whose methods reach the JIT's call count slowly: over three visits (5 s) the thread was seen quiet, then
// compiled again for 12.5 ms a visit during the measured ones.
var warmUp = Stopwatch.StartNew();
var jitQuiet = false;
while (!jitQuiet && warmUp.Elapsed < TimeSpan.FromMinutes(5))
{
    var before = TieredCompilationTicks(pid);
    var window = Stopwatch.StartNew();
    while (window.Elapsed < TimeSpan.FromSeconds(35)) await Visit();
    var after = TieredCompilationTicks(pid);
    jitQuiet = after.All(t => before.TryGetValue(t.Key, out var ticks) && ticks == t.Value);
}

// The server's background work (Hangfire's queue and schedule polling, the safety-net fold every 30 s, requests still
// queued from a load just before) costs 9-17 ms/s on an idle server here, over a 2 s visit as much as the target.
// Wait, up to a minute, until a 3 s window is quiet, then take the idle rate over 30 s before the visits and 30 s
// after them, and subtract their mean. 30 s is the safety net's period: each window holds one of its folds, where a
// 15 s window held one or none.
var quietWait = Stopwatch.StartNew();
while (await IdleRate(3) > 50 && quietWait.Elapsed < TimeSpan.FromMinutes(1)) { }
var idleBefore = await IdleRate(30);

busy.Clear(); // the warm-up's
var threadsStart = ThreadTicks(pid);
var cpuStart = CpuMs(pid);
var clock = Stopwatch.StartNew();
var first = new List<double>();
var all = new List<double>();
var painted = new List<double>();
var allPainted = new List<double>();
var freshPainted = new List<double>();
var freshAllPainted = new List<double>();
for (var i = 0; i < visits; i++)
{
    if (await Visit() is { } t) { first.Add(t.FirstScreen); all.Add(t.AllCharts); if (!double.IsNaN(t.Painted)) painted.Add(t.Painted); allPainted.Add(t.AllPainted); }
    if (await Visit(settle: false) is { } f) { if (!double.IsNaN(f.Painted)) freshPainted.Add(f.Painted); freshAllPainted.Add(f.AllPainted); }
}
var cpu = CpuMs(pid) - cpuStart;
var wall = clock.Elapsed.TotalSeconds;
var threadsEnd = ThreadTicks(pid);
var idleAfter = await IdleRate(30);
// Then the scrolling visitors (not in the CPU figure: the same requests, and the idle rate is taken by now).
var worstUndrawn = new List<double>();
var chartsSeen = 0;
var chartsSeenUndrawn = 0;
for (var i = 0; i < visits; i++)
{
    if (await ScrollingVisit() is not { } undrawn) continue;
    worstUndrawn.Add(undrawn.DefaultIfEmpty(0).Max());
    chartsSeen += undrawn.Length;
    chartsSeenUndrawn += undrawn.Count(ms => ms > 0);
}
var idleMsPerSecond = (idleBefore + idleAfter) / 2;
var net = Math.Max(0, cpu - idleMsPerSecond * wall);

Console.WriteLine($"visits={visits}");
Console.WriteLine($"jit_quiet_before_visits={(jitQuiet ? 1 : 0)}");
Console.WriteLine($"jit_warm_up_s={warmUp.Elapsed.TotalSeconds:F0}");
Console.WriteLine($"drawn={all.Count}");
// Both kinds of visit make the same requests: the server's CPU is shared over all of them.
Console.WriteLine($"cpu_ms_per_visit={net / (2 * visits):F1}");
Console.WriteLine($"cpu_ms_per_visit_raw={cpu / (2 * visits):F1}");
Console.WriteLine($"idle_cpu_ms_per_s={idleMsPerSecond:F1}");
Console.WriteLine($"idle_cpu_ms_per_s_before={idleBefore:F1}");
Console.WriteLine($"idle_cpu_ms_per_s_after={idleAfter:F1}");
Console.WriteLine($"first_screen_ms_median={Pct(first, 0.5):F0}");
Console.WriteLine($"first_screen_ms_p95={Pct(first, 0.95):F0}");
Console.WriteLine($"first_screen_painted_ms_median={Pct(painted, 0.5):F0}");
Console.WriteLine($"first_screen_painted_ms_p95={Pct(painted, 0.95):F0}");
Console.WriteLine($"all_charts_ms_median={Pct(all, 0.5):F0}");
Console.WriteLine($"all_charts_ms_p95={Pct(all, 0.95):F0}");
Console.WriteLine($"all_charts_painted_ms_median={Pct(allPainted, 0.5):F0}");
Console.WriteLine($"all_charts_painted_ms_p95={Pct(allPainted, 0.95):F0}");
Console.WriteLine($"fresh_drawn={freshAllPainted.Count}");
Console.WriteLine($"fresh_first_screen_painted_ms_median={Pct(freshPainted, 0.5):F0}");
Console.WriteLine($"fresh_first_screen_painted_ms_p95={Pct(freshPainted, 0.95):F0}");
Console.WriteLine($"fresh_all_charts_painted_ms_median={Pct(freshAllPainted, 0.5):F0}");
Console.WriteLine($"fresh_all_charts_painted_ms_p95={Pct(freshAllPainted, 0.95):F0}");
Console.WriteLine($"scrolling_visits={worstUndrawn.Count}");
Console.WriteLine($"scrolling_charts_seen={chartsSeen}");
Console.WriteLine($"scrolling_charts_seen_undrawn={chartsSeenUndrawn}");
Console.WriteLine($"scrolling_longest_undrawn_ms_median={Pct(worstUndrawn, 0.5):F0}");
Console.WriteLine($"scrolling_longest_undrawn_ms_p95={Pct(worstUndrawn, 0.95):F0}");
// Where the raw figure went, by kind of thread (the name without its number: ".NET TP Worker", ".NET Timer", Hangfire's
// "Worker #1"…), in ms per visit, idle share included: what to look at when the figure moves between runs.
// A thread that ended during the visits (the pool retires idle workers) is gone from /proc with its ticks: what the
// live threads do not account for is shown as such.
var byKind = threadsEnd
    .Select(t => (Kind: System.Text.RegularExpressions.Regex.Replace(t.Value.Name, @"[\s#]*\d+$", ""), Ticks: t.Value.Ticks - (threadsStart.TryGetValue(t.Key, out var s) ? s.Ticks : 0)))
    .GroupBy(t => t.Kind, t => t.Ticks).Select(g => (Kind: g.Key, Ms: g.Sum() * 1000.0 / ticksPerSecond)).ToList();
byKind.Add(("threads that ended", cpu - byKind.Sum(k => k.Ms)));
foreach (var (kind, ms) in byKind.Where(k => k.Ms > 0).OrderByDescending(k => k.Ms))
    Console.WriteLine($"cpu_ms_per_visit_raw[{kind}]={ms / (2 * visits):F1}");
foreach (var (name, values) in busy.OrderBy(kv => kv.Key))
    Console.WriteLine($"renderer_{name.Replace("Duration", "").ToLowerInvariant()}_ms_median={Pct(values, 0.5):F0}");

async Task<double> IdleRate(int seconds)
{
    var start = CpuMs(pid);
    var clock = Stopwatch.StartNew();
    await Task.Delay(TimeSpan.FromSeconds(seconds));
    return (CpuMs(pid) - start) / clock.Elapsed.TotalSeconds;
}

double CpuMs(int pid) => CpuTicks($"/proc/{pid}/stat") * 1000.0 / ticksPerSecond;

// utime + stime of a process or thread: fields 14 and 15 of its stat file (counted after the parenthesised command
// name), in clock ticks.
static long CpuTicks(string statFile)
{
    var fields = File.ReadAllText(statFile).Split(')')[^1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
    return long.Parse(fields[11]) + long.Parse(fields[12]);
}

// The runtime's tiered-compilation threads (".NET Tiered Compilation Worker", cut to 15 characters) and their CPU ticks.
static Dictionary<string, long> TieredCompilationTicks(int pid) =>
    ThreadTicks(pid).Where(t => t.Value.Name.StartsWith(".NET Tiered", StringComparison.Ordinal)).ToDictionary(t => t.Key, t => t.Value.Ticks);

// Every thread of the server: its id, name (comm, cut to 15 characters by the kernel) and CPU ticks.
static Dictionary<string, (string Name, long Ticks)> ThreadTicks(int pid)
{
    var threads = new Dictionary<string, (string, long)>();
    foreach (var task in Directory.GetDirectories($"/proc/{pid}/task"))
    {
        try
        {
            threads[Path.GetFileName(task)] = (File.ReadAllText(Path.Combine(task, "comm")).Trim(), CpuTicks(Path.Combine(task, "stat")));
        }
        catch (IOException) { } // the thread ended while being read
    }
    return threads;
}

static double Pct(List<double> xs, double p)
{
    if (xs.Count == 0) return double.NaN;
    var s = xs.Order().ToList();
    return s[Math.Min(s.Count - 1, (int)Math.Ceiling(p * s.Count) - 1)];
}
