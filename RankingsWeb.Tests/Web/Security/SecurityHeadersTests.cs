using System.Net;
using RankingsWeb.Tests.TestInfrastructure;

namespace RankingsWeb.Tests.Web.Security;

public class SecurityHeadersTests : IClassFixture<RankingsAppFactory>
{
    private readonly RankingsAppFactory _app;

    public SecurityHeadersTests(RankingsAppFactory app) => _app = app;

    public static TheoryData<string, bool, int> Answers => new()
    {
        { "/", false, 200 },
        { "/account/login", false, 200 },
        { "/models/nobody/nothing", false, 404 },
        { "/api/v1/status", false, 200 },
        { "/api/v1/rankings/nonsense", false, 400 },
        { "/favicon.svg", false, 200 },
        { "/analytics", false, 302 },
        { "/analytics", true, 200 },
        { "/hangfire", true, 200 },
        { "/hangfire/jobs/enqueued", true, 200 },
    };

    [Theory]
    [MemberData(nameof(Answers))]
    public async Task EveryAnswer_CarriesTheHeaders(string path, bool signedIn, int status)
    {
        using var client = signedIn ? await _app.SignedInAsync(RankingsAppFactory.AdminEmail, RankingsAppFactory.AdminPassword) : _app.CookieClient();
        using var response = await client.GetAsync(path);
        Assert.Equal(status, (int)response.StatusCode);
        var csp = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        var directives = csp.Split(';', StringSplitOptions.TrimEntries).ToDictionary(d => d.Split(' ')[0], d => d);
        Assert.Equal("script-src 'self'", directives["script-src"]);
        Assert.Equal("object-src 'none'", directives["object-src"]);
        Assert.Equal("base-uri 'self'", directives["base-uri"]);
        Assert.Equal("frame-ancestors 'none'", directives["frame-ancestors"]);
        Assert.Equal("default-src 'self'", directives["default-src"]);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
        Assert.Equal("strict-origin-when-cross-origin", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
    }

    [Fact]
    public async Task Pages_HaveNoInlineScript()
    {
        // What the policy forbids must not be on the page: an import map is an inline script too.
        foreach (var path in new[] { "/", "/account/login" })
        {
            var html = await _app.CookieClient().GetStringAsync(path);
            foreach (System.Text.RegularExpressions.Match m in System.Text.RegularExpressions.Regex.Matches(html, "<script(?<attrs>[^>]*)>"))
                Assert.Contains("src=", m.Groups["attrs"].Value);
        }
    }
}
