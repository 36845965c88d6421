using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace RankingsWeb.Tests.TestInfrastructure;

/// <summary>The real app over a fresh SQLite file, with Hangfire in memory and no demo data.</summary>
public class RankingsAppFactory : WebApplicationFactory<Program>
{
    public const string IngestKey = "test-ingest-key";
    public const string AdminKey = "test-admin-key";
    public const string AdminEmail = "admin@rankings.test";
    public const string AdminPassword = "correct-horse-battery-1";

    public string Directory { get; } = Path.Combine(Path.GetTempPath(), "rankings-tests", Guid.NewGuid().ToString("N"));
    public Dictionary<string, string?> Settings { get; } = new();

    /// <summary>What the app logged as critical: a bad setting stops start-up with such lines and no exception.</summary>
    public System.Collections.Concurrent.ConcurrentQueue<string> CriticalLines { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        System.IO.Directory.CreateDirectory(Directory);
        builder.UseEnvironment("Development");
        if (TestProvider.IsPostgres)
        {
            builder.UseSetting("Rankings:Database", "Postgres");
            builder.UseSetting("ConnectionStrings:Rankings", TestProvider.CreatePostgresDatabase());
        }
        else
        {
            builder.UseSetting("ConnectionStrings:Rankings", $"Data Source={Path.Combine(Directory, "rankings.db")}");
        }
        builder.UseSetting("Rankings:SeedDemoData", "false");
        builder.UseSetting("Rankings:IngestApiKey", IngestKey);
        builder.UseSetting("Rankings:AdminApiKey", AdminKey);
        builder.UseSetting("Rankings:JobStorage", "InMemory");
        builder.UseSetting("Rankings:AdminEmail", AdminEmail);
        builder.UseSetting("Rankings:AdminPassword", AdminPassword);
        builder.UseSetting("Rankings:FoldSafetyNetSeconds", "2");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        // Tests sign in far more often than a person: the throttle's own tests set the real limit.
        builder.UseSetting("Rankings:SignInAttemptsPerMinute", "10000");
        // TestServer requests share one (absent) client address: the rate limits' own tests (Web/Operations) set them.
        builder.UseSetting("Rankings:RateLimits:PermitsPerMinute", "0");
        builder.UseSetting("Rankings:RateLimits:IngestPermitsPerMinute", "0");
        // Tests read right after a fold and expect it: the public cache's own tests (Web/Caching) turn it on.
        builder.UseSetting("Rankings:PublicCacheSeconds", "0");
        builder.ConfigureServices(s => s.AddTransient<IStartupFilter, TestClientAddress>());
        builder.ConfigureLogging(l => l.AddProvider(new CriticalLog(CriticalLines)));
        foreach (var (k, v) in Settings) builder.UseSetting(k, v);
    }

    public T Service<T>() where T : notnull => Services.GetRequiredService<T>();

    public HttpClient IngestClient()
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", IngestKey);
        return client;
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        SqliteConnection.ClearAllPools();
        try { System.IO.Directory.Delete(Directory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

/// <summary>TestServer has no client address: a request may name one in <see cref="Header"/> (per-address limits).</summary>
public sealed class TestClientAddress : IStartupFilter
{
    public const string Header = "X-Test-Client-Address";

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((http, nextMiddleware) =>
        {
            if (http.Request.Headers[Header] is [{ } value] && System.Net.IPAddress.TryParse(value, out var address))
                http.Connection.RemoteIpAddress = address;
            return nextMiddleware(http);
        });
        next(app);
    };
}

public static class ApiClientExtensions
{
    public static async Task<JsonElement> PostNdjsonAsync(this HttpClient client, string ndjson, int expectedStatus = 202)
    {
        using var content = new StringContent(ndjson, Encoding.UTF8, "application/x-ndjson");
        using var response = await client.PostAsync("/api/v1/usage", content);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == expectedStatus, $"expected {expectedStatus}, got {(int)response.StatusCode}: {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    public static async Task<JsonElement> GetJsonAsync(this HttpClient client, string url, int expectedStatus = 200)
    {
        using var response = await client.GetAsync(url);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == expectedStatus, $"GET {url}: expected {expectedStatus}, got {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Waits, without asking anything to fold, until status says nothing is pending.</summary>
    public static async Task WaitForPendingZeroAsync(this HttpClient client, long expectedRecords, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        JsonElement status = default;
        while (DateTime.UtcNow < deadline)
        {
            status = await client.GetFromJsonAsync<JsonElement>("/api/v1/status");
            if (status.GetProperty("pending").GetInt64() == 0 && status.GetProperty("records").GetInt64() == expectedRecords) return;
            await Task.Delay(50);
        }
        Assert.Fail($"pending did not reach 0 with {expectedRecords} records: {status}");
    }
}

/// <summary>Keeps every critical log line an app writes.</summary>
internal sealed class CriticalLog(System.Collections.Concurrent.ConcurrentQueue<string> lines) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new Logger(lines);

    public void Dispose() { }

    private sealed class Logger(System.Collections.Concurrent.ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel == LogLevel.Critical;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel == LogLevel.Critical) lines.Enqueue(formatter(state, exception));
        }
    }
}
