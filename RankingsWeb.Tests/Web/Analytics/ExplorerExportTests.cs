using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using RankingsWeb.Auth;
using RankingsWeb.Data.Analytics;
using RankingsWeb.Data.Ingestion;
using RankingsWeb.Data.Queries;
using RankingsWeb.Tests.TestInfrastructure;

namespace RankingsWeb.Tests.Web.Analytics;

/// <summary>The explorer's export against sums computed here from the records sent; unlisted apps are visible to analysts, marked.</summary>
public class ExplorerExportTests : IClassFixture<ExplorerExportTests.LoadedApp>
{
    public sealed class LoadedApp : RankingsAppFactory, IAsyncLifetime
    {
        public static readonly DateOnly LastDay = new(2026, 11, 20);
        public List<TestRecord> Records { get; } = RecordMaker.Make(3000, LastDay, 21, seed: 7);
        public HttpClient Analyst { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            var client = IngestClient();
            await client.PostNdjsonAsync(TestRecord.Ndjson(Records));
            await client.WaitForPendingZeroAsync(Records.Count);
            var admin = CreateClient();
            admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);
            (await admin.PutAsync("/api/v1/admin/apps/example.com/tools", new StringContent("{\"listed\":false}", Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();
            await this.CreateUserAsync("explorer@rankings.test", "explorer-password-1", Roles.Analyst);
            Analyst = await this.SignedInAsync("explorer@rankings.test", "explorer-password-1");
        }

        Task IAsyncLifetime.DisposeAsync() => Task.CompletedTask;
    }

    private readonly LoadedApp _app;

    public ExplorerExportTests(LoadedApp app) => _app = app;

    private static string? AppKey(TestRecord r) => r.AppUrl is null ? null : KeyDerivation.AppKeyFromUrl(r.AppUrl);
    private static string D(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    private static DateOnly DayOf(TestRecord r) => DateOnly.FromDateTime(r.CreatedAt.UtcDateTime);

    private async Task<List<string[]>> CsvAsync(string query)
    {
        using var response = await _app.Analyst.GetAsync("/analytics/export?" + query + "&format=csv");
        response.EnsureSuccessStatusCode();
        var lines = (await response.Content.ReadAsStringAsync()).TrimEnd('\n').Split('\n');
        Assert.StartsWith("# Source: RankingsWeb", lines[0]);
        return lines.Skip(2).Select(l => l.Split(',')).ToList();
    }

    [Fact]
    public async Task FlatRanking_AppsWithUnlistedMarked_MatchesSums()
    {
        var from = LoadedApp.LastDay.AddDays(-13);
        var to = LoadedApp.LastDay.AddDays(1);
        var rows = await CsvAsync($"group=apps&from={D(from)}&to={D(to)}&top=100");
        var expected = _app.Records.Where(r => DayOf(r) >= from && DayOf(r) < to).GroupBy(r => AppKey(r) ?? "")
            .Select(g => (g.Key, Tokens: g.Sum(r => r.Tokens))).OrderByDescending(x => x.Tokens).ThenBy(x => x.Key, StringComparer.Ordinal).ToList();
        Assert.Equal(expected.Select(e => e.Key), rows.Select(r => r[1]));
        Assert.Equal(expected.Select(e => e.Tokens.ToString(CultureInfo.InvariantCulture)), rows.Select(r => r[7]));
        Assert.Equal("true", rows.Single(r => r[1] == "example.com/tools")[3]);
        Assert.Equal(AnalyticsQueries.NoneName, rows.Single(r => r[1] == "")[2]);
    }

    [Fact]
    public async Task WeeklyByCategoryCumulativeWithOthers_MatchesSums()
    {
        var from = LoadedApp.LastDay.AddDays(-20);
        var to = LoadedApp.LastDay.AddDays(1);
        var rows = await CsvAsync($"group=models&sub=categories&interval=week&cumulative=1&metric=reasoning&top=2&from={D(from)}&to={D(to)}");
        var inWindow = _app.Records.Where(r => DayOf(r) >= from && DayOf(r) < to).ToList();
        var top = inWindow.GroupBy(r => r.ModelKey).Select(g => (g.Key, V: g.Sum(r => r.Reasoning)))
            .OrderByDescending(x => x.V).ThenBy(x => x.Key, StringComparer.Ordinal).Take(2).Select(x => x.Key).ToList();
        Assert.Equal(top.Append("others").Distinct(), rows.Select(r => r[1]).Distinct());

        static DateOnly Monday(DateOnly d) => d.AddDays(-(((int)d.DayOfWeek + 6) % 7));
        foreach (var row in rows)
        {
            var category = row[4];
            var bucket = DateOnly.Parse(row[6], CultureInfo.InvariantCulture);
            var mine = inWindow.Where(r => (r.Category ?? "uncategorized") == category && Monday(DayOf(r)) <= bucket
                                           && (row[1] == "others" ? !top.Contains(r.ModelKey) : r.ModelKey == row[1]));
            Assert.Equal(mine.Sum(r => r.Reasoning).ToString(CultureInfo.InvariantCulture), row[7]);
        }
    }

    [Fact]
    public async Task RatioMetric_FromSumsNotAveraged()
    {
        var from = LoadedApp.LastDay.AddDays(-6);
        var to = LoadedApp.LastDay.AddDays(1);
        using var response = await _app.Analyst.GetAsync($"/analytics/export?group=providers&metric=cache_share&from={D(from)}&to={D(to)}&format=json");
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        foreach (var row in json.GetProperty("rows").EnumerateArray())
        {
            var key = row.GetProperty("group").GetString();
            var mine = _app.Records.Where(r => DayOf(r) >= from && DayOf(r) < to && (r.Provider is null ? "" : KeyDerivation.ProviderKey(r.Provider)) == key).ToList();
            var expected = Math.Round((decimal)mine.Sum(r => r.Cached) / mine.Sum(r => r.Prompt), 6);
            Assert.Equal(expected, row.GetProperty("value").GetDecimal());
        }
    }

    [Theory]
    [InlineData("tokens_per_request")]
    [InlineData("prompt_per_request")]
    [InlineData("completion_per_request")]
    [InlineData("cost_per_million")]
    public async Task PerRequestAndCostRatios_FromSumsNotAveraged(string metric)
    {
        var from = LoadedApp.LastDay.AddDays(-6);
        var to = LoadedApp.LastDay.AddDays(1);
        using var response = await _app.Analyst.GetAsync($"/analytics/export?group=models&metric={metric}&from={D(from)}&to={D(to)}&format=json");
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        var rows = json.GetProperty("rows").EnumerateArray().ToList();
        var inWindow = _app.Records.Where(r => DayOf(r) >= from && DayOf(r) < to).ToList();
        // Ratios rank by tokens, as in the series API.
        var expectedOrder = inWindow.GroupBy(r => r.ModelKey).OrderByDescending(g => g.Sum(r => r.Tokens)).ThenBy(g => g.Key, StringComparer.Ordinal).Select(g => g.Key);
        Assert.Equal(expectedOrder, rows.Select(r => r.GetProperty("group").GetString()));
        foreach (var row in rows)
        {
            var mine = inWindow.Where(r => r.ModelKey == row.GetProperty("group").GetString()).ToList();
            var expected = metric switch
            {
                "tokens_per_request" => Math.Round((decimal)mine.Sum(r => r.Tokens) / mine.Count, 6),
                "prompt_per_request" => Math.Round((decimal)mine.Sum(r => r.Prompt) / mine.Count, 6),
                "completion_per_request" => Math.Round((decimal)mine.Sum(r => r.Completion) / mine.Count, 6),
                _ => Math.Round(mine.Sum(r => r.Cost) * 1_000_000m / mine.Sum(r => r.Tokens), 6),
            };
            Assert.Equal(expected, row.GetProperty("value").GetDecimal());
        }
    }

    [Fact]
    public async Task SavedView_ListedForAnalysts()
    {
        var views = _app.Service<SavedViews>();
        await views.SaveAsync("u1", "explorer@rankings.test", "Programming apps", "/analytics?group=apps&category=programming");
        var list = await views.ListAsync();
        Assert.Contains(list, v => v.Name == "Programming apps" && v.Url == "/analytics?group=apps&category=programming");
        await Assert.ThrowsAsync<ArgumentException>(() => views.SaveAsync("u1", "x", "evil", "https://elsewhere.example/"));
    }
}
