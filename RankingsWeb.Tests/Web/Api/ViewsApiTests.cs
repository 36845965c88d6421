using System.Globalization;
using System.Net;
using System.Text.Json;
using RankingsWeb.Data.Ingestion;
using RankingsWeb.Tests.TestInfrastructure;

namespace RankingsWeb.Tests.Web.Api;

/// <summary>
/// Contract v1.1's ratio metrics and OpenRouter-compatible views (variants=separate, week/month to date), and the
/// leaderboard's "as OpenRouter counts" toggle: every answer against sums computed here from the records sent.
/// </summary>
public class ViewsApiTests : IClassFixture<ViewsApiTests.LoadedApp>
{
    public sealed class LoadedApp : RankingsAppFactory, IAsyncLifetime
    {
        public static readonly DateOnly LastDay = new(2026, 11, 20); // a Friday

        /// <summary>Models with and without variants, so a model's entries split; and two with odd buckets.</summary>
        public static readonly string[] Models =
        [
            "anthropic/claude-sonnet-4", "deepseek/deepseek-r1", "deepseek/deepseek-r1:free", "openai/gpt-5", "openai/gpt-5:thinking",
            "qwen/qwen3-coder:free", "mistral/tiny",
        ];

        public List<TestRecord> Records { get; } = Make();

        private static List<TestRecord> Make()
        {
            var rng = new Random(1414);
            var list = new List<TestRecord>();
            string[] categories = ["programming", "roleplay", "legal"];
            for (var i = 0; i < 2500; i++)
            {
                var day = LastDay.AddDays(-rng.Next(100));
                var at = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).AddSeconds(rng.Next(86_400));
                var completion = rng.Next(0, 4000);
                var prompt = rng.Next(0, 20000);
                list.Add(new TestRecord($"v-{i}", at, Models[rng.Next(Models.Length)], prompt, completion, Reasoning: rng.Next(0, completion + 1),
                    Category: categories[rng.Next(categories.Length)], Cost: Math.Round((decimal)rng.NextDouble(), 6)));
            }
            // Records only on even days: its odd day buckets are empty (every ratio's denominator 0).
            // Output only on days divisible by 3: the other buckets have records but no completion (reasoning share 0/0).
            for (var d = 0; d < 40; d += 2)
            {
                var day = LastDay.AddDays(-d);
                var at = new DateTimeOffset(day.ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero);
                var completion = d % 3 == 0 ? 900 : 0;
                list.Add(new TestRecord($"z-{d}", at, "zero/out", 50_000, completion, Reasoning: completion / 3, Category: "programming", Cost: 0.25m));
            }
            // Cost without tokens: cost per million tokens of that bucket is 0/0.
            list.Add(new TestRecord("free-lunch", new DateTimeOffset(LastDay.AddDays(-5).ToDateTime(new TimeOnly(8, 0)), TimeSpan.Zero), "nothing/empty",
                0, 0, Category: "legal", Cost: 0.5m));
            return list;
        }

        public async Task InitializeAsync()
        {
            var client = IngestClient();
            foreach (var chunk in Records.Chunk(1000)) await client.PostNdjsonAsync(TestRecord.Ndjson(chunk));
            await client.WaitForPendingZeroAsync(Records.Count);
        }

        Task IAsyncLifetime.DisposeAsync() => Task.CompletedTask;
    }

    private readonly LoadedApp _app;

    public ViewsApiTests(LoadedApp app) => _app = app;

    private static string Day(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static DateOnly DayOf(TestRecord r) => DateOnly.FromDateTime(r.CreatedAt.UtcDateTime);

    private List<TestRecord> In(DateOnly from, DateOnly to, string? category) =>
        _app.Records.Where(r => DayOf(r) >= from && DayOf(r) < to && (category is null || r.Category == category)).ToList();

    private static string SeparateKey(TestRecord r) => r.Variant == "none" ? r.ModelKey : $"{r.ModelKey}:{r.Variant}";

    private static DateOnly BucketOf(DateOnly d, string interval) => interval switch
    {
        "day" => d,
        "week" => d.AddDays(-(((int)d.DayOfWeek + 6) % 7)),
        _ => new DateOnly(d.Year, d.Month, 1),
    };

    /// <summary>A bucket's ratio from its own sums, as the test reads the contract; 0 where the denominator is 0.</summary>
    private static decimal Ratio(string metric, IReadOnlyCollection<TestRecord> rs)
    {
        decimal numerator = metric switch
        {
            "tokens_per_request" => rs.Sum(r => r.Tokens),
            "prompt_per_request" => rs.Sum(r => r.Prompt),
            "completion_per_request" => rs.Sum(r => r.Completion),
            "reasoning_share" => rs.Sum(r => r.Reasoning),
            _ => rs.Sum(r => r.Cost) * 1_000_000m,
        };
        decimal denominator = metric switch
        {
            "reasoning_share" => rs.Sum(r => r.Completion),
            "cost_per_million" => rs.Sum(r => r.Tokens),
            _ => rs.Count,
        };
        return denominator == 0 ? 0 : Math.Round(numerator / denominator, 9, MidpointRounding.AwayFromZero);
    }

    // ---- Ratio metrics ----

    [Theory]
    [InlineData("tokens_per_request", "day", 3, null)]
    [InlineData("prompt_per_request", "week", 3, null)]
    [InlineData("completion_per_request", "month", 3, "programming")]
    [InlineData("reasoning_share", "day", 20, null)]
    [InlineData("reasoning_share", "week", 2, "programming")]
    [InlineData("cost_per_million", "day", 20, "legal")]
    [InlineData("cost_per_million", "week", 3, null)]
    [InlineData("tokens_per_request", "day", 20, "programming")]
    public async Task Series_RatioMetric_EachBucketFromItsSums(string metric, string interval, int top, string? category)
    {
        var from = LoadedApp.LastDay.AddDays(-41);
        var to = LoadedApp.LastDay.AddDays(1);
        var filter = category is null ? "" : $"&category={category}";
        var answer = await _app.CreateClient().GetJsonAsync(
            $"/api/v1/series/models?from={Day(from)}&to={Day(to)}&interval={interval}&metric={metric}&top={top}{filter}");
        Assert.Equal(metric, answer.GetProperty("metric").GetString());

        var buckets = answer.GetProperty("buckets").EnumerateArray().Select(b => DateOnly.ParseExact(b.GetString()!, "yyyy-MM-dd", CultureInfo.InvariantCulture)).ToList();
        var records = In(from, to, category);
        // Ratio series rank by tokens over the window (a ratio would let one large request lead).
        var ranked = records.GroupBy(r => r.ModelKey).Select(g => (g.Key, Tokens: g.Sum(r => r.Tokens)))
            .Where(x => x.Tokens != 0).OrderByDescending(x => x.Tokens).ThenBy(x => x.Key, StringComparer.Ordinal).ToList();
        var topKeys = ranked.Take(top).Select(x => x.Key).ToList();
        var series = answer.GetProperty("series").EnumerateArray().ToList();
        Assert.Equal(topKeys, series.Select(s => s.GetProperty("key").GetString()).Where(k => k != "others"));

        List<decimal> Expected(IEnumerable<TestRecord> mine) =>
            buckets.Select(b => Ratio(metric, mine.Where(r => BucketOf(DayOf(r), interval) == b).ToList())).ToList();

        foreach (var s in series)
        {
            var key = s.GetProperty("key").GetString()!;
            var mine = key == "others" ? records.Where(r => !topKeys.Contains(r.ModelKey)) : records.Where(r => r.ModelKey == key);
            Assert.Equal(Expected(mine), s.GetProperty("values").EnumerateArray().Select(v => v.GetDecimal()).ToList());
        }
        var othersExpected = Expected(records.Where(r => !topKeys.Contains(r.ModelKey)));
        Assert.Equal(ranked.Count > top && othersExpected.Any(v => v != 0), series.Any(s => s.GetProperty("key").GetString() == "others"));
    }

    [Fact]
    public async Task Series_RatioMetric_ZeroDenominatorBucketsAreZero()
    {
        var from = LoadedApp.LastDay.AddDays(-9);
        var to = LoadedApp.LastDay.AddDays(1);
        var client = _app.CreateClient();
        var share = await client.GetJsonAsync($"/api/v1/series/models?from={Day(from)}&to={Day(to)}&interval=day&metric=reasoning_share&top=20&model=zero/out");
        // Days back 0..9: records on even days, output only on days divisible by 3 (0 and 6).
        var expected = Enumerable.Range(0, 10).Reverse().Select(back => back is 0 or 6 ? Math.Round(300m / 900, 9) : 0m).ToList();
        Assert.Equal(expected, share.GetProperty("series")[0].GetProperty("values").EnumerateArray().Select(v => v.GetDecimal()).ToList());

        var cost = await client.GetJsonAsync($"/api/v1/series/models?from={Day(from)}&to={Day(to)}&interval=day&metric=cost_per_million&top=20&model=nothing/empty");
        // Its only record has cost and no tokens: no series ranks by 0 tokens, and others is all 0, so absent.
        Assert.Equal(0, cost.GetProperty("series").GetArrayLength());
    }

    // ---- variants=separate ----

    [Theory]
    [InlineData("week", null)]
    [InlineData("month", "programming")]
    public async Task Rankings_VariantsSeparate_EachModelAndVariantItsOwnEntry(string period, string? category)
    {
        var filter = category is null ? "" : $"&category={category}";
        var answer = await _app.CreateClient().GetJsonAsync($"/api/v1/rankings/models?period={period}&variants=separate&limit=1000{filter}");
        var days = period == "week" ? 7 : 30;
        var from = LoadedApp.LastDay.AddDays(1 - days);
        var to = LoadedApp.LastDay.AddDays(1);
        var current = In(from, to, category);
        var previous = In(from.AddDays(-days), from, category);
        var total = current.Sum(r => r.Tokens);
        Assert.Equal(total, answer.GetProperty("total_tokens").GetInt64());

        var expected = current.GroupBy(SeparateKey).Select(g => new
            {
                g.Key, Tokens = g.Sum(r => r.Tokens), Prompt = g.Sum(r => r.Prompt), Reasoning = g.Sum(r => r.Reasoning), Requests = g.Count(),
                Cost = g.Sum(r => r.Cost), Previous = previous.Where(p => SeparateKey(p) == g.Key).Sum(p => p.Tokens),
            })
            .OrderByDescending(x => x.Tokens).ThenBy(x => x.Key, StringComparer.Ordinal).ToList();
        var items = answer.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(expected.Select(e => e.Key), items.Select(i => i.GetProperty("key").GetString()));
        Assert.Contains(items, i => i.GetProperty("key").GetString() == "deepseek/deepseek-r1:free");
        Assert.Contains(items, i => i.GetProperty("key").GetString() == "deepseek/deepseek-r1");
        for (var i = 0; i < expected.Count; i++)
        {
            var e = expected[i];
            var item = items[i];
            Assert.Equal(i + 1, item.GetProperty("rank").GetInt32());
            Assert.Equal(e.Tokens, item.GetProperty("tokens").GetInt64());
            Assert.Equal(e.Prompt, item.GetProperty("tokens_prompt").GetInt64());
            Assert.Equal(e.Reasoning, item.GetProperty("tokens_reasoning").GetInt64());
            Assert.Equal(e.Requests, item.GetProperty("requests").GetInt64());
            Assert.Equal(e.Cost, item.GetProperty("cost").GetDecimal());
            Assert.Equal((double)e.Tokens / total, item.GetProperty("share").GetDouble(), 12);
            Assert.Equal(e.Previous, item.GetProperty("previous_tokens").GetInt64());
            if (e.Previous == 0) Assert.Equal(JsonValueKind.Null, item.GetProperty("change").ValueKind);
            else Assert.Equal((double)(e.Tokens - e.Previous) / e.Previous, item.GetProperty("change").GetDouble(), 12);
            var modelKey = e.Key.Split(':')[0];
            var name = ModelCatalog.ModelName(modelKey) + (e.Key.Contains(':') ? $" ({e.Key.Split(':')[1]})" : "");
            Assert.Equal(name, item.GetProperty("name").GetString());
        }
    }

    [Fact]
    public async Task Rankings_VariantsSeparate_FilterByVariantKeepsOnlyItsEntries()
    {
        var answer = await _app.CreateClient().GetJsonAsync("/api/v1/rankings/models?period=month&variants=separate&variant=free");
        var keys = answer.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("key").GetString()).ToList();
        Assert.Equal(["deepseek/deepseek-r1:free", "qwen/qwen3-coder:free"], keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Series_VariantsSeparate_MatchesIndependentSums()
    {
        var from = LoadedApp.LastDay.AddDays(-27);
        var to = LoadedApp.LastDay.AddDays(1);
        var answer = await _app.CreateClient().GetJsonAsync($"/api/v1/series/models?from={Day(from)}&to={Day(to)}&interval=week&top=4&variants=separate");
        var records = In(from, to, null);
        var ranked = records.GroupBy(SeparateKey).Select(g => (g.Key, Tokens: g.Sum(r => r.Tokens)))
            .OrderByDescending(x => x.Tokens).ThenBy(x => x.Key, StringComparer.Ordinal).ToList();
        var topKeys = ranked.Take(4).Select(x => x.Key).ToList();
        var series = answer.GetProperty("series").EnumerateArray().ToList();
        Assert.Equal(topKeys.Append("others"), series.Select(s => s.GetProperty("key").GetString()!));
        var buckets = answer.GetProperty("buckets").EnumerateArray().Select(b => DateOnly.ParseExact(b.GetString()!, "yyyy-MM-dd", CultureInfo.InvariantCulture)).ToList();
        foreach (var s in series)
        {
            var key = s.GetProperty("key").GetString()!;
            var mine = key == "others" ? records.Where(r => !topKeys.Contains(SeparateKey(r))) : records.Where(r => SeparateKey(r) == key);
            var expected = buckets.Select(b => (decimal)mine.Where(r => BucketOf(DayOf(r), "week") == b).Sum(r => r.Tokens)).ToList();
            Assert.Equal(expected, s.GetProperty("values").EnumerateArray().Select(v => v.GetDecimal()).ToList());
        }
    }

    [Theory]
    [InlineData("/api/v1/rankings/authors?variants=separate", "models dimension only")]
    [InlineData("/api/v1/series/variants?variants=separate", "models dimension only")]
    [InlineData("/api/v1/rankings/models?variants=split", "variants must be 'separate'")]
    [InlineData("/api/v1/series/models?metric=tokens_per_hour", "cost_per_million")]
    [InlineData("/api/v1/rankings/models?period=year_to_date", "week_to_date")]
    public async Task Reads_ViewParameterOutOfDomain_400WithMessage(string url, string message)
    {
        var answer = await _app.CreateClient().GetJsonAsync(url, expectedStatus: 400);
        Assert.Contains(message, answer.GetProperty("error").GetString());
    }

    // ---- week_to_date / month_to_date ----

    [Theory]
    [InlineData("week_to_date", "2026-11-16", "2026-11-16")] // as_of a Monday: that day alone
    [InlineData("week_to_date", "2026-11-15", "2026-11-09")] // a Sunday: the whole week
    [InlineData("week_to_date", "2026-11-01", "2026-10-26")] // the week crosses into the month
    [InlineData("week_to_date", "2026-11-04", "2026-11-02")]
    [InlineData("month_to_date", "2026-11-01", "2026-11-01")] // as_of the 1st: that day alone
    [InlineData("month_to_date", "2026-10-31", "2026-10-01")] // the last day: the whole month
    [InlineData("month_to_date", "2026-11-18", "2026-11-01")]
    [InlineData("week_to_date", null, "2026-11-16")] // default as_of: the latest day with data, a Friday
    [InlineData("month_to_date", null, "2026-11-01")]
    public async Task Rankings_ToDatePeriod_WindowFromMondayOrFirstThroughAsOf(string period, string? asOf, string expectedFrom)
    {
        var query = asOf is null ? "" : $"&as_of={asOf}";
        var answer = await _app.CreateClient().GetJsonAsync($"/api/v1/rankings/models?period={period}&limit=1000{query}");
        var from = DateOnly.Parse(expectedFrom, CultureInfo.InvariantCulture);
        var to = (asOf is null ? LoadedApp.LastDay : DateOnly.Parse(asOf, CultureInfo.InvariantCulture)).AddDays(1);
        Assert.Equal(Day(from), answer.GetProperty("from").GetString());
        Assert.Equal(Day(to), answer.GetProperty("to").GetString());

        var length = to.DayNumber - from.DayNumber;
        var current = In(from, to, null);
        var previous = In(from.AddDays(-length), from, null);
        Assert.Equal(current.Sum(r => r.Tokens), answer.GetProperty("total_tokens").GetInt64());
        var items = answer.GetProperty("items").EnumerateArray().ToList();
        foreach (var item in items)
        {
            var key = item.GetProperty("key").GetString();
            Assert.Equal(current.Where(r => r.ModelKey == key).Sum(r => r.Tokens), item.GetProperty("tokens").GetInt64());
            Assert.Equal(previous.Where(r => r.ModelKey == key).Sum(r => r.Tokens), item.GetProperty("previous_tokens").GetInt64());
        }
        Assert.Equal(current.Select(r => r.ModelKey).Distinct().Count(), items.Count);
    }

    // ---- the leaderboard's toggle ----

    [Fact]
    public async Task Leaderboard_AsOpenRouterCounts_VariantsSeparateAndCalendarWeek()
    {
        var client = _app.CreateClient();
        var ours = await client.GetStringAsync("/");
        Assert.Contains("data-counts=\"openrouter\"", ours);
        Assert.Contains("href=\"/?counts=openrouter&amp;period=week_to_date\"", ours.Replace("http://localhost", ""));
        Assert.DoesNotContain("DeepSeek R1 (free)", ours, StringComparison.OrdinalIgnoreCase);

        var theirs = await client.GetStringAsync("/?counts=openrouter&period=week_to_date");
        Assert.Contains("aria-pressed=\"true\" data-counts=\"openrouter\"", theirs);
        Assert.Contains("data-period=\"week_to_date\"", theirs);
        Assert.Contains(ModelCatalog.ModelName("deepseek/deepseek-r1") + " (free)", WebUtility.HtmlDecode(theirs));
        Assert.Contains("variants=separate", theirs); // the models' downloads are what the page shows
        Assert.Contains("2026-11-16 to 2026-11-20", theirs);
        // Switching back reads the week as ours again.
        Assert.Contains("href=\"/?period=week\"", theirs.Replace("http://localhost", ""));
    }

    [Fact]
    public async Task Leaderboard_UnknownCounts_400WithReason()
    {
        var response = await _app.CreateClient().GetAsync("/?counts=ours-maybe");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("counts must be", WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()));
    }
}
