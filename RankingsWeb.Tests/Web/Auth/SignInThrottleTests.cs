using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using RankingsWeb.Auth;
using RankingsWeb.Tests.TestInfrastructure;

namespace RankingsWeb.Tests.Web.Auth;

/// <summary>Counts password hash checks, to compare the work behind different sign-in failures without timing them.</summary>
public sealed class CountingPasswordHasher : IPasswordHasher<IdentityUser>
{
    private readonly PasswordHasher<IdentityUser> _inner = new();
    private int _verifications;

    public int Verifications => Volatile.Read(ref _verifications);

    public string HashPassword(IdentityUser user, string password) => _inner.HashPassword(user, password);

    public PasswordVerificationResult VerifyHashedPassword(IdentityUser user, string hashedPassword, string providedPassword)
    {
        Interlocked.Increment(ref _verifications);
        return _inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
    }
}

public sealed class SignInAppFactory : RankingsAppFactory
{
    public CountingPasswordHasher Hasher { get; } = new();

    public SignInAppFactory() => Settings["Rankings:SignInAttemptsPerMinute"] = "5";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(s => s.AddSingleton<IPasswordHasher<IdentityUser>>(Hasher));
    }
}

public class SignInThrottleTests : IClassFixture<SignInAppFactory>, IAsyncLifetime
{
    private const string Password = "a-long-enough-password";
    private readonly SignInAppFactory _app;

    public SignInThrottleTests(SignInAppFactory app) => _app = app;

    public async Task InitializeAsync()
    {
        _ = _app.Server;
        await _app.CreateUserAsync("known@rankings.test", Password, Roles.Analyst);
        await _app.CreateUserAsync("suspended@rankings.test", Password, Roles.Analyst);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task ManyAttemptsFromOneAddress_Throttled_AndTheAdminCanStillSignInFromAnother()
    {
        var guesser = ClientAt("203.0.113.7");
        for (var i = 0; i < 5; i++)
        {
            using var attempt = await SignIn.PostLoginAsync(guesser, RankingsAppFactory.AdminEmail, "wrong-guess-" + i);
            Assert.Equal(HttpStatusCode.OK, attempt.StatusCode);
        }

        using var throttled = await SignIn.PostLoginAsync(guesser, RankingsAppFactory.AdminEmail, "wrong-guess-6");
        Assert.Equal(HttpStatusCode.TooManyRequests, throttled.StatusCode);
        Assert.True(throttled.Headers.RetryAfter?.Delta > TimeSpan.Zero, "no Retry-After");
        Assert.Contains("Too many sign-in attempts", await throttled.Content.ReadAsStringAsync());
        // Even the right password waits: the throttle does not tell a good guess from a bad one.
        using (var right = await SignIn.PostLoginAsync(guesser, RankingsAppFactory.AdminEmail, RankingsAppFactory.AdminPassword))
            Assert.Equal(HttpStatusCode.TooManyRequests, right.StatusCode);

        using var admin = await SignIn.PostLoginAsync(ClientAt("203.0.113.8"), RankingsAppFactory.AdminEmail, RankingsAppFactory.AdminPassword);
        Assert.Equal(HttpStatusCode.Redirect, admin.StatusCode);
    }

    [Fact]
    public async Task ShowingTheForm_NotThrottled()
    {
        var client = ClientAt("203.0.113.9");
        for (var i = 0; i < 10; i++)
        {
            using var page = await client.GetAsync("/account/login");
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        }
    }

    [Fact]
    public async Task Failures_AnswerAlike_AfterOnePasswordHashCheckEach()
    {
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
            var locked = (await users.FindByEmailAsync("suspended@rankings.test"))!;
            Assert.True((await users.SetLockoutEndDateAsync(locked, DateTimeOffset.UtcNow.AddHours(1))).Succeeded);
        }
        (string Email, string Password)[] failures =
        [
            ("nobody@rankings.test", Password), // unknown account
            ("known@rankings.test", "not-the-password"), // wrong password
            ("suspended@rankings.test", Password), // locked out, right password
        ];
        var address = 10;
        foreach (var (email, password) in failures)
        {
            var client = ClientAt($"203.0.113.{address++}");
            var checks = _app.Hasher.Verifications;
            using var response = await SignIn.PostLoginAsync(client, email, password);
            var html = await response.Content.ReadAsStringAsync();

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains(PasswordSignIn.FailureMessage, html);
            Assert.DoesNotContain("locked", html, StringComparison.OrdinalIgnoreCase);
            Assert.True(_app.Hasher.Verifications - checks == 1, $"{email}: {_app.Hasher.Verifications - checks} password hash checks");
        }
    }

    [Theory]
    [InlineData("198.51.100.1", "198.51.100.1")]
    [InlineData("::ffff:198.51.100.1", "198.51.100.1")]
    [InlineData("2001:db8:1:2:aaaa::1", "2001:db8:1:2::/64")]
    [InlineData("2001:db8:1:2:ffff:ffff:ffff:ffff", "2001:db8:1:2::/64")]
    public void ClientKey_IPv6ByItsSlash64(string address, string key) =>
        Assert.Equal(key, SignInThrottle.ClientKey(IPAddress.Parse(address)));

    private HttpClient ClientAt(string address)
    {
        var client = _app.CookieClient();
        client.DefaultRequestHeaders.Add(TestClientAddress.Header, address);
        return client;
    }
}
