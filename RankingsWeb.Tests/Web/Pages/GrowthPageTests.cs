using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using RankingsWeb.Components.Pages.Growth;
using RankingsWeb.Components.Shared;
using RankingsWeb.Data.Ingestion;
using RankingsWeb.Tests.TestInfrastructure;

namespace RankingsWeb.Tests.Web.Pages;

/// <summary>
/// /growth over real HTTP against figures made here from the records: every driver row's change, the rows adding up
/// to the total (Others and the records with no key included), the headline, no unlisted app anywhere, the bounds.
/// </summary>
public sealed partial class GrowthPageTests : IClassFixture<GrowthPageTests.LoadedApp>
{
    public sealed class LoadedApp : RankingsAppFactory, IAsyncLifetime
    {
        public static readonly DateOnly LastDay = new(2026, 11, 20);
        public const string Window = "period=week&as_of=2026-11-20";
        public const string HiddenUrl = "https://secret-otter.example/", HiddenKey = "secret-otter.example", HiddenTitle = "Hidden Otter App";

        public List<TestRecord> Records { get; } = [];

        public async Task InitializeAsync()
        {
            UseKestrel(0);
            StartServer();
            Records.AddRange(RecordMaker.Make(900, LastDay, 14, seed: 77));
            var at = new DateTimeOffset(LastDay.ToDateTime(new TimeOnly(10, 0)), TimeSpan.Zero);
            Records.AddRange(
            [
                new("h1", at, "openai/gpt-5", 500_000, 9_000, AppUrl: HiddenUrl, AppTitle: HiddenTitle, Category: "programming"),
                new("h2", at.AddDays(-8), "openai/gpt-5", 100_000, 1_000, AppUrl: HiddenUrl, AppTitle: HiddenTitle),
                new("n1", at, "mistralai/brand-new-model", 70_000, 700, Provider: "Mistral"), // new this week
                new("g1", at.AddDays(-9), "meta-llama/old-model", 40_000, 400), // gone this week
                new("t1", at.AddHours(1), "anthropic/claude-sonnet-4", 900_000, 9_000, Category: "programming", Requests: 30, ToolCalls: 95), // an agent's aggregate
                new("t2", at.AddDays(-8), "anthropic/claude-sonnet-4", 300_000, 3_000, Category: "programming", Requests: 20, ToolCalls: 7),
            ]);
            var client = IngestClient();
            await client.PostNdjsonAsync(TestRecord.Ndjson(Records));
            await client.WaitForPendingZeroAsync(Records.Count);
            using var request = new HttpRequestMessage(HttpMethod.Put, "/api/v1/admin/apps/" + HiddenKey)
            {
                Content = new StringContent("{\"listed\":false}", Encoding.UTF8, "application/json"),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);
            using var response = await CreateClient().SendAsync(request);
            Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        }

        Task IAsyncLifetime.DisposeAsync() => Task.CompletedTask;

        private static int DayOf(TestRecord r) => DateOnly.FromDateTime(r.CreatedAt.UtcDateTime).DayNumber;

        public IEnumerable<TestRecord> ThisWeek() => Records.Where(r => DayOf(r) > LastDay.AddDays(-7).DayNumber && DayOf(r) <= LastDay.DayNumber);

        public IEnumerable<TestRecord> WeekBefore() => Records.Where(r => DayOf(r) > LastDay.AddDays(-14).DayNumber && DayOf(r) <= LastDay.AddDays(-7).DayNumber);
    }

    private readonly LoadedApp _app;

    public GrowthPageTests(LoadedApp app) => _app = app;

    private static string? KeyOf(string dimension, TestRecord r) => r.KeyIn(dimension);

    private async Task<(HttpStatusCode Status, string Html)> GetAsync(string url)
    {
        using var response = await _app.CreateClient().GetAsync(url);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>The drivers table's rows: key → change in tokens, as the page writes them in data attributes.</summary>
    private static Dictionary<string, long> DriverRows(string html)
    {
        var table = DriversTable().Match(html);
        Assert.True(table.Success, "no drivers table");
        return DriverRow().Matches(table.Value).ToDictionary(m => WebUtility.HtmlDecode(m.Groups["key"].Value), m => long.Parse(m.Groups["delta"].Value, CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("models")]
    [InlineData("authors")]
    [InlineData("apps")]
    [InlineData("categories")]
    [InlineData("providers")]
    [InlineData("variants")]
    public async Task Drivers_EachRowsChange_AndTheRowsAddUpToTheTotal(string by)
    {
        var (status, html) = await GetAsync($"/growth?{LoadedApp.Window}&by={by}");
        Assert.Equal(HttpStatusCode.OK, status);
        var rows = DriverRows(html);

        // Records of the unlisted app count as unattributed: in the total, in no app's row.
        string? Key(TestRecord r) => by == "apps" && r.AppUrl == LoadedApp.HiddenUrl ? null : KeyOf(by, r);
        var now = _app.ThisWeek().ToList();
        var before = _app.WeekBefore().ToList();
        var totalDelta = now.Sum(r => r.Tokens) - before.Sum(r => r.Tokens);
        Assert.Equal(totalDelta, rows["total"]);
        var expected = now.Concat(before).Select(Key).OfType<string>().Distinct()
            .ToDictionary(k => k, k => now.Where(r => Key(r) == k).Sum(r => r.Tokens) - before.Where(r => Key(r) == k).Sum(r => r.Tokens));
        foreach (var (key, delta) in rows.Where(kv => kv.Key is not ("total" or "others" or "(none)")))
            Assert.True(expected[key] == delta, $"{by} {key}: page says {delta}, records say {expected[key]}");
        var listed = rows.Keys.Where(k => k is not ("total" or "others" or "(none)")).ToHashSet();
        Assert.Equal(expected.Where(kv => !listed.Contains(kv.Key)).Sum(kv => kv.Value), rows.GetValueOrDefault("others"));
        var unkeyed = now.Where(r => Key(r) is null).Sum(r => r.Tokens) - before.Where(r => Key(r) is null).Sum(r => r.Tokens);
        Assert.Equal(unkeyed, rows.GetValueOrDefault("(none)"));
        Assert.Equal(rows["total"], rows.Where(kv => kv.Key != "total").Sum(kv => kv.Value));
    }

    [Fact]
    public async Task Headline_SaysTheTotalChange_AndMarksNewAndGone()
    {
        var (_, encoded) = await GetAsync($"/growth?{LoadedApp.Window}");
        var html = WebUtility.HtmlDecode(encoded);
        var delta = _app.ThisWeek().Sum(r => r.Tokens) - _app.WeekBefore().Sum(r => r.Tokens);
        Assert.Contains($"data-testid=\"headline-delta\">{ViewFormat.Delta(delta)}<", html);
        Assert.Matches("data-key=\"mistralai/brand-new-model\"(?:(?!</tr>).)*rw-badge-new", html.ReplaceLineEndings(""));
        Assert.Matches("data-key=\"meta-llama/old-model\"(?:(?!</tr>).)*rw-badge-gone", html.ReplaceLineEndings(""));
    }

    [Fact]
    public async Task UnlistedApp_NowhereOnThePage()
    {
        foreach (var by in GrowthPage.ByChoices.Select(d => RankingsWeb.Data.Queries.Dimensions.All.First(x => x.Dimension == d).Slug))
        {
            var (status, html) = await GetAsync($"/growth?{LoadedApp.Window}&by={by}");
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.DoesNotContain("secret-otter", html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(LoadedApp.HiddenTitle, html, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Theory]
    [InlineData("by=bogus", "by must be one of")]
    [InlineData("by=", "by must be one of")]
    [InlineData("period=fortnight", "period must be one of")]
    [InlineData("from=0001-01-01&to=0001-01-08", "previous window of equal length")]
    public async Task BadParameters_400WithTheReason(string query, string reason)
    {
        var (status, html) = await GetAsync($"/growth?{query}");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains(reason, WebUtility.HtmlDecode(html));
    }

    [Fact]
    public async Task NoDataInEitherWindow_SaysSo()
    {
        var (status, html) = await GetAsync("/growth?period=week&as_of=2020-01-10");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("data-testid=\"empty\"", html);
    }

    [Fact]
    public async Task WeightsAndOrigins_AndUseCases_AddUpToTheWindow()
    {
        var (_, html) = await GetAsync($"/growth?{LoadedApp.Window}&by=weights");
        var rows = DriverRows(html);
        Assert.Equal(rows["total"], rows.Where(kv => kv.Key != "total").Sum(kv => kv.Value));
        Assert.Subset(new HashSet<string> { "open", "closed", "unknown", "total", "others" }, rows.Keys.ToHashSet());
        // Every use case of either window has its row in the requests split.
        var categories = _app.ThisWeek().Concat(_app.WeekBefore()).Select(r => r.Category ?? "uncategorized").Distinct().Order(StringComparer.Ordinal);
        var split = UseCaseTable().Match(html).Value;
        Assert.Equal(categories, DriverKey().Matches(split).Select(m => m.Groups[1].Value).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ToolCallsPerRequest_FromTheWindowsSums()
    {
        var (_, html) = await GetAsync($"/growth?{LoadedApp.Window}");
        static string PerRequest(IEnumerable<TestRecord> rs) =>
            (rs.Sum(r => r.ToolCalls ?? 0) / (double)rs.Sum(r => r.Requests ?? 1)).ToString("0.000", CultureInfo.InvariantCulture);
        var figure = ToolsFigure().Match(html);
        Assert.True(figure.Success, "no tool-calls figure");
        Assert.Equal(PerRequest(_app.ThisWeek()), figure.Groups["now"].Value);
        Assert.Equal(PerRequest(_app.WeekBefore()), figure.Groups["before"].Value);
        Assert.NotEqual("0.000", figure.Groups["now"].Value);
    }

    [GeneratedRegex("data-testid=\"tools-per-request\">\\s*All use cases: <strong>(?<now>[0-9.]+)</strong>.*?against (?<before>[0-9.]+) in the one before", RegexOptions.Singleline)]
    private static partial Regex ToolsFigure();

    [Theory]
    [InlineData("/models/openai/gpt-5", "models", "openai/gpt-5", "apps")]
    [InlineData("/categories/programming", "categories", "programming", "models")]
    [InlineData("/authors/anthropic", "authors", "anthropic", "models")]
    public async Task EntityPage_WhatChanged_ItsOwnChangeAndItsLargestContributors(string page, string dimension, string key, string by)
    {
        var (status, encoded) = await GetAsync($"{page}?{LoadedApp.Window}");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.DoesNotContain("secret-otter", encoded, StringComparison.OrdinalIgnoreCase);
        var panel = WhatChanged().Match(encoded);
        Assert.True(panel.Success, "no what-changed panel");
        string? Key(TestRecord r) => by == "apps" && r.AppUrl == LoadedApp.HiddenUrl ? null : KeyOf(by, r);
        var now = _app.ThisWeek().Where(r => KeyOf(dimension, r) == key).ToList();
        var before = _app.WeekBefore().Where(r => KeyOf(dimension, r) == key).ToList();
        Assert.Contains($"data-delta=\"{now.Sum(r => r.Tokens) - before.Sum(r => r.Tokens)}\"", panel.Value);
        var expected = now.Concat(before).Select(Key).OfType<string>().Distinct()
            .Select(k => (Key: k, Delta: now.Where(r => Key(r) == k).Sum(r => r.Tokens) - before.Where(r => Key(r) == k).Sum(r => r.Tokens)))
            .Where(x => now.Concat(before).Any(r => Key(r) == x.Key && r.Tokens > 0))
            .OrderByDescending(x => Math.Abs(x.Delta)).ThenBy(x => x.Key, StringComparer.Ordinal).Take(5).ToList();
        var rows = DriverRow().Matches(panel.Value).Select(m => (Key: WebUtility.HtmlDecode(m.Groups["key"].Value), Delta: long.Parse(m.Groups["delta"].Value, CultureInfo.InvariantCulture))).ToList();
        Assert.Equal(expected, rows);
    }

    [GeneratedRegex("data-testid=\"what-changed\".*?</section>", RegexOptions.Singleline)]
    private static partial Regex WhatChanged();

    [GeneratedRegex("<table class=\"rw-table\" data-testid=\"drivers\">.*?</table>", RegexOptions.Singleline)]
    private static partial Regex DriversTable();

    [GeneratedRegex("<tr data-key=\"(?<key>[^\"]*)\" data-delta=\"(?<delta>-?\\d+)\"")]
    private static partial Regex DriverRow();

    [GeneratedRegex("data-testid=\"use-case-split\">.*?</table>", RegexOptions.Singleline)]
    private static partial Regex UseCaseTable();

    [GeneratedRegex("<tr data-key=\"([^\"]*)\"")]
    private static partial Regex DriverKey();
}
