using Microsoft.Playwright;
using RankingsWeb.Tests.TestInfrastructure;

namespace RankingsWeb.Tests.Browser;

/// <summary>The app on a real Kestrel port with a small demo year, and Debian's Chromium driven by Playwright.</summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public static readonly string ScreenshotDir = RepoPaths.File("TestResults", "screenshots");

    public RankingsAppFactory App { get; } = new();
    public string BaseUrl { get; private set; } = "";
    public IPlaywright Playwright { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;

    /// <summary>false: the app starts empty and the test ingests its own records.</summary>
    public bool SeedDemoData { get; init; } = true;

    /// <summary>
    /// true: the browser goes through nginx (<see cref="NginxProxy"/>, the repository's site file) over https, and the
    /// app trusts it as its proxy; <see cref="BaseUrl"/> is the proxy's. Tests using it are [NginxFact].
    /// </summary>
    public bool BehindNginx { get; init; }

    public NginxProxy? Proxy { get; private set; }

    /// <summary>Set: the public cache on, for this many seconds (the shared factory turns it off).</summary>
    public int? PublicCacheSeconds { get; init; }

    /// <summary>
    /// false on PostgreSQL: every browser test is [SqliteFact] and skipped there, but xunit still builds class fixtures
    /// of skipped tests, so the fixture starts nothing.
    /// </summary>
    public static bool Runs => !TestProvider.IsPostgres;

    /// <summary>Behind nginx without nginx installed, the tests are skipped and the fixture starts nothing either.</summary>
    private bool Starts => Runs && !(BehindNginx && NginxProxy.Binary is null);

    public async Task InitializeAsync()
    {
        if (!Starts) return;
        if (BehindNginx) App.Settings["Rankings:ForwardedHeaders:KnownProxies"] = "127.0.0.1";
        App.Settings["Rankings:SeedDemoData"] = SeedDemoData ? "true" : "false";
        App.Settings["Rankings:DemoRecords"] = "40000";
        if (PublicCacheSeconds is { } seconds) App.Settings["Rankings:PublicCacheSeconds"] = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        App.UseKestrel(0);
        App.StartServer();
        BaseUrl = App.CreateClient().BaseAddress!.ToString().TrimEnd('/');
        if (BehindNginx)
        {
            Proxy = await NginxProxy.StartAsync(new Uri(BaseUrl).Port);
            BaseUrl = Proxy.HttpsUrl;
        }
        Directory.CreateDirectory(ScreenshotDir);
        Playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        Browser = await Playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
        });
    }

    public async Task DisposeAsync()
    {
        if (!Starts) return;
        if (Browser is not null) await Browser.DisposeAsync();
        Playwright?.Dispose();
        if (Proxy is not null) await Proxy.DisposeAsync();
        await App.DisposeAsync();
    }

    /// <summary>A page that records console errors and failed requests, for the test to assert on.</summary>
    public async Task<(IPage Page, List<string> Problems)> NewPageAsync(int width, int height = 900)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = width, Height = height },
            AcceptDownloads = true,
            IgnoreHTTPSErrors = BehindNginx, // the proxy's certificate is a throwaway self-signed one
        });
        var page = await context.NewPageAsync();
        var problems = new List<string>();
        page.Console += (_, m) => { if (m.Type == "error") problems.Add("console: " + m.Text); };
        page.PageError += (_, e) => problems.Add("page error: " + e);
        page.RequestFailed += (_, r) =>
        {
            // Enhanced navigation fetches pages; one overtaken by the next navigation (or a test's next step) is aborted.
            if (r.ResourceType == "fetch" && r.Failure == "net::ERR_ABORTED") return;
            problems.Add($"request failed: {r.Url} {r.Failure}");
        };
        page.Response += (_, r) => { if (r.Status >= 400 && !r.Url.Contains("/does-not-exist")) problems.Add($"HTTP {r.Status}: {r.Url}"); };
        return (page, problems);
    }

    /// <summary>Opens a protected page as the admin: the sign-in form, then back to the page it asked for.</summary>
    public async Task<(IPage Page, List<string> Problems)> SignedInPageAsync(string path, int width = 1440)
    {
        var (page, problems) = await NewPageAsync(width);
        await page.GotoAsync(BaseUrl + path);
        await page.WaitForURLAsync("**/account/login?**");
        await page.FillAsync("#email", RankingsAppFactory.AdminEmail);
        await page.FillAsync("#password", RankingsAppFactory.AdminPassword);
        await page.ClickAsync("[data-testid=sign-in]");
        await page.WaitForURLAsync("**" + path.Split('?')[0] + "*");
        return (page, problems);
    }
}
