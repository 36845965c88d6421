using System.Globalization;
using RankingsWeb.Tests.TestInfrastructure;

namespace RankingsWeb.Tests.Web.Api;

/// <summary>
/// Contract v1.1 over HTTP: records that sum many generations (<c>requests</c>) and carry <c>tool_calls</c>. Rankings
/// (JSON and CSV) and the series metrics <c>tool_calls</c> and <c>tool_calls_per_request</c> against sums computed here;
/// a ratio is the bucket's sums divided, for Others as for every line.
/// </summary>
public class AggregatedRecordsApiTests : IClassFixture<AggregatedRecordsApiTests.LoadedApp>
{
    public sealed class LoadedApp : RankingsAppFactory, IAsyncLifetime
    {
        public static readonly DateOnly LastDay = new(2026, 11, 20);

        public List<TestRecord> Records { get; } = WithRequests(RecordMaker.Make(1500, LastDay, 10, seed: 71, prefix: "agg"));

        private static List<TestRecord> WithRequests(List<TestRecord> records)
        {
            var rng = new Random(72);
            return [.. records.Select(r =>
            {
                var requests = rng.Next(1, 60);
                return r with { Requests = requests, ToolCalls = rng.Next(0, 3) == 0 ? 0 : rng.Next(0, requests * 4) };
            })];
        }

        public async Task InitializeAsync()
        {
            var client = IngestClient();
            foreach (var chunk in Records.Chunk(500)) await client.PostNdjsonAsync(TestRecord.Ndjson(chunk));
            await client.WaitForPendingZeroAsync(Records.Count);
        }

        Task IAsyncLifetime.DisposeAsync() => Task.CompletedTask;
    }

    private readonly LoadedApp _app;

    public AggregatedRecordsApiTests(LoadedApp app) => _app = app;

    private static string Day(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static readonly DateOnly From = LoadedApp.LastDay.AddDays(-9);
    private static readonly DateOnly To = LoadedApp.LastDay.AddDays(1);

    [Fact]
    public async Task Rankings_RequestsSumRecordsRequests_ToolCallsSummed_JsonAndCsv()
    {
        var url = $"/api/v1/rankings/models?from={Day(From)}&to={Day(To)}&limit=1000";
        var expected = _app.Records.GroupBy(r => r.ModelKey).ToDictionary(g => g.Key,
            g => (Requests: g.Sum(r => r.Requests!.Value), ToolCalls: g.Sum(r => r.ToolCalls!.Value), Tokens: g.Sum(r => r.Tokens)));

        var items = (await _app.CreateClient().GetJsonAsync(url)).GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(expected.Count, items.Count);
        foreach (var item in items)
        {
            var e = expected[item.GetProperty("key").GetString()!];
            Assert.Equal(e, (item.GetProperty("requests").GetInt64(), item.GetProperty("tool_calls").GetInt64(), item.GetProperty("tokens").GetInt64()));
        }

        var csv = CsvText.Parse(await _app.CreateClient().GetStringAsync(url + "&format=csv")).Where(r => !r[0].StartsWith('#')).ToList();
        var header = csv[0].ToList();
        Assert.Contains("tool_calls", header);
        foreach (var row in csv.Skip(1))
        {
            var e = expected[row[header.IndexOf("key")]];
            Assert.Equal(e, (long.Parse(row[header.IndexOf("requests")], CultureInfo.InvariantCulture),
                long.Parse(row[header.IndexOf("tool_calls")], CultureInfo.InvariantCulture), long.Parse(row[header.IndexOf("tokens")], CultureInfo.InvariantCulture)));
        }
        Assert.Equal(expected.Count, csv.Count - 1);
    }

    [Theory]
    [InlineData("models", "tool_calls")]
    [InlineData("models", "tool_calls_per_request")]
    [InlineData("categories", "tool_calls_per_request")]
    [InlineData("models", "requests")]
    public async Task Series_ToolCallMetrics_FromTheBucketsSums_OthersToo(string dimension, string metric)
    {
        var answer = await _app.CreateClient().GetJsonAsync($"/api/v1/series/{dimension}?from={Day(From)}&to={Day(To)}&interval=day&metric={metric}&top=2");
        Assert.Equal(metric, answer.GetProperty("metric").GetString());
        string KeyOf(TestRecord r) => dimension == "models" ? r.ModelKey : r.Category ?? "uncategorized";
        var ratio = metric == "tool_calls_per_request";
        long Numerator(TestRecord r) => metric == "requests" ? r.Requests!.Value : r.ToolCalls!.Value;

        // A ratio's lines are the keys with the most requests; a sum's, the keys with the most of it.
        var ranked = _app.Records.GroupBy(KeyOf).Select(g => (g.Key, Total: ratio ? g.Sum(r => r.Requests!.Value) : g.Sum(Numerator)))
            .Where(x => x.Total != 0).OrderByDescending(x => x.Total).ThenBy(x => x.Key, StringComparer.Ordinal).ToList();
        var topKeys = ranked.Take(2).Select(x => x.Key).ToList();
        var series = answer.GetProperty("series").EnumerateArray().ToList();
        Assert.Equal([.. topKeys, "others"], series.Select(s => s.GetProperty("key").GetString()));

        var buckets = Enumerable.Range(0, 10).Select(i => From.AddDays(i)).ToList();
        foreach (var s in series)
        {
            var key = s.GetProperty("key").GetString()!;
            var mine = _app.Records.Where(r => key == "others" ? !topKeys.Contains(KeyOf(r)) : KeyOf(r) == key).ToList();
            var expected = buckets.Select(b =>
            {
                var cell = mine.Where(r => DateOnly.FromDateTime(r.CreatedAt.UtcDateTime) == b).ToList();
                if (!ratio) return (decimal)cell.Sum(Numerator);
                var requests = cell.Sum(r => r.Requests!.Value);
                return requests == 0 ? 0m : Ratio(cell.Sum(r => r.ToolCalls!.Value), requests);
            }).ToList();
            Assert.Equal(expected, s.GetProperty("values").EnumerateArray().Select(v => v.GetDecimal()).ToList());
        }
    }

    [Fact]
    public async Task Series_UnknownMetric_400ListsTheToolCallMetrics()
    {
        var answer = await _app.CreateClient().GetJsonAsync("/api/v1/series/models?metric=vibes", expectedStatus: 400);
        var error = answer.GetProperty("error").GetString()!;
        Assert.Contains("tool_calls, tool_calls_per_request", error);
        Assert.Contains("(got 'vibes')", error);
    }

    /// <summary>A series ratio as the API answers it: the quotient of the sums, to <see cref="RankingsWeb.Data.Queries.MetricInfo.RatioDecimals"/> places.</summary>
    private static decimal Ratio(long numerator, long denominator) =>
        Math.Round((decimal)numerator / denominator, RankingsWeb.Data.Queries.MetricInfo.RatioDecimals, MidpointRounding.AwayFromZero);
}
