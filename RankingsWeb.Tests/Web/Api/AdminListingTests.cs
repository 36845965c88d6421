using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using RankingsWeb.Data;
using RankingsWeb.Tests.TestInfrastructure;

namespace RankingsWeb.Tests.Web.Api;

/// <summary>Contract v1.1: concurrent listing calls for the same app, seen or never seen, all answer 204; the audit trail follows the commits.</summary>
public class AdminListingTests : IClassFixture<RankingsAppFactory>
{
    private readonly RankingsAppFactory _app;

    public AdminListingTests(RankingsAppFactory app) => _app = app;

    private HttpClient Admin()
    {
        var client = _app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", RankingsAppFactory.AdminKey);
        return client;
    }

    private static async Task<(HttpStatusCode Status, string Body)> PutAsync(HttpClient client, string app, bool listed)
    {
        using var response = await client.PutAsync("/api/v1/admin/apps/" + app,
            new StringContent(listed ? "{\"listed\":true}" : "{\"listed\":false}", Encoding.UTF8, "application/json"));
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>The app's listing, and the audit rows written for it (oldest first).</summary>
    private async Task<(bool? Listed, List<bool> Audit)> StateAsync(string app)
    {
        await using var db = await _app.Service<IDbContextFactory<RankingsDbContext>>().CreateDbContextAsync();
        var row = await db.Apps.AsNoTracking().SingleOrDefaultAsync(a => a.Key == app);
        var audit = await db.ListingAudit.AsNoTracking().Where(a => a.AppKey == app).OrderBy(a => a.Id).Select(a => a.Listed).ToListAsync();
        return (row?.Listed, audit);
    }

    private static void AssertAll204(IEnumerable<(HttpStatusCode Status, string Body)> answers)
    {
        foreach (var (status, body) in answers) Assert.True(status == HttpStatusCode.NoContent, $"expected 204, got {(int)status}: {body}");
    }

    [Fact]
    public async Task Put_TwentyConcurrentForANeverSeenApp_All204_OneRowAndAnAuditRowEach()
    {
        for (var round = 0; round < 6; round++)
        {
            var app = $"race-{round}-{Guid.NewGuid():N}.example";
            var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => PutAsync(Admin(), app, false))));
            AssertAll204(answers);
            var (listed, audit) = await StateAsync(app);
            Assert.False(listed);
            Assert.Equal(20, audit.Count);
        }
    }

    [Fact]
    public async Task Put_TwentyConcurrentMixedForASeenApp_All204_StateIsTheLastAuditRow()
    {
        var client = _app.IngestClient();
        for (var round = 0; round < 6; round++)
        {
            var app = $"seen-{round}-{Guid.NewGuid():N}.example";
            await client.PostNdjsonAsync(TestRecord.Ndjson([new($"seen-{app}", DateTimeOffset.UtcNow.AddHours(-1), "openai/gpt-4o", 10, 5, AppUrl: $"https://{app}/")]));
            await TestDatabase.FoldPendingAsync(_app.Services);
            Assert.True((await StateAsync(app)).Listed);
            var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(() => PutAsync(Admin(), app, i % 2 == 0))));
            AssertAll204(answers);
            var (listed, audit) = await StateAsync(app);
            Assert.Equal(20, audit.Count);
            Assert.Equal(10, audit.Count(a => a));
            Assert.Equal(audit[^1], listed); // the audit trail ends with the change that holds
        }
    }

    [Fact]
    public async Task Put_ConcurrentWithIngestAndFoldOfTheSameNewApp_204_AndTheAppStaysUnlisted()
    {
        for (var round = 0; round < 8; round++)
        {
            var app = $"fold-race-{round}-{Guid.NewGuid():N}.example";
            var ingestAndFold = Task.Run(async () =>
            {
                await _app.IngestClient().PostNdjsonAsync(TestRecord.Ndjson(Enumerable.Range(0, 20).Select(i =>
                    new TestRecord($"{app}-{i}", DateTimeOffset.UtcNow.AddHours(-1), "openai/gpt-4o", 10, 5, AppUrl: $"https://{app}/"))));
                // A fold that takes the new app, racing the puts (not one held back by a shared server's horizon).
                await TestDatabase.FoldPendingAsync(_app.Services);
            });
            var puts = Enumerable.Range(0, 3).Select(_ => Task.Run(() => PutAsync(Admin(), app, false))).ToList();
            await ingestAndFold;
            AssertAll204(await Task.WhenAll(puts));
            await TestDatabase.FoldPendingAsync(_app.Services);
            var (listed, audit) = await StateAsync(app);
            Assert.False(listed);
            Assert.Equal(3, audit.Count);
            var apps = await _app.CreateClient().GetJsonAsync("/api/v1/rankings/apps?period=all&limit=1000");
            Assert.DoesNotContain(app, apps.ToString());
        }
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, int status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == status, $"expected {status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal(status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("title").GetString()));
    }

    [Theory]
    [InlineData("{\"listed\":")]
    [InlineData("not json")]
    [InlineData("{\"listed\":\"no\"}")]
    [InlineData("")]
    public async Task Put_InvalidBody_400ProblemDetails(string body)
    {
        using var response = await Admin().PutAsync("/api/v1/admin/apps/bad-body.example", new StringContent(body, Encoding.UTF8, "application/json"));
        await AssertProblemAsync(response, 400);
    }

    [Theory]
    [InlineData("x%01y.example")]
    [InlineData("tab%09key")]
    public async Task Put_KeyWithAControlCharacter_400ProblemDetails(string app)
    {
        using var response = await Admin().PutAsync("/api/v1/admin/apps/" + app, new StringContent("{\"listed\":false}", Encoding.UTF8, "application/json"));
        await AssertProblemAsync(response, 400);
    }

    [Fact]
    public async Task WrongMethodOrUnknownApiPath_405Or404ProblemDetails_NotAPage()
    {
        using (var response = await Admin().DeleteAsync("/api/v1/admin/apps/x")) await AssertProblemAsync(response, 405);
        using (var response = await _app.CreateClient().DeleteAsync("/api/v1/status")) await AssertProblemAsync(response, 405);
        using (var response = await _app.CreateClient().PostAsync("/api/v1/status", new StringContent("{}"))) await AssertProblemAsync(response, 405);
        using (var response = await _app.CreateClient().GetAsync("/api/v1/no-such-endpoint")) await AssertProblemAsync(response, 404);
        // Pages keep their own not-found page.
        using (var response = await _app.CreateClient().GetAsync("/no-such-page"))
        {
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        }
    }
}

/// <summary>An API call that fails inside answers a problem+json 500, in Production (where pages re-execute /Error) and in Development.</summary>
public class ApiServerErrorTests
{
    private sealed class App(string environment) : RankingsAppFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseEnvironment(environment);
        }
    }

    [Theory]
    [InlineData("Production")]
    [InlineData("Development")]
    public async Task Put_WhenTheStoreFails_500ProblemDetails(string environment)
    {
        await using var app = new App(environment);
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", RankingsAppFactory.AdminKey);
        await using (var db = await app.Service<IDbContextFactory<RankingsDbContext>>().CreateDbContextAsync())
            await db.Database.ExecuteSqlRawAsync("DROP TABLE listing_audit"); // every listing change now fails inside the server

        using var response = await client.PutAsync("/api/v1/admin/apps/broken.example", new StringContent("{\"listed\":false}", Encoding.UTF8, "application/json"));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.InternalServerError, $"got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal(500, problem.GetProperty("status").GetInt32());
        Assert.DoesNotContain("listing_audit", body); // no internals in a production answer
    }
}
