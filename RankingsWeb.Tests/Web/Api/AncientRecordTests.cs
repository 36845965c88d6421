using RankingsWeb.Data.Queries;
using RankingsWeb.Tests.TestInfrastructure;

namespace RankingsWeb.Tests.Web.Api;

/// <summary>
/// A record dated year 1 (a client's zero date) is valid under the contract. Found by an outsider: once folded, it made
/// the all-time window 739,953 days long, so every `period=all` answer and page was a 400 for every visitor. All time is
/// now at most the last 20 years through as_of.
/// </summary>
public class AncientRecordTests : IClassFixture<RankingsAppFactory>
{
    private readonly RankingsAppFactory _app;

    public AncientRecordTests(RankingsAppFactory app) => _app = app;

    [Fact]
    public async Task RecordDatedYearOne_AllTimeAnswersAndPagesStillServe_TheLastTwentyYears()
    {
        var ingest = _app.IngestClient();
        var answer = await ingest.PostNdjsonAsync(string.Join("\n",
            """{"id":"ancient-1","created_at":"0001-01-01T00:00:00Z","model":"zero/date","tokens_prompt":1000,"tokens_completion":1000,"app_title":"Zero Date"}""",
            """{"id":"recent-1","created_at":"2026-11-20T10:00:00Z","model":"openai/gpt-4o","tokens_prompt":30,"tokens_completion":12,"app_title":"Recent App"}""",
            """{"id":"recent-2","created_at":"2026-11-18T10:00:00Z","model":"openai/gpt-4o","tokens_prompt":50,"tokens_completion":8,"app_title":"Recent App"}"""));
        Assert.Equal(3, answer.GetProperty("accepted").GetInt32());
        var client = _app.CreateClient();
        await client.WaitForPendingZeroAsync(3);

        // The window is the 20 years through the latest day; the year-1 record is outside it, the others inside.
        var models = await client.GetJsonAsync("/api/v1/rankings/models?period=all");
        Assert.Equal(30 + 12 + 50 + 8, models.GetProperty("total_tokens").GetInt64());
        Assert.Equal(["openai/gpt-4o"], models.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("key").GetString()));
        Assert.Equal("2026-11-21", models.GetProperty("to").GetString());
        Assert.Equal(Days.Format(Days.FromDate(new DateOnly(2026, 11, 21)) - WindowSpec.MaxWindowDays), models.GetProperty("from").GetString());
        // A window that names the year-1 day still counts it (totals: rankings need the day before it for change).
        var first = await client.GetJsonAsync("/api/v1/totals?from=0001-01-01&to=0001-01-02&interval=day");
        var bucket = Assert.Single(first.GetProperty("buckets").EnumerateArray());
        Assert.Equal(1000, bucket.GetProperty("tokens_prompt").GetInt64());

        foreach (var url in new[]
                 {
                     "/api/v1/rankings/apps?period=all", "/api/v1/totals?period=all&interval=month",
                     "/api/v1/series/models?period=all&interval=month", "/api/v1/growth/models?period=all",
                     "/?period=all", "/apps?period=all", "/models?period=all", "/growth?period=all",
                     "/models/openai/gpt-4o?period=all", "/apps/recent-app?period=all",
                 })
        {
            using var response = await client.GetAsync(url);
            Assert.True(response.IsSuccessStatusCode, $"{url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }
}
