using System.Net;
using System.Text.Json;
using Hangfire;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using RankingsWeb.Data;
using RankingsWeb.Tests.TestInfrastructure;

namespace RankingsWeb.Tests.Web.Operations;

/// <summary>/healthz and /readyz in each state: healthy, schema behind or ahead, database down, worker without job server, fold lag.</summary>
public class HealthEndpointsTests
{
    private sealed record Ready(HttpStatusCode Status, JsonElement Body)
    {
        public string Overall => Body.GetProperty("status").GetString()!;

        public JsonElement Check(string name) => Body.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == name);

        public string StatusOf(string name) => Check(name).GetProperty("status").GetString()!;

        public string DescriptionOf(string name) => Check(name).GetProperty("description").GetString()!;
    }

    private static async Task<Ready> ReadyAsync(HttpClient client)
    {
        using var response = await client.GetAsync("/readyz");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("no-store", response.Headers.CacheControl?.ToString() ?? "");
        return new Ready(response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }

    /// <summary>Polls until <paramref name="until"/> holds (the job server announces itself shortly after start); the last answer either way.</summary>
    private static async Task<Ready> ReadyWhenAsync(HttpClient client, Func<Ready, bool> until)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        Ready ready;
        do
        {
            ready = await ReadyAsync(client);
            if (until(ready)) return ready;
            await Task.Delay(100);
        } while (DateTime.UtcNow < deadline);
        return ready;
    }

    [Fact]
    public async Task Healthy_Answers200WithEachCheck()
    {
        using var app = new RankingsAppFactory();
        using var client = app.CreateClient();
        using (var live = await client.GetAsync("/healthz"))
        {
            Assert.Equal(HttpStatusCode.OK, live.StatusCode);
            Assert.Equal("Healthy", JsonDocument.Parse(await live.Content.ReadAsStringAsync()).RootElement.GetProperty("status").GetString());
        }
        var ready = await ReadyWhenAsync(client, r => r.Status == HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.OK, ready.Status);
        Assert.Equal("Healthy", ready.Overall);
        foreach (var name in new[] { "database", "schema", "job_server", "fold_lag" })
            Assert.Equal("Healthy", ready.StatusOf(name));
        Assert.Equal("the schema is current", ready.DescriptionOf("schema"));
        Assert.DoesNotContain(app.Directory, ready.Body.GetRawText());
    }

    [Fact]
    public async Task Healthy_HeadAndAnonymousAndNotRateLimited()
    {
        using var app = new RankingsAppFactory();
        app.Settings["Rankings:RateLimits:PermitsPerMinute"] = "1";
        app.Settings["Rankings:RateLimits:Burst"] = "1";
        using var client = app.CreateClient();
        for (var i = 0; i < 5; i++)
        {
            using var live = await client.GetAsync("/healthz");
            Assert.Equal(HttpStatusCode.OK, live.StatusCode);
            var ready = await ReadyAsync(client);
            Assert.NotEqual(HttpStatusCode.TooManyRequests, ready.Status);
        }
    }

    [Fact]
    public async Task SchemaBehind_Answers503NamingTheMigrations()
    {
        using var app = new RankingsAppFactory();
        using var client = app.CreateClient();
        await ReadyWhenAsync(client, r => r.Status == HttpStatusCode.OK);
        await Task.Delay(Health.SchemaHealthCheck.Memo); // the healthy answer is memoised briefly
        // The database steps back to before the first migration, as an older schema would be.
        await using (var ctx = app.Service<SchemaMigrations>().CreateContext())
        {
            await ctx.GetService<IMigrator>().MigrateAsync(Migration.InitialDatabase);
        }
        var ready = await ReadyWhenAsync(client, r => r.StatusOf("schema") == "Unhealthy");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.Status);
        Assert.Equal("Unhealthy", ready.Overall);
        Assert.Equal("Healthy", ready.StatusOf("database"));
        Assert.StartsWith("the schema is behind this version by", ready.DescriptionOf("schema"));
        await using var check = app.Service<SchemaMigrations>().CreateContext();
        Assert.Contains(check.Database.GetMigrations().First(), ready.DescriptionOf("schema"));
    }

    [Fact]
    public async Task SchemaAhead_Answers503()
    {
        using var app = new RankingsAppFactory();
        using var client = app.CreateClient();
        await using (var ctx = app.Service<SchemaMigrations>().CreateContext())
        {
            await ctx.Database.ExecuteSqlRawAsync("INSERT INTO \"__EFMigrationsHistory\" (\"MigrationId\", \"ProductVersion\") VALUES ('29991231000000_FromTheFuture', '99.0')");
        }
        var ready = await ReadyWhenAsync(client, r => r.StatusOf("schema") == "Unhealthy");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.Status);
        Assert.Contains("29991231000000_FromTheFuture", ready.DescriptionOf("schema"));
    }

    [SqliteFact]
    public async Task SqliteFileUnreadable_Answers503WithoutThePath()
    {
        using var app = new RankingsAppFactory();
        using var client = app.CreateClient();
        await ReadyWhenAsync(client, r => r.Status == HttpStatusCode.OK);
        // The file goes and a folder takes its name: nothing can open it (and nothing creates an empty one instead).
        var file = Path.Combine(app.Directory, "rankings.db");
        SqliteConnection.ClearAllPools();
        foreach (var f in new[] { file, file + "-wal", file + "-shm" }) File.Delete(f);
        Directory.CreateDirectory(file);
        var ready = await ReadyWhenAsync(client, r => r.StatusOf("database") == "Unhealthy");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.Status);
        Assert.Equal("Unhealthy", ready.Overall);
        Assert.StartsWith("the database did not answer", ready.DescriptionOf("database"));
        Assert.DoesNotContain(app.Directory, ready.Body.GetRawText());
        using var live = await client.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, live.StatusCode); // liveness never asks the database
    }

    [PostgresFact]
    public async Task PostgresStopped_Answers503WithoutTheConnectionString()
    {
        using var server = new PrivatePostgres();
        using var app = new RankingsAppFactory();
        app.Settings["ConnectionStrings:Rankings"] = server.ConnectionString;
        using var client = app.CreateClient();
        await ReadyWhenAsync(client, r => r.Status == HttpStatusCode.OK);
        server.Stop();
        var ready = await ReadyWhenAsync(client, r => r.StatusOf("database") == "Unhealthy");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.Status);
        Assert.StartsWith("the database did not answer", ready.DescriptionOf("database"));
        Assert.DoesNotContain(server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), ready.Body.GetRawText());
        using var live = await client.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
    }

    [Fact]
    public async Task WorkerWithoutJobServer_Answers503()
    {
        using var app = new RankingsAppFactory();
        using var factory = app.WithWebHostBuilder(b => b.ConfigureTestServices(s =>
        {
            // Hangfire's server is a hosted service registered by a factory inside Hangfire.AspNetCore.
            foreach (var d in s.Where(d => d.ServiceType == typeof(IHostedService) && FromHangfire(d)).ToList()) s.Remove(d);
        }));
        using var client = factory.CreateClient();
        var ready = await ReadyAsync(client);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.Status);
        Assert.Equal("Unhealthy", ready.StatusOf("job_server"));
        Assert.Contains("job server is not running", ready.DescriptionOf("job_server"));
        Assert.Equal("Healthy", ready.StatusOf("database"));

        static bool FromHangfire(ServiceDescriptor d) =>
            (d.ImplementationType ?? d.ImplementationFactory?.Method.DeclaringType ?? d.ImplementationInstance?.GetType())?.Assembly
                == typeof(HangfireServiceCollectionExtensions).Assembly;
    }

    [Fact]
    public async Task NotAWorker_JobServerNotExpected()
    {
        using var app = new RankingsAppFactory();
        app.Settings["Rankings:NodeRoles"] = "web,ingest";
        using var client = app.CreateClient();
        var ready = await ReadyAsync(client);
        Assert.Equal(HttpStatusCode.OK, ready.Status);
        Assert.Equal("Healthy", ready.StatusOf("job_server"));
        Assert.StartsWith("not a worker node", ready.DescriptionOf("job_server"));
    }

    [Fact]
    public async Task FoldLagAboveTheLimit_IsDegradedAndStill200()
    {
        using var app = new RankingsAppFactory();
        // No worker here, so nothing folds what this node accepts.
        app.Settings["Rankings:NodeRoles"] = "web,ingest";
        app.Settings["Rankings:MaxFoldLagSeconds"] = "1";
        using var client = app.IngestClient();
        Assert.Equal("Healthy", (await ReadyAsync(client)).StatusOf("fold_lag"));
        await client.PostNdjsonAsync(TestRecord.Ndjson([new TestRecord("lag-1", DateTimeOffset.UtcNow.AddHours(-1), "openai/gpt-4o", 10, 5)]));
        var ready = await ReadyWhenAsync(client, r => r.StatusOf("fold_lag") == "Degraded");
        Assert.Equal(HttpStatusCode.OK, ready.Status);
        Assert.Equal("Degraded", ready.Overall);
        Assert.Equal("Degraded", ready.StatusOf("fold_lag"));
        Assert.Contains("Rankings:MaxFoldLagSeconds is 1", ready.DescriptionOf("fold_lag"));
        // Degraded once the lag passes 1 s; the figure is rounded to a tenth, so 1.04 s reads 1.0.
        Assert.True(ready.Check("fold_lag").GetProperty("data").GetProperty("lag_seconds").GetDouble() >= 1.0);
    }
}
