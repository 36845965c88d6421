using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using RankingsWeb.Data.Ingestion;
using RankingsWeb.Tests.TestInfrastructure;

namespace RankingsWeb.Tests.Web.Api;

/// <summary>Ingests a known set of records over HTTP, waits for the fold, and checks every answer against sums computed here.</summary>
public class RankingsApiTests : IClassFixture<RankingsApiTests.LoadedApp>
{
    public sealed class LoadedApp : RankingsAppFactory, IAsyncLifetime
    {
        public static readonly DateOnly LastDay = new(2026, 11, 20);
        public List<TestRecord> Records { get; } = RecordMaker.Make(4000, LastDay, 30, seed: 42);

        public async Task InitializeAsync()
        {
            var client = IngestClient();
            foreach (var chunk in Records.Chunk(1000)) await client.PostNdjsonAsync(TestRecord.Ndjson(chunk));
            await client.WaitForPendingZeroAsync(Records.Count);
        }

        Task IAsyncLifetime.DisposeAsync() => Task.CompletedTask;
    }

    private readonly LoadedApp _app;

    public RankingsApiTests(LoadedApp app) => _app = app;

    private static string Day(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string? AppKey(TestRecord r) =>
        r.AppUrl is not null ? KeyDerivation.AppKeyFromUrl(r.AppUrl) : r.AppTitle is not null ? KeyDerivation.AppKeyFromTitle(r.AppTitle) : null;

    private static string? KeyOf(TestRecord r, string dimension) => dimension switch
    {
        "models" => r.ModelKey,
        "authors" => r.Author,
        "apps" => AppKey(r),
        "categories" => r.Category ?? "uncategorized",
        "providers" => r.Provider is null ? null : KeyDerivation.ProviderKey(r.Provider),
        _ => r.Variant,
    };

    private List<TestRecord> In(DateOnly from, DateOnly to) =>
        _app.Records.Where(r => DateOnly.FromDateTime(r.CreatedAt.UtcDateTime) >= from && DateOnly.FromDateTime(r.CreatedAt.UtcDateTime) < to).ToList();

    [Theory]
    [InlineData("models")]
    [InlineData("authors")]
    [InlineData("apps")]
    [InlineData("categories")]
    [InlineData("providers")]
    [InlineData("variants")]
    public async Task Rankings_Week_MatchesIndependentSums(string dimension)
    {
        var answer = await _app.CreateClient().GetJsonAsync($"/api/v1/rankings/{dimension}?period=week&limit=1000");
        var from = LoadedApp.LastDay.AddDays(-6);
        var to = LoadedApp.LastDay.AddDays(1);
        Assert.Equal(Day(from), answer.GetProperty("from").GetString());
        Assert.Equal(Day(to), answer.GetProperty("to").GetString());

        var current = In(from, to);
        var previous = In(from.AddDays(-7), from);
        var total = current.Sum(r => r.Tokens);
        Assert.Equal(total, answer.GetProperty("total_tokens").GetInt64());

        var expected = current.Where(r => KeyOf(r, dimension) is not null).GroupBy(r => KeyOf(r, dimension)!)
            .Select(g => new
            {
                Key = g.Key, Tokens = g.Sum(r => r.Tokens), Prompt = g.Sum(r => r.Prompt), Completion = g.Sum(r => r.Completion),
                Reasoning = g.Sum(r => r.Reasoning), Cached = g.Sum(r => r.Cached), Requests = g.Count(), Cost = g.Sum(r => r.Cost),
                Previous = previous.Where(p => KeyOf(p, dimension) == g.Key).Sum(p => p.Tokens),
            })
            .OrderByDescending(x => x.Tokens).ThenBy(x => x.Key, StringComparer.Ordinal).ToList();
        var items = answer.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(expected.Count, items.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            var e = expected[i];
            var item = items[i];
            Assert.Equal(i + 1, item.GetProperty("rank").GetInt32());
            Assert.Equal(e.Key, item.GetProperty("key").GetString());
            Assert.Equal(e.Tokens, item.GetProperty("tokens").GetInt64());
            Assert.Equal(e.Prompt, item.GetProperty("tokens_prompt").GetInt64());
            Assert.Equal(e.Completion, item.GetProperty("tokens_completion").GetInt64());
            Assert.Equal(e.Reasoning, item.GetProperty("tokens_reasoning").GetInt64());
            Assert.Equal(e.Cached, item.GetProperty("tokens_cached").GetInt64());
            Assert.Equal(e.Requests, item.GetProperty("requests").GetInt64());
            Assert.Equal(e.Cost, item.GetProperty("cost").GetDecimal());
            Assert.Equal((double)e.Tokens / total, item.GetProperty("share").GetDouble(), 12);
            Assert.Equal(e.Previous, item.GetProperty("previous_tokens").GetInt64());
            if (e.Previous == 0) Assert.Equal(JsonValueKind.Null, item.GetProperty("change").ValueKind);
            else Assert.Equal((double)(e.Tokens - e.Previous) / e.Previous, item.GetProperty("change").GetDouble(), 12);
        }
    }

    [Fact]
    public async Task Rankings_FromToWithFilters_MatchesIndependentSums()
    {
        var from = LoadedApp.LastDay.AddDays(-20);
        var to = LoadedApp.LastDay.AddDays(-5);
        var answer = await _app.CreateClient().GetJsonAsync($"/api/v1/rankings/models?from={Day(from)}&to={Day(to)}&category=programming&provider=amazon-bedrock");
        var current = In(from, to).Where(r => r.Category == "programming" && r.Provider == "Amazon Bedrock").ToList();
        Assert.Equal(current.Sum(r => r.Tokens), answer.GetProperty("total_tokens").GetInt64());
        var top = current.GroupBy(r => r.ModelKey).OrderByDescending(g => g.Sum(r => r.Tokens)).ThenBy(g => g.Key, StringComparer.Ordinal).First();
        var first = answer.GetProperty("items")[0];
        Assert.Equal(top.Key, first.GetProperty("key").GetString());
        Assert.Equal(top.Sum(r => r.Tokens), first.GetProperty("tokens").GetInt64());
        Assert.Equal(ModelCatalog.ModelName(top.Key), first.GetProperty("name").GetString());
    }

    [Fact]
    public async Task Rankings_AsOfAndLimit_WindowAndTruncation()
    {
        var asOf = LoadedApp.LastDay.AddDays(-10);
        var answer = await _app.CreateClient().GetJsonAsync($"/api/v1/rankings/models?period=day&as_of={Day(asOf)}&limit=2");
        Assert.Equal(Day(asOf), answer.GetProperty("from").GetString());
        Assert.Equal(Day(asOf.AddDays(1)), answer.GetProperty("to").GetString());
        Assert.Equal(2, answer.GetProperty("items").GetArrayLength());
        Assert.Equal(In(asOf, asOf.AddDays(1)).Sum(r => r.Tokens), answer.GetProperty("total_tokens").GetInt64());
    }

    [Theory]
    [InlineData("/api/v1/rankings/planets")]
    [InlineData("/api/v1/rankings/models?period=fortnight")]
    [InlineData("/api/v1/rankings/models?from=2026-11-10&to=2026-11-10")]
    [InlineData("/api/v1/rankings/models?from=2026-11-10&to=2026-11-01")]
    [InlineData("/api/v1/rankings/models?from=2026-13-01&to=2026-11-10")]
    [InlineData("/api/v1/rankings/models?from=2026-11-01")]
    [InlineData("/api/v1/rankings/models?as_of=yesterday")]
    [InlineData("/api/v1/rankings/models?limit=0")]
    [InlineData("/api/v1/rankings/models?limit=1001")]
    [InlineData("/api/v1/rankings/models?limit=ten")]
    [InlineData("/api/v1/series/models?interval=hour")]
    [InlineData("/api/v1/series/models?metric=vibes")]
    [InlineData("/api/v1/series/models?top=0")]
    public async Task Reads_ParameterOutOfDomain_400WithMessage(string url)
    {
        var answer = await _app.CreateClient().GetJsonAsync(url, expectedStatus: 400);
        Assert.False(string.IsNullOrWhiteSpace(answer.GetProperty("error").GetString()));
    }

    [Theory]
    [InlineData("models", "week", "tokens")]
    [InlineData("apps", "day", "tokens_reasoning")]
    [InlineData("providers", "month", "cost")]
    [InlineData("categories", "day", "requests")]
    public async Task Series_MatchesIndependentSums(string dimension, string interval, string metric)
    {
        var from = LoadedApp.LastDay.AddDays(-29);
        var to = LoadedApp.LastDay.AddDays(1);
        var answer = await _app.CreateClient().GetJsonAsync(
            $"/api/v1/series/{dimension}?from={Day(from)}&to={Day(to)}&interval={interval}&metric={metric}&top=3");
        Assert.Equal(interval, answer.GetProperty("interval").GetString());
        Assert.Equal(metric, answer.GetProperty("metric").GetString());

        static DateOnly BucketOf(DateOnly d, string interval) => interval switch
        {
            "day" => d,
            "week" => d.AddDays(-(((int)d.DayOfWeek + 6) % 7)),
            _ => new DateOnly(d.Year, d.Month, 1),
        };
        decimal Value(TestRecord r) => metric switch
        {
            "tokens" => r.Tokens,
            "tokens_reasoning" => r.Reasoning,
            "cost" => r.Cost,
            _ => 1,
        };

        var expectedBuckets = new List<DateOnly>();
        for (var b = BucketOf(from, interval); b < to; b = interval switch { "day" => b.AddDays(1), "week" => b.AddDays(7), _ => b.AddMonths(1) })
            expectedBuckets.Add(b);
        Assert.Equal(expectedBuckets.Select(Day), answer.GetProperty("buckets").EnumerateArray().Select(b => b.GetString()));

        var records = In(from, to).Where(r => KeyOf(r, dimension) is not null).ToList();
        var ranked = records.GroupBy(r => KeyOf(r, dimension)!).Select(g => (g.Key, Total: g.Sum(Value)))
            .Where(x => x.Total != 0).OrderByDescending(x => x.Total).ThenBy(x => x.Key, StringComparer.Ordinal).ToList();
        var topKeys = ranked.Take(3).Select(x => x.Key).ToList();
        var series = answer.GetProperty("series").EnumerateArray().ToList();
        var expectedKeys = ranked.Count > 3 ? topKeys.Append("others").ToList() : topKeys;
        Assert.Equal(expectedKeys, series.Select(s => s.GetProperty("key").GetString()));

        foreach (var s in series)
        {
            var key = s.GetProperty("key").GetString()!;
            var mine = key == "others" ? records.Where(r => !topKeys.Contains(KeyOf(r, dimension)!)) : records.Where(r => KeyOf(r, dimension) == key);
            var expectedValues = expectedBuckets.Select(b => mine.Where(r => BucketOf(DateOnly.FromDateTime(r.CreatedAt.UtcDateTime), interval) == b).Sum(Value)).ToList();
            Assert.Equal(expectedValues, s.GetProperty("values").EnumerateArray().Select(v => v.GetDecimal()).ToList());
        }
    }

    [Fact]
    public async Task Totals_PerBucketSplitMatchesIndependentSums()
    {
        var from = LoadedApp.LastDay.AddDays(-13);
        var to = LoadedApp.LastDay.AddDays(1);
        var answer = await _app.CreateClient().GetJsonAsync($"/api/v1/totals?from={Day(from)}&to={Day(to)}&interval=day&category=programming");
        var rows = answer.GetProperty("buckets").EnumerateArray().ToList();
        Assert.Equal(14, rows.Count);
        foreach (var row in rows)
        {
            var day = DateOnly.Parse(row.GetProperty("bucket").GetString()!, CultureInfo.InvariantCulture);
            var mine = In(day, day.AddDays(1)).Where(r => r.Category == "programming").ToList();
            Assert.Equal(mine.Sum(r => r.Prompt), row.GetProperty("tokens_prompt").GetInt64());
            Assert.Equal(mine.Sum(r => r.Reasoning), row.GetProperty("tokens_reasoning").GetInt64());
            Assert.Equal(mine.Sum(r => r.Completion - r.Reasoning), row.GetProperty("regular_output").GetInt64());
            Assert.Equal(mine.Count, row.GetProperty("requests").GetInt64());
        }
    }

    [Fact]
    public async Task RankHistory_RankPerBucketMatchesIndependentOrdering()
    {
        var from = LoadedApp.LastDay.AddDays(-13);
        var to = LoadedApp.LastDay.AddDays(1);
        var key = "qwen/qwen3-coder";
        var answer = await _app.CreateClient().GetJsonAsync($"/api/v1/rank-history/models?key={key}&from={Day(from)}&to={Day(to)}&interval=week");
        foreach (var row in answer.GetProperty("buckets").EnumerateArray())
        {
            var monday = DateOnly.Parse(row.GetProperty("bucket").GetString()!, CultureInfo.InvariantCulture);
            var start = monday < from ? from : monday;
            var end = monday.AddDays(7) > to ? to : monday.AddDays(7);
            var ranked = In(start, end).GroupBy(r => r.ModelKey).Select(g => (g.Key, Tokens: g.Sum(r => r.Tokens)))
                .OrderByDescending(x => x.Tokens).ThenBy(x => x.Key, StringComparer.Ordinal).Select(x => x.Key).ToList();
            var expected = ranked.IndexOf(key) + 1;
            Assert.Equal(expected, row.GetProperty("rank").GetInt32());
        }
    }

    [Fact]
    public async Task Csv_HasCitationHeaderAndRows()
    {
        using var response = await _app.CreateClient().GetAsync("/api/v1/rankings/models?period=week&format=csv");
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("attachment", response.Content.Headers.ContentDisposition!.ToString());
        var lines = (await response.Content.ReadAsStringAsync()).TrimEnd('\n').Split('\n');
        Assert.StartsWith("# Source: RankingsWeb /api/v1/rankings/models", lines[0]);
        Assert.StartsWith("rank,key,name,tokens", lines[1]);
        var json = await _app.CreateClient().GetJsonAsync("/api/v1/rankings/models?period=week");
        Assert.Equal(json.GetProperty("items").GetArrayLength(), lines.Length - 2);
    }

    [Fact]
    public async Task Status_AllFolded()
    {
        var status = await _app.CreateClient().GetJsonAsync("/api/v1/status");
        Assert.Equal(_app.Records.Count, status.GetProperty("records").GetInt64());
        Assert.Equal(0, status.GetProperty("pending").GetInt64());
        Assert.Equal(JsonValueKind.String, status.GetProperty("last_aggregated_at").ValueKind);
    }
}

/// <summary>Unlisting is applied at read time; it must leave no trace in public answers.</summary>
public class UnlistedAppTests : IClassFixture<RankingsAppFactory>
{
    private readonly RankingsAppFactory _app;

    public UnlistedAppTests(RankingsAppFactory app) => _app = app;

    private async Task SetListedAsync(string app, bool listed, string key = RankingsAppFactory.AdminKey, int expected = 204)
    {
        var client = _app.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Put, "/api/v1/admin/apps/" + app)
        {
            Content = new StringContent(listed ? "{\"listed\":true}" : "{\"listed\":false}", Encoding.UTF8, "application/json"),
        };
        if (key.Length > 0) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        using var response = await client.SendAsync(request);
        Assert.Equal(expected, (int)response.StatusCode);
    }

    [Fact]
    public async Task Unlist_App_DisappearsEverywhereAndComesBack()
    {
        var records = new List<TestRecord>
        {
            new("u1", new DateTimeOffset(2026, 11, 20, 1, 0, 0, TimeSpan.Zero), "openai/gpt-4o", 1000, 100, AppUrl: "https://secret.example/app", AppTitle: "Secret"),
            new("u2", new DateTimeOffset(2026, 11, 20, 2, 0, 0, TimeSpan.Zero), "openai/gpt-4o", 10, 1, AppUrl: "https://public.example/"),
            new("u3", new DateTimeOffset(2026, 11, 20, 3, 0, 0, TimeSpan.Zero), "anthropic/claude-sonnet-4", 500, 50, AppUrl: "https://secret.example/app"),
        };
        var client = _app.IngestClient();
        await client.PostNdjsonAsync(TestRecord.Ndjson(records));
        await client.WaitForPendingZeroAsync(3);
        var reader = _app.CreateClient();

        var before = await reader.GetJsonAsync("/api/v1/rankings/apps?period=week");
        Assert.Equal("secret.example/app", before.GetProperty("items")[0].GetProperty("key").GetString());
        Assert.Equal("Secret", before.GetProperty("items")[0].GetProperty("name").GetString());

        await SetListedAsync("secret.example/app", false);

        var apps = await reader.GetJsonAsync("/api/v1/rankings/apps?period=week");
        Assert.Equal(1661, apps.GetProperty("total_tokens").GetInt64()); // unlisted tokens count as unattributed
        Assert.Equal(["public.example"], apps.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("key").GetString()));

        foreach (var url in new[] { "/api/v1/rankings/models?period=week&app=secret.example/app", "/api/v1/rankings/apps?period=week&app=secret.example/app",
                     "/api/v1/rankings/models?period=week&app=SECRET.example/app" })
        {
            var filtered = await reader.GetJsonAsync(url);
            Assert.Equal(0, filtered.GetProperty("total_tokens").GetInt64());
            Assert.Equal(0, filtered.GetProperty("items").GetArrayLength());
        }
        // Same answer as for an app that never existed.
        var never = await reader.GetJsonAsync("/api/v1/rankings/models?period=week&app=never.example");
        Assert.Equal(0, never.GetProperty("total_tokens").GetInt64());

        var series = await reader.GetJsonAsync("/api/v1/series/apps?period=week");
        Assert.DoesNotContain("secret", series.ToString());
        var filteredSeries = await reader.GetJsonAsync("/api/v1/series/models?period=week&app=secret.example/app");
        Assert.Equal(0, filteredSeries.GetProperty("series").GetArrayLength());
        var totals = await reader.GetJsonAsync("/api/v1/totals?period=week&app=secret.example/app");
        Assert.All(totals.GetProperty("buckets").EnumerateArray(), b => Assert.Equal(0, b.GetProperty("tokens").GetInt64()));
        var history = await reader.GetJsonAsync("/api/v1/rank-history/apps?key=secret.example/app&period=week");
        Assert.All(history.GetProperty("buckets").EnumerateArray(), b => Assert.Equal(JsonValueKind.Null, b.GetProperty("rank").ValueKind));
        var within = await reader.GetJsonAsync("/api/v1/rank-history/models?key=openai/gpt-4o&period=week&app=secret.example/app");
        Assert.All(within.GetProperty("buckets").EnumerateArray(), b => Assert.Equal(JsonValueKind.Null, b.GetProperty("rank").ValueKind));
        var publicHistory = await reader.GetJsonAsync("/api/v1/rank-history/apps?key=public.example&period=day");
        Assert.Equal(1, publicHistory.GetProperty("buckets")[0].GetProperty("rank").GetInt32()); // the unlisted app ranks nowhere

        // Pages (server-rendered HTML) and downloads leak nothing either.
        foreach (var url in new[]
                 {
                     "/?as_of=2026-11-20", "/?as_of=2026-11-20&period=month", "/models/openai/gpt-4o?as_of=2026-11-20", "/models/anthropic/claude-sonnet-4?as_of=2026-11-20",
                     "/authors/openai?as_of=2026-11-20", "/categories/uncategorized?as_of=2026-11-20",
                     "/api/v1/rankings/apps?period=week&format=csv", "/api/v1/series/apps?period=week&format=csv", "/api/v1/rankings/apps?period=all&limit=1000&download=1",
                 })
        {
            using var response = await reader.GetAsync(url);
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.IsSuccessStatusCode, $"{url}: {(int)response.StatusCode}\n{(body.Length > 4000 ? body[..4000] : body)}");
            Assert.DoesNotContain("secret.example", body);
            Assert.DoesNotContain("Secret<", body);
        }
        Assert.Equal(404, (int)(await reader.GetAsync("/apps/secret.example/app")).StatusCode);
        Assert.Equal(200, (int)(await reader.GetAsync("/apps/public.example?as_of=2026-11-20")).StatusCode);

        await SetListedAsync("secret.example/app", true);
        using var relisted = await reader.GetAsync("/?as_of=2026-11-20");
        var relistedBody = await relisted.Content.ReadAsStringAsync();
        Assert.True(relisted.IsSuccessStatusCode, relistedBody.Length > 3000 ? relistedBody[..3000] : relistedBody);
        Assert.Contains("secret.example", relistedBody);
        var after = await reader.GetJsonAsync("/api/v1/rankings/apps?period=week");
        Assert.Equal("secret.example/app", after.GetProperty("items")[0].GetProperty("key").GetString());
    }

    [Fact]
    public async Task Unlist_BeforeFirstRecord_StillHidden()
    {
        await SetListedAsync("early.example", false);
        var client = _app.IngestClient();
        var status = await _app.CreateClient().GetJsonAsync("/api/v1/status");
        var records = status.GetProperty("records").GetInt64();
        await client.PostNdjsonAsync(TestRecord.Ndjson([new("e1", new DateTimeOffset(2026, 11, 20, 5, 0, 0, TimeSpan.Zero), "openai/gpt-4o", 7, 7, AppUrl: "https://www.early.example/")]));
        await client.WaitForPendingZeroAsync(records + 1);
        var apps = await _app.CreateClient().GetJsonAsync("/api/v1/rankings/apps?period=week");
        Assert.DoesNotContain("early.example", apps.ToString());
    }

    [Fact]
    public async Task AdminPut_WithoutOrWithWrongKey_401Or403()
    {
        await SetListedAsync("x.example", false, key: "", expected: 401);
        await SetListedAsync("x.example", false, key: RankingsAppFactory.IngestKey, expected: 403);
        await SetListedAsync("x.example", false, key: "nope", expected: 403);
    }

    [Fact]
    public async Task AdminPut_BadBody_400()
    {
        var client = _app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", RankingsAppFactory.AdminKey);
        using var response = await client.PutAsync("/api/v1/admin/apps/x.example", new StringContent("{\"listed\":\"no\"}", Encoding.UTF8, "application/json"));
        Assert.Equal(400, (int)response.StatusCode);
    }
}
