using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using RankingsWeb.Data.Apps;
using RankingsWeb.Tests.TestInfrastructure;

namespace RankingsWeb.Tests.Web.Caching;

/// <summary>
/// The app on a real Kestrel port with the public cache on (the shared factory turns it off). A PostgreSQL
/// connection string makes it one node of several sharing that database.
/// </summary>
public sealed class CachingApp : RankingsAppFactory
{
    public static readonly DateOnly LastDay = new(2026, 11, 20);

    /// <summary>The week up to <see cref="LastDay"/>: every URL names its window, so new data cannot move it.</summary>
    public const string Week = "period=week&as_of=2026-11-20";

    private readonly string? _sharedDatabase;

    public CachingApp(int publicCacheSeconds, string? sharedDatabase = null, Dictionary<string, string?>? settings = null)
    {
        _sharedDatabase = sharedDatabase;
        Settings["Rankings:PublicCacheSeconds"] = publicCacheSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        foreach (var (k, v) in settings ?? []) Settings[k] = v;
    }

    /// <summary>Starts the server; a separate step so a test can watch a bad configuration fail.</summary>
    public CachingApp Start()
    {
        UseKestrel(0);
        StartServer();
        return this;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        if (_sharedDatabase is null) return;
        builder.UseSetting("Rankings:Database", "Postgres");
        builder.UseSetting("ConnectionStrings:Rankings", _sharedDatabase);
    }

    public async Task IngestAsync(params TestRecord[] records)
    {
        var client = IngestClient();
        await client.PostNdjsonAsync(TestRecord.Ndjson(records));
    }

    /// <summary>Ingests and waits until the fold took everything (<paramref name="total"/> records so far).</summary>
    public async Task IngestAndFoldAsync(long total, params TestRecord[] records)
    {
        await IngestAsync(records);
        await CreateClient().WaitForPendingZeroAsync(total);
    }

    public async Task SetListedAsync(string app, bool listed)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, "/api/v1/admin/apps/" + app)
        {
            Content = new StringContent(listed ? "{\"listed\":true}" : "{\"listed\":false}", Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);
        using var response = await CreateClient().SendAsync(request);
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }

    /// <summary>Signs in through the real form, on this app's Kestrel port (the shared helper's client addresses TestServer).</summary>
    public async Task<HttpClient> SignedInAsync(string email, string password)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true, BaseAddress = ClientOptions.BaseAddress });
        using var response = await SignIn.PostLoginAsync(client, email, password);
        // Over Kestrel the client follows the redirect: a signed-in visitor lands on the page after sign-in.
        Assert.True(response.StatusCode == HttpStatusCode.OK && response.RequestMessage?.RequestUri?.AbsolutePath != "/account/login",
            $"sign-in failed: {(int)response.StatusCode} {response.RequestMessage?.RequestUri}");
        return client;
    }

    public async Task AssignOwnerAsync(string email, string appKey)
    {
        await using var scope = Services.CreateAsyncScope();
        var user = await scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>().FindByEmailAsync(email);
        await scope.ServiceProvider.GetRequiredService<AppOwners>().AssignAsync(appKey, user!.Id, email);
    }

    public static TestRecord Record(string id, string model, long prompt, string? appUrl = null, string? appTitle = null) =>
        new(id, new DateTimeOffset(LastDay.ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero), model, prompt, 10, AppUrl: appUrl, AppTitle: appTitle);
}

/// <summary>One answer as the tests look at it.</summary>
public sealed record Answer(HttpStatusCode Status, string Body, string? ETag, string? CacheControl, bool FromCache, string? Vary,
    string? EnhancedNavigation = null)
{
    public static async Task<Answer> GetAsync(HttpClient client, string url, string? ifNoneMatch = null, bool enhancedNavigation = false)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (ifNoneMatch is not null) request.Headers.TryAddWithoutValidation("If-None-Match", ifNoneMatch);
        // What Blazor's enhanced navigation sends.
        if (enhancedNavigation) request.Headers.TryAddWithoutValidation("Accept", "text/html; blazor-enhanced-nav=on");
        using var response = await client.SendAsync(request);
        return new Answer(response.StatusCode, await response.Content.ReadAsStringAsync(), response.Headers.ETag?.ToString(),
            response.Headers.CacheControl?.ToString(),
            // The output cache adds Age to what it serves; a rendered answer has none.
            response.Headers.Age is not null, response.Headers.Vary.Count > 0 ? string.Join(",", response.Headers.Vary) : null,
            response.Headers.TryGetValues("blazor-enhanced-nav", out var enhanced) ? string.Join(",", enhanced) : null);
    }

    /// <summary>Asks until <paramref name="done"/> holds, for at most 30 s: how long the cache may lag is the window, not a speed.</summary>
    public static async Task<Answer> PollAsync(HttpClient client, string url, Func<Answer, bool> done)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var answer = await GetAsync(client, url);
            if (done(answer)) return answer;
            Assert.True(DateTime.UtcNow < deadline, $"{url} still answers {(int)answer.Status} {answer.ETag}: {Excerpt(answer.Body)}");
            await Task.Delay(100);
        }
    }

    public static string Excerpt(string body) => body.Length > 2000 ? body[..2000] : body;
}
