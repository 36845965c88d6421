using System.Net;
using System.Text.RegularExpressions;
using Hangfire;
using Hangfire.Storage;
using RankingsWeb.Auth;
using RankingsWeb.Jobs;
using RankingsWeb.Tests.TestInfrastructure;

namespace RankingsWeb.Tests.Web.Auth;

/// <summary>Analysts read the dashboard; only admins trigger or delete jobs.</summary>
public partial class HangfireDashboardTests : IClassFixture<RankingsAppFactory>, IAsyncLifetime
{
    private const string AnalystEmail = "dashboard-analyst@rankings.test";
    private const string Password = "a-long-enough-password";
    private readonly RankingsAppFactory _app;

    public HangfireDashboardTests(RankingsAppFactory app) => _app = app;

    public async Task InitializeAsync()
    {
        _ = _app.Server;
        await _app.CreateUserAsync(AnalystEmail, Password, Roles.Analyst);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Analyst_TriggerAndRemove_RefusedAndJobUntouched()
    {
        var probe = AddProbeJob("probe-analyst");
        var client = await _app.SignedInAsync(AnalystEmail, Password);

        using (var trigger = await PostCommandAsync(client, "/hangfire/recurring/trigger", probe))
            Assert.True(trigger.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden, $"trigger answered {(int)trigger.StatusCode}");
        using (var remove = await PostCommandAsync(client, "/hangfire/recurring/remove", probe))
            Assert.True(remove.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden, $"remove answered {(int)remove.StatusCode}");

        var job = RecurringJob(probe);
        Assert.NotNull(job);
        Assert.Null(job.LastJobId);
    }

    [Fact]
    public async Task Admin_Trigger_Allowed()
    {
        var probe = AddProbeJob("probe-admin");
        var client = await _app.SignedInAsync(RankingsAppFactory.AdminEmail, RankingsAppFactory.AdminPassword);

        using var trigger = await PostCommandAsync(client, "/hangfire/recurring/trigger", probe);

        Assert.Equal(HttpStatusCode.NoContent, trigger.StatusCode);
        Assert.NotNull(RecurringJob(probe)?.LastJobId);
    }

    [Fact]
    public async Task Admin_Remove_Allowed()
    {
        var probe = AddProbeJob("probe-admin-remove");
        var client = await _app.SignedInAsync(RankingsAppFactory.AdminEmail, RankingsAppFactory.AdminPassword);

        using var remove = await PostCommandAsync(client, "/hangfire/recurring/remove", probe);

        Assert.Equal(HttpStatusCode.NoContent, remove.StatusCode);
        Assert.Null(RecurringJob(probe));
    }

    [Theory]
    [InlineData(AnalystEmail, Password, false)]
    [InlineData(RankingsAppFactory.AdminEmail, RankingsAppFactory.AdminPassword, true)]
    public async Task RecurringPage_ShowsCommandButtonsToAdminsOnly(string email, string password, bool buttons)
    {
        var probe = AddProbeJob("probe-page");
        var client = await _app.SignedInAsync(email, password);

        var html = await client.GetStringAsync("/hangfire/recurring");

        Assert.Contains(probe, html);
        Assert.Equal(buttons, html.Contains("/recurring/trigger"));
        Assert.Equal(buttons, html.Contains("/recurring/remove"));
    }

    private string AddProbeJob(string id)
    {
        // Never due by itself, so a LastJobId can only come from a trigger.
        _app.Service<IRecurringJobManager>().AddOrUpdate<FoldJob>(id, j => j.RunAsync(CancellationToken.None), Cron.Never());
        return id;
    }

    private RecurringJobDto? RecurringJob(string id)
    {
        using var connection = _app.Service<JobStorage>().GetConnection();
        var job = connection.GetRecurringJobs([id]).SingleOrDefault();
        return job is null || job.Removed ? null : job;
    }

    /// <summary>Posts a dashboard command the way its own script does: form data plus the antiforgery header from the page.</summary>
    private static async Task<HttpResponseMessage> PostCommandAsync(HttpClient client, string path, string jobId)
    {
        var page = await client.GetStringAsync("/hangfire/recurring");
        var header = CsrfHeader().Match(page).Groups[1].Value;
        var token = CsrfToken().Match(page).Groups[1].Value;
        Assert.False(string.IsNullOrEmpty(token), "the dashboard rendered no antiforgery token");
        using var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new FormUrlEncodedContent([new KeyValuePair<string, string>("jobs[]", jobId)]),
        };
        request.Headers.Add(header, WebUtility.HtmlDecode(token));
        return await client.SendAsync(request);
    }

    [GeneratedRegex("<meta name=\"csrf-header\" content=\"([^\"]+)\"")]
    private static partial Regex CsrfHeader();

    [GeneratedRegex("<meta name=\"csrf-token\" content=\"([^\"]+)\"")]
    private static partial Regex CsrfToken();
}
