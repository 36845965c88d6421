using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using RankingsWeb.Data.Analytics;
using RankingsWeb.Tests.TestInfrastructure;

namespace RankingsWeb.Tests.Web.Proxy;

/// <summary>
/// The app on a real Kestrel port behind a real nginx running the repository's site file
/// (deploy/nginx-rankingsweb.conf): TLS at nginx, plain HTTP to the app, which trusts 127.0.0.1 as its proxy as a
/// deployment on one host would (Rankings:ForwardedHeaders:KnownProxies). Every request below goes through nginx.
/// The interactive pages' WebSocket is checked with a real browser in Browser/ProxyBrowserTests.
/// </summary>
public sealed partial class ReverseProxyTests
{
    [NginxFact]
    public async Task PagesIngestAndDownloads_ThroughTheProxy_Answer200()
    {
        await using var stack = await ProxiedApp.StartAsync();
        using var client = stack.Proxy.CreateClient();

        // A batch larger than nginx's default body limit (1 MiB): the site raises it to the app's 16 MiB.
        var day = DateTimeOffset.UtcNow.AddHours(-1);
        var records = Enumerable.Range(0, 12_000).Select(i => new TestRecord($"p-{i}", day.AddSeconds(-i), i % 2 == 0 ? "openai/gpt-5" : "anthropic/claude-sonnet-4", 1_000, 100,
            AppUrl: "https://example.com/", Category: "programming", Provider: "OpenAI")).ToList();
        var ndjson = TestRecord.Ndjson(records);
        Assert.True(Encoding.UTF8.GetByteCount(ndjson) > 1_500_000, "the batch must exceed nginx's default client_max_body_size");
        using (var ingest = new HttpRequestMessage(HttpMethod.Post, "/api/v1/usage") { Content = new StringContent(ndjson, Encoding.UTF8, "application/x-ndjson") })
        {
            ingest.Headers.Authorization = new AuthenticationHeaderValue("Bearer", RankingsAppFactory.IngestKey);
            using var accepted = await client.SendAsync(ingest);
            Assert.True(accepted.StatusCode == HttpStatusCode.Accepted, $"{(int)accepted.StatusCode}: {await accepted.Content.ReadAsStringAsync()}");
        }
        await client.WaitForPendingZeroAsync(records.Count);

        foreach (var path in new[] { "/", "/models", "/models/openai/gpt-5", "/apps/example.com", "/categories/programming", "/growth", "/api", "/healthz" })
        {
            using var page = await client.GetAsync(path);
            Assert.True(page.StatusCode == HttpStatusCode.OK, $"GET {path} through nginx: {(int)page.StatusCode}\n{stack.Proxy.ErrorLog}");
            // nginx answered (the app sends no Server header of its own through it; server_tokens off hides the version).
            Assert.Equal("nginx", page.Headers.Server.ToString());
        }

        // Every stylesheet and script the home page references.
        var home = await client.GetStringAsync("/");
        var assets = AssetReference().Matches(home).Select(m => m.Groups[1].Value).Where(u => u.StartsWith('/') || !u.Contains(':')).Distinct().ToList();
        Assert.NotEmpty(assets);
        foreach (var asset in assets)
        {
            using var answer = await client.GetAsync(asset.StartsWith('/') ? asset : "/" + asset);
            Assert.True(answer.StatusCode == HttpStatusCode.OK, $"GET {asset} through nginx: {(int)answer.StatusCode}");
        }

        // Downloads: the rankings as CSV and the read API as JSON.
        using var csv = await client.GetAsync("/api/v1/rankings/models?period=all&format=csv");
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        var csvText = await csv.Content.ReadAsStringAsync();
        Assert.Contains("openai/gpt-5", csvText);
        Assert.Contains("anthropic/claude-sonnet-4", csvText);
        var json = await client.GetJsonAsync("/api/v1/rankings/models?period=all");
        Assert.Equal(records.Sum(r => r.Tokens), json.GetProperty("items").EnumerateArray().Sum(i => i.GetProperty("tokens").GetInt64()));

        // Plain HTTP only redirects to https.
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(stack.Proxy.HttpUrl) };
        using var redirect = await http.GetAsync("/models?period=week");
        Assert.Equal(HttpStatusCode.MovedPermanently, redirect.StatusCode);
        Assert.Equal("https://127.0.0.1/models?period=week", redirect.Headers.Location?.ToString());
    }

    [NginxFact]
    public async Task SignIn_ProxySaysHttps_CookiesAreSecure_AndTheSessionWorks()
    {
        await using var stack = await ProxiedApp.StartAsync();
        var cookies = new CookieContainer();
        using var client = stack.Proxy.CreateClient(cookies: cookies);

        // The analyst page sends an anonymous visitor to sign in, back at the proxy's address (the Host nginx passes on).
        using var challenge = await client.GetAsync("/analytics");
        Assert.Equal(HttpStatusCode.Redirect, challenge.StatusCode);
        var location = challenge.Headers.Location!;
        Assert.True(!location.IsAbsoluteUri || location.ToString().StartsWith(stack.Proxy.HttpsUrl + "/", StringComparison.Ordinal), location.ToString());
        Assert.Contains("/account/login", location.ToString());

        using var form = await client.GetAsync("/account/login");
        var antiforgery = Assert.Single(form.Headers.GetValues("Set-Cookie"), c => c.StartsWith(".AspNetCore.Antiforgery", StringComparison.Ordinal));
        Assert.Contains("; secure", antiforgery, StringComparison.OrdinalIgnoreCase);

        using var signIn = await SignIn.PostLoginAsync(client, RankingsAppFactory.AdminEmail, RankingsAppFactory.AdminPassword);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        var auth = Assert.Single(signIn.Headers.GetValues("Set-Cookie"), c => c.StartsWith("rankings.auth=", StringComparison.Ordinal));
        Assert.Contains("; secure", auth, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("; httponly", auth, StringComparison.OrdinalIgnoreCase);

        using var analytics = await client.GetAsync("/analytics");
        Assert.Equal(HttpStatusCode.OK, analytics.StatusCode);
        using var export = await client.GetAsync("/analytics/export?group=models&period=all&top=10&format=csv");
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        Assert.Equal("text/csv", export.Content.Headers.ContentType?.MediaType);
    }

    [NginxFact]
    public async Task RateLimiter_CountsEachVisitorsAddress_NotTheProxys_NorWhatAVisitorClaims()
    {
        // Two requests, then one a minute, per client address.
        await using var stack = await ProxiedApp.StartAsync(s =>
        {
            s["Rankings:RateLimits:PermitsPerMinute"] = "1";
            s["Rankings:RateLimits:Burst"] = "2";
        });
        // Three visitors, told apart by the loopback address each connects from.
        using var first = stack.Proxy.CreateClient(IPAddress.Parse("127.0.0.2"));
        using var second = stack.Proxy.CreateClient(IPAddress.Parse("127.0.0.3"));
        using var spoofer = stack.Proxy.CreateClient(IPAddress.Parse("127.0.0.4"));

        for (var i = 0; i < 2; i++)
        {
            using var ok = await first.GetAsync("/api/v1/rankings/models");
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }
        using var refused = await first.GetAsync("/api/v1/rankings/models");
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        var retryAfter = int.Parse(refused.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(retryAfter, 1, 60);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Equal(429, JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement.GetProperty("status").GetInt32());
        // Pages are limited the same way, with a page that says so.
        using var refusedPage = await first.GetAsync("/models");
        Assert.Equal(HttpStatusCode.TooManyRequests, refusedPage.StatusCode);
        Assert.True(refusedPage.Headers.Contains("Retry-After"));

        // Another visitor has an allowance of its own: the app does not see every visitor as nginx's 127.0.0.1.
        using var other = await second.GetAsync("/api/v1/rankings/models");
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);

        // A visitor who writes its own X-Forwarded-For gains nothing: nginx appends the address it saw, and the app
        // takes only that last hop from its trusted proxy.
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/rankings/models");
            request.Headers.Add("X-Forwarded-For", $"203.0.113.{i + 1}");
            using var answer = await spoofer.SendAsync(request);
            statuses.Add(answer.StatusCode);
        }
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);

        // The address the app records for an ingest batch is the visitor's too.
        using var ingest = new HttpRequestMessage(HttpMethod.Post, "/api/v1/usage")
        {
            Content = new StringContent("{\"id\":\"not-a-record\"}\n", Encoding.UTF8, "application/x-ndjson"),
        };
        ingest.Headers.Authorization = new AuthenticationHeaderValue("Bearer", RankingsAppFactory.IngestKey);
        ingest.Headers.Add("X-Forwarded-For", "203.0.113.9");
        using var batch = await second.SendAsync(ingest);
        Assert.Equal(HttpStatusCode.Accepted, batch.StatusCode);
        var line = Assert.Single(await stack.App.Services.GetRequiredService<IngestionHealthQueries>().RejectedLinesAsync(null, null, 10));
        Assert.Equal("http:127.0.0.3", line.BatchSource);
    }

    [GeneratedRegex("<(?:link[^>]+href|script[^>]+src)=\"([^\"]+\\.(?:css|js)[^\"]*)\"")]
    private static partial Regex AssetReference();

    /// <summary>A test app on Kestrel with nginx in front; the app trusts 127.0.0.1 (nginx) as its only proxy.</summary>
    private sealed class ProxiedApp : IAsyncDisposable
    {
        private ProxiedApp(RankingsAppFactory app, NginxProxy proxy)
        {
            App = app;
            Proxy = proxy;
        }

        public RankingsAppFactory App { get; }
        public NginxProxy Proxy { get; }

        public static async Task<ProxiedApp> StartAsync(Action<Dictionary<string, string?>>? settings = null)
        {
            var app = new RankingsAppFactory();
            app.Settings["Rankings:ForwardedHeaders:KnownProxies"] = "127.0.0.1";
            settings?.Invoke(app.Settings);
            app.UseKestrel(0);
            app.StartServer();
            try
            {
                return new ProxiedApp(app, await NginxProxy.StartAsync(app.CreateClient().BaseAddress!.Port));
            }
            catch
            {
                await app.DisposeAsync();
                throw;
            }
        }

        public async ValueTask DisposeAsync()
        {
            await Proxy.DisposeAsync();
            await App.DisposeAsync();
        }
    }
}
