using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using RankingsWeb.Data.Analytics;
using RankingsWeb.Tests.TestInfrastructure;

namespace RankingsWeb.Tests.Web.Security;

/// <summary>
/// The app on a real Kestrel port, so requests come from 127.0.0.1 like a reverse proxy on the same host would; the
/// configured proxy list decides whether that address is trusted.
/// </summary>
public partial class ForwardedHeadersTests
{
    public static TheoryData<string?, string?, bool> Proxies => new()
    {
        { null, null, true },                   // ASP.NET's default: loopback
        { "127.0.0.1", null, true },
        { null, "127.0.0.0/8", true },
        { "10.1.2.3", null, false },            // a configured list replaces the default
        { "10.1.2.3, 192.0.2.1", "10.0.0.0/8", false },
    };

    [Theory]
    [MemberData(nameof(Proxies))]
    public async Task ForwardedHttps_FromKnownProxyOnly_MakesTheSignInCookieSecure(string? proxies, string? networks, bool trusted)
    {
        await using var app = new RankingsAppFactory();
        if (proxies is not null) app.Settings["Rankings:ForwardedHeaders:KnownProxies"] = proxies;
        if (networks is not null) app.Settings["Rankings:ForwardedHeaders:KnownNetworks:0"] = networks;
        app.UseKestrel(0);
        app.StartServer();
        using var client = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = app.CreateClient().BaseAddress };

        // Cookies are carried by hand: a Secure cookie would not go back over http in a cookie container.
        var login = await SendAsync(client, HttpMethod.Get, "/account/login", null, forwarded: true);
        var cookies = login.Headers.GetValues("Set-Cookie").ToList();
        var form = new Dictionary<string, string>
        {
            ["Input.Email"] = RankingsAppFactory.AdminEmail, ["Input.Password"] = RankingsAppFactory.AdminPassword,
            ["__RequestVerificationToken"] = Token().Match(await login.Content.ReadAsStringAsync()).Groups[1].Value, ["_handler"] = "login",
        };
        var signIn = await SendAsync(client, HttpMethod.Post, "/account/login", new FormUrlEncodedContent(form), forwarded: true,
            cookie: string.Join("; ", cookies.Select(c => c.Split(';')[0])));
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        var auth = Assert.Single(signIn.Headers.GetValues("Set-Cookie"), c => c.StartsWith("rankings.auth=", StringComparison.Ordinal));
        Assert.Equal(trusted, auth.Contains("; secure", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(trusted, cookies.Single(c => c.StartsWith(".AspNetCore.Antiforgery", StringComparison.Ordinal)).Contains("; secure", StringComparison.OrdinalIgnoreCase));

        // The client address too: an ingest batch records where it came from.
        var ingest = new HttpRequestMessage(HttpMethod.Post, "/api/v1/usage")
        {
            Content = new StringContent("{\"id\":\"f-1\"}\n", System.Text.Encoding.UTF8, "application/x-ndjson"),
        };
        ingest.Headers.Authorization = new("Bearer", RankingsAppFactory.IngestKey);
        ingest.Headers.Add("X-Forwarded-For", "203.0.113.7");
        Assert.Equal(HttpStatusCode.Accepted, (await client.SendAsync(ingest)).StatusCode);
        var line = Assert.Single(await app.Services.GetRequiredService<IngestionHealthQueries>().RejectedLinesAsync(null, null, 10));
        Assert.Equal(trusted ? "http:203.0.113.7" : "http:127.0.0.1", line.BatchSource);
    }

    [Fact]
    public async Task PlainHttp_NoForwardedHeader_CookieNotSecure()
    {
        await using var app = new RankingsAppFactory();
        using var response = await SignIn.PostLoginAsync(app.CookieClient(), RankingsAppFactory.AdminEmail, RankingsAppFactory.AdminPassword);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var auth = Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("rankings.auth=", StringComparison.Ordinal));
        Assert.DoesNotContain("secure", auth, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task MalformedProxyList_FailsAtStartWithTheKey()
    {
        await using var app = new RankingsAppFactory();
        app.Settings["Rankings:ForwardedHeaders:KnownNetworks"] = "10.0.0.0/99";
        var e = Assert.ThrowsAny<Exception>(() => app.CreateClient());
        Assert.Contains("Rankings:ForwardedHeaders:KnownNetworks", e.ToString());
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string path, HttpContent? content, bool forwarded, string? cookie = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = content };
        if (forwarded) request.Headers.Add("X-Forwarded-Proto", "https");
        if (cookie is not null) request.Headers.Add("Cookie", cookie);
        return await client.SendAsync(request);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex Token();
}
