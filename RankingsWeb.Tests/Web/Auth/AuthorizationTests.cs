using System.Net;
using Microsoft.AspNetCore.Hosting;
using RankingsWeb.Auth;
using RankingsWeb.Tests.TestInfrastructure;

namespace RankingsWeb.Tests.Web.Auth;

public class AuthorizationTests : IClassFixture<RankingsAppFactory>, IAsyncLifetime
{
    private const string Password = "a-long-enough-password";
    private readonly RankingsAppFactory _app;

    public AuthorizationTests(RankingsAppFactory app) => _app = app;

    public async Task InitializeAsync()
    {
        _ = _app.Server; // start the host (migrations, admin bootstrap)
        await _app.CreateUserAsync("analyst@rankings.test", Password, Roles.Analyst);
        await _app.CreateUserAsync("owner@rankings.test", Password, Roles.AppOwner);
        await _app.CreateUserAsync("lock@rankings.test", Password, Roles.Analyst);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public static TheoryData<string> Protected => new()
    {
        "/analytics", "/analytics/ingestion", "/admin/users", "/admin/apps", "/account/apps", "/hangfire", "/analytics/export?format=csv", "/analytics/ingestion/rejected.csv",
    };

    [Theory]
    [MemberData(nameof(Protected))]
    public async Task Anonymous_SentToSignIn(string path)
    {
        using var response = await _app.CookieClient().GetAsync(path);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("http://localhost/account/login?ReturnUrl=", response.Headers.Location!.ToString());
    }

    [Theory]
    [InlineData(RankingsAppFactory.AdminEmail, RankingsAppFactory.AdminPassword, "/analytics", HttpStatusCode.OK)]
    [InlineData(RankingsAppFactory.AdminEmail, RankingsAppFactory.AdminPassword, "/admin/users", HttpStatusCode.OK)]
    [InlineData(RankingsAppFactory.AdminEmail, RankingsAppFactory.AdminPassword, "/hangfire", HttpStatusCode.OK)]
    [InlineData("analyst@rankings.test", Password, "/analytics", HttpStatusCode.OK)]
    [InlineData("analyst@rankings.test", Password, "/analytics/ingestion", HttpStatusCode.OK)]
    [InlineData("analyst@rankings.test", Password, "/hangfire", HttpStatusCode.OK)]
    [InlineData("analyst@rankings.test", Password, "/analytics/export?format=csv", HttpStatusCode.OK)]
    [InlineData("analyst@rankings.test", Password, "/admin/users", HttpStatusCode.Redirect)]
    [InlineData("owner@rankings.test", Password, "/account/apps", HttpStatusCode.OK)]
    [InlineData("owner@rankings.test", Password, "/admin/apps", HttpStatusCode.Redirect)]
    [InlineData("analyst@rankings.test", Password, "/account/apps", HttpStatusCode.Redirect)]
    [InlineData(RankingsAppFactory.AdminEmail, RankingsAppFactory.AdminPassword, "/admin/apps", HttpStatusCode.OK)]
    [InlineData("owner@rankings.test", Password, "/analytics", HttpStatusCode.Redirect)]
    [InlineData("owner@rankings.test", Password, "/hangfire", HttpStatusCode.Redirect)]
    [InlineData("owner@rankings.test", Password, "/analytics/export?format=csv", HttpStatusCode.Redirect)]
    public async Task SignedIn_RoleDecides(string email, string password, string path, HttpStatusCode expected)
    {
        var client = await _app.SignedInAsync(email, password);
        using var response = await client.GetAsync(path);
        Assert.Equal(expected, response.StatusCode);
        if (expected == HttpStatusCode.Redirect) Assert.StartsWith("http://localhost/account/denied", response.Headers.Location!.ToString());
    }

    [Fact]
    public async Task WrongPassword_StaysOnSignInWithError()
    {
        using var response = await SignIn.PostLoginAsync(_app.CookieClient(), "analyst@rankings.test", "not-the-password");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Wrong email or password", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task RepeatedFailures_DoNotLockTheAccount()
    {
        // Guessing is limited per client address (SignInThrottleTests); a lockout would let a guesser lock the owner out.
        for (var i = 0; i < 10; i++) (await SignIn.PostLoginAsync(_app.CookieClient(), "lock@rankings.test", "wrong-password-" + i)).Dispose();
        using var response = await SignIn.PostLoginAsync(_app.CookieClient(), "lock@rankings.test", Password);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    [Fact]
    public async Task LoginPost_WithoutAntiforgeryToken_Refused()
    {
        var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["Input.Email"] = RankingsAppFactory.AdminEmail, ["Input.Password"] = RankingsAppFactory.AdminPassword, ["_handler"] = "login" });
        using var response = await _app.CookieClient().PostAsync("/account/login", form);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task PublicPagesAndApi_NeedNoSignIn()
    {
        var client = _app.CookieClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/status")).StatusCode);
    }
}

public class StartupTests
{
    private sealed class ProductionWithoutAdmin : RankingsAppFactory
    {
        protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseEnvironment("Production");
            builder.UseSetting("Rankings:AdminEmail", "");
            builder.UseSetting("Rankings:AdminPassword", "");
        }
    }

    [Fact]
    public void Production_WithoutAdminAccountSettings_RefusesToStart()
    {
        using var app = new ProductionWithoutAdmin();
        // Start-up stops with one critical line naming the settings (no stack trace), and the server never starts.
        Assert.ThrowsAny<Exception>(() => app.CreateClient());
        var line = Assert.Single(app.CriticalLines);
        Assert.Equal("Cannot start: Rankings:AdminEmail and Rankings:AdminPassword must be set outside Development: they create the first admin account.", line);
    }
}
