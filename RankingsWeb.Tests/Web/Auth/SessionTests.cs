using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using RankingsWeb.Auth;
using RankingsWeb.Tests.TestInfrastructure;

namespace RankingsWeb.Tests.Web.Auth;

public sealed class SessionAppFactory : RankingsAppFactory
{
    public SessionAppFactory() => Settings["Rankings:SecurityStampValidationSeconds"] = "1";
}

/// <summary>A copy of a sign-in cookie stops working soon after a role removal or a sign-out.</summary>
public partial class SessionTests : IClassFixture<SessionAppFactory>, IAsyncLifetime
{
    private const string Password = "a-long-enough-password";
    private readonly SessionAppFactory _app;

    public SessionTests(SessionAppFactory app) => _app = app;

    public Task InitializeAsync()
    {
        _ = _app.Server;
        return Task.CompletedTask;
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task CopiedCookie_AfterRoleRemoval_SignedOut()
    {
        const string email = "session-role@rankings.test";
        await _app.CreateUserAsync(email, Password, Roles.Analyst);
        var (_, copied) = await SignInWithCopyAsync(email);
        using (var before = await copied.GetAsync("/analytics")) Assert.Equal(HttpStatusCode.OK, before.StatusCode);

        var result = await _app.Service<UserAdministration>().SetRoleAsync(await UserIdAsync(email), Roles.Analyst, on: false);
        Assert.True(result.Succeeded);

        using var after = await WaitUntilRefusedAsync(copied, "/analytics");
        AssertSentToSignIn(after);
    }

    [Fact]
    public async Task CopiedCookie_AfterSignOut_SignedOut()
    {
        const string email = "session-signout@rankings.test";
        await _app.CreateUserAsync(email, Password, Roles.Analyst);
        var (client, copied) = await SignInWithCopyAsync(email);
        using (var before = await copied.GetAsync("/analytics")) Assert.Equal(HttpStatusCode.OK, before.StatusCode);

        // The layout's sign-out form, antiforgery token and all.
        var page = await client.GetStringAsync("/analytics");
        var token = Token().Match(page).Groups[1].Value;
        using var logout = await client.PostAsync("/account/logout",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
        Assert.Equal(HttpStatusCode.Redirect, logout.StatusCode);

        using var after = await WaitUntilRefusedAsync(copied, "/analytics");
        AssertSentToSignIn(after);
    }

    [Fact]
    public async Task SignOut_WithoutTheFormsToken_RefusedAndStillSignedIn()
    {
        const string email = "session-forged-signout@rankings.test";
        await _app.CreateUserAsync(email, Password, Roles.Analyst);
        var (client, _) = await SignInWithCopyAsync(email);

        // Another page of the same site posting to /account/logout has the cookie but not the form's token.
        using var forged = await client.PostAsync("/account/logout", new FormUrlEncodedContent(new Dictionary<string, string>()));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        using var after = await client.GetAsync("/analytics");
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    [Fact]
    public async Task OpenInteractivePage_AfterRoleRemoval_NoLongerCurrent()
    {
        const string email = "session-circuit@rankings.test";
        await _app.CreateUserAsync(email, Password, Roles.Analyst);
        await using var scope = _app.Services.CreateAsyncScope();
        var provider = Assert.IsType<IdentityRevalidatingAuthenticationStateProvider>(scope.ServiceProvider.GetRequiredService<AuthenticationStateProvider>());
        var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
        var principal = await scope.ServiceProvider.GetRequiredService<SignInManager<IdentityUser>>()
            .CreateUserPrincipalAsync((await users.FindByEmailAsync(email))!);
        Assert.True(await provider.IsCurrentAsync(principal));

        Assert.True((await _app.Service<UserAdministration>().SetRoleAsync(await UserIdAsync(email), Roles.Analyst, on: false)).Succeeded);

        Assert.False(await provider.IsCurrentAsync(principal));
    }

    [Fact]
    public async Task RemovingTheLastAdmin_Refused()
    {
        var result = await _app.Service<UserAdministration>().SetRoleAsync(await UserIdAsync(RankingsAppFactory.AdminEmail), Roles.Admin, on: false);

        Assert.False(result.Succeeded);
        Assert.Equal("Keep at least one admin.", Assert.Single(result.Errors).Description);
    }

    /// <summary>A signed-in client, and a second one that sends a copy of its first sign-in cookie and never updates it.</summary>
    private async Task<(HttpClient Client, HttpClient Copied)> SignInWithCopyAsync(string email)
    {
        var client = _app.CookieClient();
        using var response = await SignIn.PostLoginAsync(client, email, Password);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("rankings.auth=", StringComparison.Ordinal));
        var copied = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        copied.DefaultRequestHeaders.Add("Cookie", cookie[..cookie.IndexOf(';')]);
        return (client, copied);
    }

    private async Task<string> UserIdAsync(string email)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>().FindByEmailAsync(email))!.Id;
    }

    /// <summary>Asks until the answer is no longer 200 (the cookie is checked once the validation interval has passed), or gives up.</summary>
    private static async Task<HttpResponseMessage> WaitUntilRefusedAsync(HttpClient client, string path)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            var response = await client.GetAsync(path);
            if (response.StatusCode != HttpStatusCode.OK || DateTime.UtcNow > deadline) return response;
            response.Dispose();
            await Task.Delay(100);
        }
    }

    private static void AssertSentToSignIn(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("http://localhost/account/login", response.Headers.Location!.ToString());
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex Token();
}
