using System.Net;
using System.Text.Json;
using RankingsWeb.Tests.TestInfrastructure;

namespace RankingsWeb.Tests.Web.Operations;

/// <summary>Rankings:RateLimits: a burst per client address on public reads and pages, per key on ingestion, 429 with Retry-After.</summary>
public class RateLimitTests
{
    private static RankingsAppFactory App(int perMinute = 1, int burst = 3, int ingestPerMinute = 0, int ingestBurst = 0)
    {
        var app = new RankingsAppFactory();
        app.Settings["Rankings:RateLimits:PermitsPerMinute"] = perMinute.ToString(System.Globalization.CultureInfo.InvariantCulture);
        app.Settings["Rankings:RateLimits:Burst"] = burst.ToString(System.Globalization.CultureInfo.InvariantCulture);
        app.Settings["Rankings:RateLimits:IngestPermitsPerMinute"] = ingestPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture);
        app.Settings["Rankings:RateLimits:IngestBurst"] = ingestBurst.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return app;
    }

    private static async Task<HttpResponseMessage> GetAsync(HttpClient client, string url, string address)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Add(TestClientAddress.Header, address);
        return await client.SendAsync(request);
    }

    [Fact]
    public async Task ReadApi_BurstFromOneAddress_Answers429ProblemWithRetryAfter_OtherAddressesServed()
    {
        using var app = App();
        using var client = app.CreateClient();
        for (var i = 0; i < 3; i++)
        {
            using var ok = await GetAsync(client, "/api/v1/rankings/models", "198.51.100.7");
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }
        using var refused = await GetAsync(client, "/api/v1/rankings/models", "198.51.100.7");
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        var seconds = int.Parse(refused.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(seconds, 1, 60);
        var body = JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(429, body.GetProperty("status").GetInt32());
        Assert.StartsWith("too many requests", body.GetProperty("error").GetString());
        Assert.Equal(body.GetProperty("error").GetString(), body.GetProperty("detail").GetString());

        using var other = await GetAsync(client, "/api/v1/rankings/models", "198.51.100.8");
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        // Same address family member of one /64: counted together.
        using var v6a = await GetAsync(client, "/api/v1/status", "2001:db8::1");
        using var v6b = await GetAsync(client, "/api/v1/status", "2001:db8::2");
        using var v6c = await GetAsync(client, "/api/v1/status", "2001:db8::3");
        using var v6d = await GetAsync(client, "/api/v1/status", "2001:db8::4");
        Assert.Equal(HttpStatusCode.TooManyRequests, v6d.StatusCode);
    }

    [Fact]
    public async Task Pages_Burst_Answers429Page_StaticFilesAndHealthExempt()
    {
        using var app = App(burst: 2);
        using var client = app.CreateClient();
        const string Address = "198.51.100.9";
        for (var i = 0; i < 2; i++)
        {
            using var ok = await GetAsync(client, "/", Address);
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }
        using var refused = await GetAsync(client, "/models", Address);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(refused.Headers.Contains("Retry-After"));
        Assert.Contains("data-testid=\"rate-limited\"", await refused.Content.ReadAsStringAsync());
        foreach (var url in new[] { "/js/apexchart.js", "/healthz", "/readyz", "/account/login" })
        {
            using var exempt = await GetAsync(client, url, Address);
            Assert.NotEqual(HttpStatusCode.TooManyRequests, exempt.StatusCode);
        }
    }

    [Fact]
    public async Task SignedInAnalyst_IsExempt()
    {
        using var app = App(burst: 1);
        await app.CreateUserAsync("analyst@rankings.test", "analyst-password-123", RankingsWeb.Auth.Roles.Analyst);
        using var analyst = await app.SignedInAsync("analyst@rankings.test", "analyst-password-123");
        for (var i = 0; i < 5; i++)
        {
            using var ok = await GetAsync(analyst, "/api/v1/rankings/models", "198.51.100.10");
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }
        using var anonymous = app.CreateClient();
        using var first = await GetAsync(anonymous, "/api/v1/rankings/models", "198.51.100.10");
        using var second = await GetAsync(anonymous, "/api/v1/rankings/models", "198.51.100.10");
        Assert.Equal(HttpStatusCode.TooManyRequests, second.StatusCode);
    }

    [Fact]
    public async Task Ingest_BurstPerKey_Answers429Problem_WrongKeysCountApart()
    {
        using var app = App(perMinute: 0, ingestPerMinute: 1, ingestBurst: 2);
        using var client = app.IngestClient();
        var record = TestRecord.Ndjson([new TestRecord("rl-1", DateTimeOffset.UtcNow.AddHours(-1), "openai/gpt-4o", 10, 5)]);
        await client.PostNdjsonAsync(record);
        await client.PostNdjsonAsync(record);
        var refused = await client.PostNdjsonAsync(record, expectedStatus: 429);
        Assert.Equal(429, refused.GetProperty("status").GetInt32());
        Assert.StartsWith("too many requests", refused.GetProperty("error").GetString());
        // A wrong key has its own bucket (by address): still its 401, not the real sender's 429.
        using var wrong = app.CreateClient();
        wrong.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "guess");
        await wrong.PostNdjsonAsync(record, expectedStatus: 401);
        // Reads are off (PermitsPerMinute 0).
        for (var i = 0; i < 10; i++) await client.GetJsonAsync("/api/v1/status");
    }

    [Fact]
    public async Task BehindTrustedProxy_CountsTheForwardedAddress()
    {
        using var app = App(burst: 1);
        using var client = app.CreateClient();
        async Task<HttpStatusCode> Get(string visitor)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/status");
            request.Headers.Add(TestClientAddress.Header, "127.0.0.1"); // the proxy, trusted by default
            request.Headers.Add("X-Forwarded-For", visitor);
            using var response = await client.SendAsync(request);
            return response.StatusCode;
        }
        Assert.Equal(HttpStatusCode.OK, await Get("203.0.113.1"));
        Assert.Equal(HttpStatusCode.TooManyRequests, await Get("203.0.113.1"));
        Assert.Equal(HttpStatusCode.OK, await Get("203.0.113.2"));
    }
}
