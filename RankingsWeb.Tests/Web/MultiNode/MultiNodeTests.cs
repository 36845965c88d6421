using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using RankingsWeb.Tests.TestInfrastructure;

namespace RankingsWeb.Tests.Web.MultiNode;

/// <summary>Two app instances on one PostgreSQL database, Hangfire's PostgreSQL storage coordinating their workers.</summary>
public class MultiNodeTests
{
    private sealed class Node(string connectionString, string roles) : RankingsAppFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Rankings:Database", "Postgres");
            builder.UseSetting("ConnectionStrings:Rankings", connectionString);
            builder.UseSetting("Rankings:JobStorage", "Database");
            builder.UseSetting("Rankings:NodeRoles", roles);
        }
    }

    private static readonly DateOnly LastDay = new(2026, 11, 20);

    private static async Task AssertExactAsync(HttpClient client, List<TestRecord> records)
    {
        await client.WaitForPendingZeroAsync(records.Count, TimeSpan.FromSeconds(60));
        var answer = await client.GetJsonAsync("/api/v1/rankings/models?from=2026-10-01&to=2026-11-21&limit=1000");
        Assert.Equal(records.Sum(r => r.Tokens), answer.GetProperty("total_tokens").GetInt64());
        var items = answer.GetProperty("items").EnumerateArray().ToDictionary(i => i.GetProperty("key").GetString()!, i => i);
        foreach (var g in records.GroupBy(r => r.ModelKey))
        {
            Assert.Equal(g.Sum(r => r.Tokens), items[g.Key].GetProperty("tokens").GetInt64());
            Assert.Equal(g.Count(), items[g.Key].GetProperty("requests").GetInt64());
        }
    }

    [PostgresFact]
    public async Task TwoNodes_SameIdsToBoth_NothingCountedTwice()
    {
        var cs = TestProvider.CreatePostgresDatabase();
        await using var a = new Node(cs, "web,ingest,worker");
        await using var b = new Node(cs, "web,ingest,worker");
        var clientA = a.IngestClient();
        var clientB = b.IngestClient();
        var records = RecordMaker.Make(6000, LastDay, 20, seed: 77);
        var chunks = records.Chunk(500).ToList();
        var sends = chunks.Select((chunk, i) => (i % 2 == 0 ? clientA : clientB).PostNdjsonAsync(TestRecord.Ndjson(chunk))).ToList();
        // The same records again, to both nodes at once.
        sends.AddRange(chunks.Take(4).SelectMany(chunk => new[] { clientA.PostNdjsonAsync(TestRecord.Ndjson(chunk)), clientB.PostNdjsonAsync(TestRecord.Ndjson(chunk)) }));
        var answers = await Task.WhenAll(sends);
        Assert.Equal(records.Count, answers.Sum(x => x.GetProperty("accepted").GetInt32()));
        Assert.Equal(8 * 500, answers.Sum(x => x.GetProperty("duplicates").GetInt32()));
        await AssertExactAsync(a.CreateClient(), records);
        await AssertExactAsync(b.CreateClient(), records);
    }

    [PostgresFact]
    public async Task OneNodeDiesDuringTheFold_TheOtherFinishes_TotalsExact()
    {
        var cs = TestProvider.CreatePostgresDatabase();
        await using var survivor = new Node(cs, "web,ingest,worker");
        var records = RecordMaker.Make(30_000, LastDay, 20, seed: 78);
        var victim = new Node(cs, "ingest,worker");
        var client = victim.IngestClient();
        foreach (var chunk in records.Chunk(10_000)) await client.PostNdjsonAsync(TestRecord.Ndjson(chunk));
        // The victim's worker was told to fold right after those commits; stop it now, whatever it is doing.
        await victim.DisposeAsync();
        _ = survivor.Server; // the survivor's worker picks the queue up (its recurring run, or a retry of the victim's job)
        await AssertExactAsync(survivor.CreateClient(), records);
    }

    [PostgresFact]
    public async Task SignInOnOneWebNode_CookieValidOnTheOther()
    {
        var cs = TestProvider.CreatePostgresDatabase();
        await using var a = new Node(cs, "web,ingest");
        await using var b = new Node(cs, "web,ingest");
        _ = a.Server;
        _ = b.Server; // both up (and both admin bootstraps done) before signing in
        using var login = await SignIn.PostLoginAsync(a.CookieClient(), RankingsAppFactory.AdminEmail, RankingsAppFactory.AdminPassword);
        var cookie = login.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("rankings.auth=", StringComparison.Ordinal)).Split(';')[0];
        var other = b.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        other.DefaultRequestHeaders.Add("Cookie", cookie);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await other.GetAsync("/analytics")).StatusCode);
        // The key ring lives in the shared database (not in each machine's profile folder).
        await using var conn = new Npgsql.NpgsqlConnection(cs);
        await conn.OpenAsync();
        await using var count = new Npgsql.NpgsqlCommand("SELECT COUNT(*) FROM \"DataProtectionKeys\"", conn);
        Assert.True((long)(await count.ExecuteScalarAsync())! >= 1);
    }

    [PostgresFact]
    public async Task WebOnlyNode_RefusesIngestAndRunsNoWorker_WorkerNodeFolds()
    {
        var cs = TestProvider.CreatePostgresDatabase();
        await using var web = new Node(cs, "web");
        await using var ingest = new Node(cs, "ingest");
        await using var worker = new Node(cs, "worker");
        await web.IngestClient().PostNdjsonAsync("{}", expectedStatus: 404);
        var records = RecordMaker.Make(2000, LastDay, 10, seed: 79);
        await ingest.IngestClient().PostNdjsonAsync(TestRecord.Ndjson(records));
        Assert.Equal(404, (int)(await ingest.CreateClient().GetAsync("/api/v1/rankings/models")).StatusCode);
        _ = worker.Server;
        static bool RunsJobs(RankingsAppFactory node) => node.Services.GetServices<IHostedService>().Any(s => s.GetType().Name.Contains("BackgroundJobServer"));
        Assert.False(RunsJobs(web));
        Assert.False(RunsJobs(ingest));
        Assert.True(RunsJobs(worker));
        await AssertExactAsync(web.CreateClient(), records);
    }
}
