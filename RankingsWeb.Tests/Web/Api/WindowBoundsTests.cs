using System.Text.Json;
using RankingsWeb.Tests.TestInfrastructure;

namespace RankingsWeb.Tests.Web.Api;

/// <summary>
/// Windows at the edges of the calendar and absurdly long ones: the read endpoints answer 400 with a message,
/// or a bounded answer, never a 500 and never per-day arrays for thousands of years.
/// </summary>
public class WindowBoundsTests : IClassFixture<WindowBoundsTests.LoadedApp>
{
    public sealed class LoadedApp : RankingsAppFactory, IAsyncLifetime
    {
        public static readonly DateOnly LastDay = new(2026, 11, 20);

        public async Task InitializeAsync()
        {
            var records = RecordMaker.Make(300, LastDay, 30, seed: 5);
            var client = IngestClient();
            await client.PostNdjsonAsync(TestRecord.Ndjson(records));
            await client.WaitForPendingZeroAsync(records.Count);
        }

        Task IAsyncLifetime.DisposeAsync() => Task.CompletedTask;
    }

    private readonly LoadedApp _app;

    public WindowBoundsTests(LoadedApp app) => _app = app;

    public static TheoryData<string, string> OutsideTheCalendar()
    {
        var data = new TheoryData<string, string>();
        foreach (var endpoint in new[] { "/api/v1/rankings/models?", "/api/v1/series/models?", "/api/v1/totals?", "/api/v1/rank-history/models?key=openai/gpt-5&" })
        {
            data.Add(endpoint + "period=year&as_of=0001-01-01", "outside years 1..9999");
            data.Add(endpoint + "period=day&as_of=9999-12-31", "outside years 1..9999");
            data.Add(endpoint + "period=month&as_of=9999-12-31&interval=month", "outside years 1..9999");
            data.Add(endpoint + "from=0001-01-01&to=9999-12-31", "longer than 20 years");
            data.Add(endpoint + "from=0001-01-01&to=9999-12-31&interval=day", "longer than 20 years");
        }
        // The previous window of equal length (for change) would start before 0001-01-01.
        data.Add("/api/v1/rankings/models?from=0001-01-01&to=0001-01-08", "previous window");
        data.Add("/api/v1/rankings/apps?period=week&as_of=0001-01-10", "previous window");
        return data;
    }

    [Theory]
    [MemberData(nameof(OutsideTheCalendar))]
    public async Task Reads_WindowOutsideTheCalendar_400WithMessage(string url, string message)
    {
        var answer = await _app.CreateClient().GetJsonAsync(url, expectedStatus: 400);
        Assert.Contains(message, answer.GetProperty("error").GetString());
    }

    [Theory]
    [InlineData("/api/v1/series/models?from=9999-11-01&to=9999-12-31&interval=month", new[] { "9999-11-01", "9999-12-01" })]
    [InlineData("/api/v1/series/models?from=9999-12-20&to=9999-12-31&interval=week", new[] { "9999-12-20", "9999-12-27" })]
    [InlineData("/api/v1/series/models?from=0001-01-01&to=0001-03-01&interval=month", new[] { "0001-01-01", "0001-02-01" })]
    [InlineData("/api/v1/series/models?period=day&as_of=9999-12-30&interval=month", new[] { "9999-12-01" })]
    [InlineData("/api/v1/totals?from=9999-11-15&to=9999-12-31&interval=month", new[] { "9999-11-01", "9999-12-01" })]
    [InlineData("/api/v1/rank-history/models?key=openai/gpt-5&from=9999-12-01&to=9999-12-31&interval=month", new[] { "9999-12-01" })]
    public async Task Reads_WindowAtTheCalendarEdges_AnswerWithTheirBuckets(string url, string[] buckets)
    {
        var answer = await _app.CreateClient().GetJsonAsync(url);
        var got = answer.GetProperty("buckets").EnumerateArray()
            .Select(b => b.ValueKind == JsonValueKind.String ? b.GetString() : b.GetProperty("bucket").GetString()).ToList();
        Assert.Equal(buckets, got);
    }

    [Theory]
    [InlineData("/api/v1/rankings/models?from=0001-01-08&to=0001-01-15")]
    [InlineData("/api/v1/rankings/models?from=9999-12-01&to=9999-12-31")]
    [InlineData("/api/v1/rankings/models?period=year&as_of=9999-12-30")]
    public async Task Rankings_WindowAndPreviousInsideTheCalendar_200(string url)
    {
        var answer = await _app.CreateClient().GetJsonAsync(url);
        Assert.Equal(0, answer.GetProperty("total_tokens").GetInt64());
    }

    [Theory]
    [InlineData("/api/v1/series/models?from=2006-11-21&to=2026-11-21&interval=day")]
    [InlineData("/api/v1/totals?from=2006-11-21&to=2026-11-21&interval=day")]
    [InlineData("/api/v1/rank-history/models?key=openai/gpt-5&from=2006-11-21&to=2026-11-21&interval=day")]
    public async Task Reads_TooManyBuckets_400WithMessage(string url)
    {
        var answer = await _app.CreateClient().GetJsonAsync(url, expectedStatus: 400);
        var error = answer.GetProperty("error").GetString()!;
        Assert.Contains("buckets", error);
        Assert.Contains("interval=week", error);
    }

    [Theory]
    [InlineData("/api/v1/series/models?from=2006-11-21&to=2026-11-21")]
    [InlineData("/api/v1/series/models?from=2006-11-21&to=2026-11-21&interval=week")]
    [InlineData("/api/v1/totals?from=2006-11-21&to=2026-11-21&interval=month")]
    [InlineData("/api/v1/series/apps?from=2023-11-21&to=2026-11-21&interval=day")]
    public async Task Reads_LongWindowAtACoarseEnoughInterval_BoundedBuckets(string url)
    {
        var answer = await _app.CreateClient().GetJsonAsync(url);
        var count = answer.GetProperty("buckets").GetArrayLength();
        Assert.InRange(count, 1, 1100);
    }
}
