using System.Net;
using RankingsWeb.Auth;
using RankingsWeb.Components.Shared;
using RankingsWeb.Data.Queries;
using RankingsWeb.Tests.TestInfrastructure;
using Xunit.Abstractions;

namespace RankingsWeb.Tests.Web.Pages;

/// <summary>
/// Pages take the API's window bounds: a window outside years 1..9999, longer than 20 years, or whose previous
/// window falls outside answers 400 with the reason, and a long valid window draws a bounded number of buckets.
/// </summary>
public class PageWindowTests : IClassFixture<PageWindowTests.LoadedApp>
{
    public sealed class LoadedApp : RankingsAppFactory, IAsyncLifetime
    {
        public static readonly DateOnly LastDay = new(2026, 11, 20);
        public HttpClient Analyst { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            var records = RecordMaker.Make(300, LastDay, 30, seed: 9);
            var client = IngestClient();
            await client.PostNdjsonAsync(TestRecord.Ndjson(records));
            await client.WaitForPendingZeroAsync(records.Count);
            await this.CreateUserAsync("windows@rankings.test", "windows-password-1", Roles.Analyst);
            Analyst = await this.SignedInAsync("windows@rankings.test", "windows-password-1");
        }

        Task IAsyncLifetime.DisposeAsync() => Task.CompletedTask;
    }

    private readonly LoadedApp _app;
    private readonly ITestOutputHelper _output;

    public PageWindowTests(LoadedApp app, ITestOutputHelper output)
    {
        _app = app;
        _output = output;
    }

    private static readonly string[] Pages =
    [
        "/", "/models/openai/gpt-5", "/authors/openai", "/apps/cline.bot", "/categories/programming", "/providers/amazon-bedrock",
        "/models", "/authors", "/apps", "/categories", "/providers",
    ];

    public static TheoryData<string, string> BadWindows()
    {
        var data = new TheoryData<string, string>();
        foreach (var page in Pages)
        {
            data.Add(page + "?period=year&as_of=0001-01-01", "outside years 1..9999");
            data.Add(page + "?as_of=9999-12-31", "outside years 1..9999");
            data.Add(page + "?from=0001-01-01&to=9999-12-31", "longer than 20 years");
            data.Add(page + "?from=0001-01-01&to=0001-01-08", "previous window");
            data.Add(page + "?period=fortnight", "period must be one of");
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(BadWindows))]
    public async Task Pages_BadWindow_400WithTheReason(string url, string message)
    {
        using var response = await _app.CreateClient().GetAsync(url);
        var body = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{url}: {(int)response.StatusCode}\n{Cut(body)}");
        Assert.Contains(message, body);
        Assert.DoesNotContain("data-testid=\"summary\"", body);
        // No period is marked chosen: the page fell back to the default, not to what was asked (found by an outsider).
        var periods = System.Text.RegularExpressions.Regex.Match(body, "<nav class=\"rw-periods\" aria-label=\"Period\">(.*?)</nav>",
            System.Text.RegularExpressions.RegexOptions.Singleline);
        Assert.True(periods.Success, $"{url}: no period selector");
        Assert.DoesNotContain("rw-period-active", periods.Value);
        Assert.DoesNotContain("aria-pressed=\"true\"", periods.Value);
    }

    public static TheoryData<string> RangeFormPages() => [.. Pages, "/growth"];

    /// <summary>
    /// The range form sends an inclusive "until": every page with it answers a redirect to the canonical exclusive
    /// "to", then the window. The index pages ignored "until" and answered 400 "to must be a date". The others went on
    /// loading after asking for the redirect (navigation does not throw here): when nothing they awaited yielded first
    /// (the published build, its data range memoised), they set 400 over it, and a full page load got a 400 page with
    /// the redirect's Location; here the query yields and they passed before the fix.
    /// </summary>
    [Theory]
    [MemberData(nameof(RangeFormPages))]
    public async Task Pages_RangeFormsInclusiveUntil_RedirectToTheCanonicalTo(string page)
    {
        using var client = _app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var response = await client.GetAsync(page + "?from=2026-11-10&until=2026-11-16");
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{page}: {(int)response.StatusCode}\n{Cut(await response.Content.ReadAsStringAsync())}");
        var location = response.Headers.Location!.ToString();
        Assert.EndsWith(page + "?from=2026-11-10&to=2026-11-17", location);
        using var landed = await client.GetAsync(location);
        Assert.Equal(HttpStatusCode.OK, landed.StatusCode);
    }

    /// <summary>The explorer's range form too: it ignored "until" and answered 400 "to must be a date".</summary>
    [Fact]
    public async Task Explorer_RangeFormsInclusiveUntil_LandsOnTheCanonicalTo()
    {
        using var response = await _app.Analyst.GetAsync("/analytics?from=2026-11-10&until=2026-11-16");
        var landed = response.StatusCode == HttpStatusCode.Redirect ? response.Headers.Location!.ToString() : response.RequestMessage!.RequestUri!.ToString();
        Assert.True(landed.EndsWith("/analytics?from=2026-11-10&to=2026-11-17", StringComparison.Ordinal), $"{(int)response.StatusCode} at {landed}");
    }

    [Theory]
    [InlineData("/analytics?from=0001-01-01&to=9999-12-31", "longer than 20 years")]
    [InlineData("/analytics?period=year&as_of=0001-01-01", "outside years 1..9999")]
    [InlineData("/analytics?from=2006-11-21&to=2026-11-21&interval=day", "buckets")]
    [InlineData("/analytics/export?from=0001-01-01&to=9999-12-31&interval=day", "longer than 20 years")]
    [InlineData("/analytics/export?from=2006-11-21&to=2026-11-21&interval=day", "buckets")]
    [InlineData("/analytics/export?as_of=9999-12-31", "outside years 1..9999")]
    public async Task Explorer_BadWindow_400WithTheReason(string url, string message)
    {
        using var response = await _app.Analyst.GetAsync(url);
        var body = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{url}: {(int)response.StatusCode}\n{Cut(body)}");
        Assert.Contains(message, body);
    }

    [Theory]
    [InlineData("/?from=2006-11-21&to=2026-11-21")]
    [InlineData("/?period=all")]
    [InlineData("/models/openai/gpt-5?from=2006-11-21&to=2026-11-21")]
    [InlineData("/?from=9999-12-01&to=9999-12-31")]
    [InlineData("/?from=0001-01-08&to=0001-01-15")]
    [InlineData("/apps/cline.bot?period=year&as_of=9999-12-30")]
    public async Task Pages_LongOrEdgeWindowInsideTheBounds_200(string url)
    {
        using var response = await _app.CreateClient().GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode}\n{Cut(body)}");
    }

    [Theory]
    [InlineData("2006-11-21", "2026-11-21")]
    [InlineData("2025-11-21", "2026-11-21")]
    [InlineData("2026-08-21", "2026-11-21")]
    [InlineData("9980-01-01", "9999-12-31")]
    [InlineData("0001-01-08", "0001-01-15")]
    public void ViewWindow_AnyValidWindow_ChartBucketsBounded(string from, string to)
    {
        var first = Days.FromDate(new DateOnly(2026, 10, 1));
        var latest = Days.FromDate(LoadedApp.LastDay);
        var view = ViewWindow.Resolve(null, from, to, null, first, latest, TimeProvider.System);
        Assert.Null(view.Error);
        var buckets = EntityQueries.Buckets(view.ChartWindow, view.Interval);
        Assert.InRange(buckets.Count, 1, 250);
    }

    /// <summary>The absurd window of the report: it took over 1.5 GB per request. Memory, not time, is asserted.</summary>
    [Theory]
    [InlineData("/?from=0001-01-01&to=9999-12-31")]
    [InlineData("/?from=2006-11-21&to=2026-11-21")]
    [InlineData("/models/openai/gpt-5?from=2006-11-21&to=2026-11-21")]
    public async Task Pages_AbsurdOrLongWindow_FewMegabytesPerRequest(string url)
    {
        var client = _app.CreateClient();
        (await client.GetAsync("/")).Dispose(); // warm: first-render costs are not the window's
        var before = GC.GetTotalAllocatedBytes(precise: true);
        using var response = await client.GetAsync(url);
        await response.Content.ReadAsStringAsync();
        var megabytes = (GC.GetTotalAllocatedBytes(precise: true) - before) / 1024.0 / 1024.0;
        _output.WriteLine($"{url}: {(int)response.StatusCode}, {megabytes:F1} MB allocated");
        Assert.True(megabytes < 48, $"{url} allocated {megabytes:F1} MB");
    }

    [Theory]
    [InlineData("/analytics?app=a%00b")]
    [InlineData("/analytics?model=%01")]
    [InlineData("/analytics?variant=x%7F")]
    [InlineData("/analytics/export?category=a%00b")]
    public async Task Explorer_FilterWithControlCharacter_400WithMessage(string url)
    {
        using var response = await _app.Analyst.GetAsync(url);
        var body = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{url}: {(int)response.StatusCode}\n{(body.Length > 3000 ? body[..3000] : body)}");
        Assert.Contains("control character", body);
    }

    private static string Cut(string body) => body.Length > 3000 ? body[..3000] : body;
}
