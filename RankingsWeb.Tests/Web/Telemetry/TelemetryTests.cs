using System.Diagnostics;
using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using RankingsWeb.Data.Aggregation;
using RankingsWeb.Data.Telemetry;
using RankingsWeb.Tests.TestInfrastructure;

namespace RankingsWeb.Tests.Web.Telemetry;

/// <summary>
/// The RankingsWeb meter and activity source, read through the OpenTelemetry SDK with an in-memory exporter while
/// records flow over real HTTP: every number is exact, read at a flush the test makes.
/// </summary>
public sealed class TelemetryTests
{
    private static readonly DateOnly LastDay = new(2026, 11, 20);

    [Fact]
    public async Task IngestAndFold_InstrumentsMoveExactly_PendingFallsToZero()
    {
        // No worker here: the test folds, so the fold's numbers are read after it, not raced against Hangfire.
        await using var app = new TelemetryApp();
        app.Settings["Rankings:NodeRoles"] = "web,ingest";
        app.Start();
        var good = RecordMaker.Make(5, LastDay, days: 3, seed: 16);
        var bad = new[]
        {
            "{not json",
            "{\"id\":",
            good[0].ToJson().Replace("\"id\":\"" + good[0].Id + "\"", "\"id\":\"too-much-reasoning\"", StringComparison.Ordinal)
                .Replace("\"tokens_reasoning\":" + good[0].Reasoning, "\"tokens_reasoning\":" + (good[0].Completion + 1), StringComparison.Ordinal),
        };
        var first = TestRecord.Ndjson(good) + string.Join('\n', bad) + "\n";
        var second = TestRecord.Ndjson(good.Take(2)); // both already stored: duplicates
        var traceId = ActivityTraceId.CreateRandom();

        var client = app.IngestClient();
        var answer = await PostWithTraceAsync(client, first, traceId);
        Assert.Equal(5, answer.GetProperty("accepted").GetInt32());
        Assert.Equal(3, answer.GetProperty("rejected_total").GetInt32());
        Assert.Equal(2, (await client.PostNdjsonAsync(second)).GetProperty("duplicates").GetInt32());

        var afterIngest = app.Flush();
        Assert.Equal(5, afterIngest.Sum("rankings.ingest.records", ("outcome", "accepted")));
        Assert.Equal(2, afterIngest.Sum("rankings.ingest.records", ("outcome", "duplicate")));
        Assert.Equal(3, afterIngest.Sum("rankings.ingest.records", ("outcome", "rejected")));
        Assert.Equal(2, afterIngest.Sum("rankings.ingest.records", ("outcome", "rejected"), ("reason", "malformed JSON")));
        Assert.Equal(1, afterIngest.Sum("rankings.ingest.records", ("outcome", "rejected"), ("reason", "tokens_reasoning (n) exceeds tokens_completion (n)")));
        Assert.Equal(Encoding.UTF8.GetByteCount(first) + Encoding.UTF8.GetByteCount(second), afterIngest.Sum("rankings.ingest.bytes"));
        Assert.Equal(5, afterIngest.GaugeLong("rankings.fold.pending"));
        Assert.True(afterIngest.GaugeDouble("rankings.fold.lag") >= 0);
        Assert.Equal(0, afterIngest.Sum("rankings.fold.runs"));

        // The ingest span is a child of the request's (the traceparent we sent), with the counts as tags.
        var ingest = Assert.Single(app.Spans, s => s.TraceId == traceId && s.OperationName == "ingest");
        Assert.Equal(RankingsActivities.SourceName, ingest.Source.Name);
        Assert.Equal(5, ingest.GetTagItem(RankingsActivities.Accepted));
        Assert.Equal(0, ingest.GetTagItem(RankingsActivities.Duplicates));
        Assert.Equal(3, ingest.GetTagItem(RankingsActivities.Rejected));
        var append = Assert.Single(app.Spans, s => s.TraceId == traceId && s.OperationName == "ingest append");
        Assert.Equal(ingest.SpanId, append.ParentSpanId);

        // So the one fold below takes all five on a PostgreSQL server shared with other runs, too.
        await TestDatabase.WaitUntilFoldableAsync(app.Services);
        // A sampled parent of our own, so the fold's span is told apart by its trace id.
        using (var parent = new Activity("test fold").SetParentId(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded).Start())
        {
            var result = await app.Services.GetRequiredService<IRollupFolder>().FoldAsync(CancellationToken.None);
            Assert.Equal(5, result.RecordsFolded);
            var fold = Assert.Single(app.Spans, s => s.TraceId == parent.TraceId && s.OperationName == "fold");
            Assert.Equal(5L, fold.GetTagItem(RankingsActivities.Folded));
        }

        var afterFold = app.Flush();
        Assert.Equal(1, afterFold.Sum("rankings.fold.runs"));
        Assert.Equal(1, afterFold.HistogramCount("rankings.fold.duration"));
        Assert.Equal(5, afterFold.Sum("rankings.fold.records"));
        Assert.Equal(0, afterFold.GaugeLong("rankings.fold.pending"));
        Assert.Equal(0, afterFold.GaugeDouble("rankings.fold.lag"));
        Assert.Equal(5, afterFold.Sum("rankings.ingest.records", ("outcome", "accepted"))); // cumulative: unchanged
    }

    [Theory]
    [InlineData("/api/v1/rankings/models?period=week&as_of=2026-11-20", "api")]
    [InlineData("/?period=week&as_of=2026-11-20", "page")]
    public async Task PublicCache_FirstRequestMisses_SecondHits(string url, string surface)
    {
        await using var app = new TelemetryApp();
        app.Settings["Rankings:PublicCacheSeconds"] = "10";
        app.Start();
        var client = app.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(url)).StatusCode);
        var first = app.Flush();
        Assert.Equal(1, first.Sum("rankings.public_cache.requests", ("result", "miss"), ("surface", surface)));
        Assert.Equal(0, first.Sum("rankings.public_cache.requests", ("result", "hit")));

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(url)).StatusCode);
        var second = app.Flush();
        Assert.Equal(1, second.Sum("rankings.public_cache.requests", ("result", "miss")));
        Assert.Equal(1, second.Sum("rankings.public_cache.requests", ("result", "hit"), ("surface", surface)));
    }

    [Fact]
    public async Task PublicCacheOff_CountsNothing()
    {
        await using var app = new TelemetryApp().Start(); // the shared factory sets PublicCacheSeconds=0
        var client = app.CreateClient();
        await client.GetAsync("/api/v1/rankings/models?period=week&as_of=2026-11-20");
        await client.GetAsync("/api/v1/rankings/models?period=week&as_of=2026-11-20");
        Assert.Equal(0, app.Flush().Sum("rankings.public_cache.requests"));
    }

    [Fact]
    public async Task SignIn_WrongPasswordThenThrottled_CountedByReason()
    {
        await using var app = new TelemetryApp();
        app.Settings["Rankings:SignInAttemptsPerMinute"] = "1";
        var client = app.CookieClient();

        using (var wrong = await SignIn.PostLoginAsync(client, RankingsAppFactory.AdminEmail, "not-the-password"))
            Assert.Equal(HttpStatusCode.OK, wrong.StatusCode); // the form again, with its message
        var afterWrong = app.Flush();
        Assert.Equal(1, afterWrong.Sum("rankings.sign_in.failures", ("reason", "credentials")));
        Assert.Equal(0, afterWrong.Sum("rankings.sign_in.failures", ("reason", "throttled")));

        using (var throttled = await SignIn.PostLoginAsync(client, RankingsAppFactory.AdminEmail, RankingsAppFactory.AdminPassword))
            Assert.Equal(HttpStatusCode.TooManyRequests, throttled.StatusCode);
        var afterThrottle = app.Flush();
        Assert.Equal(1, afterThrottle.Sum("rankings.sign_in.failures", ("reason", "credentials")));
        Assert.Equal(1, afterThrottle.Sum("rankings.sign_in.failures", ("reason", "throttled")));
    }

    [Fact]
    public async Task NoOtlpVariables_NoSdk()
    {
        await using var app = new RankingsAppFactory();
        _ = app.Server;
        Assert.Null(app.Services.GetService<MeterProvider>());
        Assert.Null(app.Services.GetService<TracerProvider>());
    }

    [Theory]
    [InlineData(null, "RankingsWeb")]
    [InlineData("rankings-eu-1", "rankings-eu-1")]
    public async Task OtlpEndpointSet_SdkOn_NamedRankingsWebUnlessOtelServiceName(string? serviceName, string expected)
    {
        await using var app = new RankingsAppFactory();
        // Nothing listens on port 9 (discard) here: the exporter's failures must not touch the app.
        app.Settings["OTEL_EXPORTER_OTLP_ENDPOINT"] = "http://127.0.0.1:9";
        if (serviceName is not null) app.Settings["OTEL_SERVICE_NAME"] = serviceName;
        var client = app.IngestClient();
        await client.PostNdjsonAsync(TestRecord.Ndjson(RecordMaker.Make(3, LastDay, days: 2, seed: 3)));
        await client.WaitForPendingZeroAsync(3);

        var tracer = app.Services.GetRequiredService<TracerProvider>();
        Assert.NotNull(app.Services.GetService<MeterProvider>());
        Assert.Equal(expected, tracer.GetResource().Attributes.Single(a => a.Key == "service.name").Value);
    }

    private static async Task<System.Text.Json.JsonElement> PostWithTraceAsync(HttpClient client, string ndjson, ActivityTraceId traceId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/usage")
        {
            Content = new StringContent(ndjson, Encoding.UTF8, "application/x-ndjson"),
        };
        request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01");
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, text);
        return System.Text.Json.JsonDocument.Parse(text).RootElement.Clone();
    }
}
