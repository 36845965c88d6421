using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using RankingsWeb.Data.Demo;
using RankingsWeb.Data.Queries;

namespace RankingsWeb.Cli;

/// <summary>
/// End-to-end benchmark over real HTTP: starts the app on a loopback port with a fresh database,
/// posts N generated records, waits until the fold has caught up, then times rankings answers.
/// </summary>
public static class BenchCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var (_, o) = CommandLine.Split(args);
        var records = int.Parse(o.GetValueOrDefault("records", "1000000"), CultureInfo.InvariantCulture);
        var batch = int.Parse(o.GetValueOrDefault("batch", "20000"), CultureInfo.InvariantCulture);
        var concurrency = int.Parse(o.GetValueOrDefault("concurrency", "2"), CultureInfo.InvariantCulture);
        var queries = int.Parse(o.GetValueOrDefault("queries", "200"), CultureInfo.InvariantCulture);
        var days = int.Parse(o.GetValueOrDefault("days", "90"), CultureInfo.InvariantCulture);
        var dir = o.GetValueOrDefault("dir") ?? Path.Combine(Path.GetTempPath(), "rankings-bench-" + Environment.ProcessId);
        Directory.CreateDirectory(dir);

        var settings = new Dictionary<string, string>
        {
            ["ConnectionStrings:Rankings"] = $"Data Source={Path.Combine(dir, "rankings.db")}",
            ["Rankings:SeedDemoData"] = "false",
            ["Rankings:IngestApiKey"] = "bench-key",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (k, v) in o.Where(kv => kv.Key.Contains(':'))) settings[k] = v;
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = settings.Select(kv => $"--{kv.Key}={kv.Value}").ToArray() });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.AddRankingsWeb();
        await using var app = builder.Build();
        await app.PrepareRankingsAsync();
        app.MapRankingsWeb();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

        Console.WriteLine($"bench: {records:N0} records over {days} days, batches of {batch:N0}, {concurrency} concurrent clients, {address}");
        Console.WriteLine($"       database in {dir}");
        var today = Days.Today(TimeProvider.System);
        var generator = new DemoDataGenerator(today, 1.0, days, records, seed: Environment.TickCount);
        // Generated before the clock starts when it fits comfortably in memory: the server is measured, not the generator.
        IEnumerable<byte[]> bodies = records <= 2_000_000 ? generator.NdjsonChunks(batch).ToList() : generator.NdjsonChunks(batch);

        using var http = new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromMinutes(5) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "bench-key");
        long accepted = 0, rejected = 0;
        var sw = Stopwatch.StartNew();
        await Parallel.ForEachAsync(bodies, new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (body, ct) =>
        {
            using var content = new ByteArrayContent(body);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/x-ndjson");
            using var response = await http.PostAsync("/api/v1/usage", content, ct);
            response.EnsureSuccessStatusCode();
            using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
            Interlocked.Add(ref accepted, doc.RootElement.GetProperty("accepted").GetInt64());
            Interlocked.Add(ref rejected, doc.RootElement.GetProperty("rejected_total").GetInt64());
        });
        var ingestSeconds = sw.Elapsed.TotalSeconds;
        while (true)
        {
            var status = await http.GetFromJsonAsync<JsonElement>("/api/v1/status");
            if (status.GetProperty("pending").GetInt64() == 0 && status.GetProperty("records").GetInt64() >= accepted) break;
            await Task.Delay(20);
        }
        var endToEnd = sw.Elapsed.TotalSeconds;
        Console.WriteLine($"ingest: {accepted:N0} accepted, {rejected:N0} rejected; HTTP ingest {accepted / ingestSeconds:N0} records/s ({ingestSeconds:F1} s)");
        Console.WriteLine($"end to end (ingest + fold until pending = 0): {accepted / endToEnd:N0} records/s ({endToEnd:F1} s)");

        string[] rankingUrls =
        [
            "/api/v1/rankings/models?period=week", "/api/v1/rankings/models?period=month", "/api/v1/rankings/authors?period=week",
            "/api/v1/rankings/apps?period=week", "/api/v1/rankings/categories?period=month", "/api/v1/rankings/models?period=week&category=programming",
            "/api/v1/rankings/providers?period=day", "/api/v1/rankings/models?period=all&limit=100",
        ];
        string[] seriesUrls =
        [
            "/api/v1/series/models?period=month&interval=day", "/api/v1/series/authors?period=all&interval=week",
            "/api/v1/series/categories?period=month&interval=week",
        ];
        var r = await TimeAsync(http, rankingUrls, queries);
        var s = await TimeAsync(http, seriesUrls, Math.Max(20, queries / 4));
        Console.WriteLine($"rankings answer over HTTP: median {r.Median:F2} ms, p95 {r.P95:F2} ms ({r.Count} requests, {rankingUrls.Length} shapes)");
        Console.WriteLine($"series answer over HTTP:   median {s.Median:F2} ms, p95 {s.P95:F2} ms ({s.Count} requests)");
        long dbBytes = Directory.GetFiles(dir, "rankings.db*").Sum(f => new FileInfo(f).Length);
        if (app.Services.GetService<RankingsWeb.Data.Postgres.PostgresDatabase>() is { } pg)
        {
            await using var conn = await pg.OpenReadAsync();
            await using var cmd = conn.CreateCommand();
            cmd.CommandText = "SELECT pg_database_size(current_database())";
            dbBytes = Convert.ToInt64(await cmd.ExecuteScalarAsync());
        }
        Console.WriteLine($"peak memory (server and client in one process): {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:N0} MB; database {dbBytes / 1048576.0:N0} MB");
        await app.StopAsync();
        if (!o.ContainsKey("dir") && !o.ContainsKey("keep"))
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
        }
        return 0;
    }

    private static async Task<(double Median, double P95, int Count)> TimeAsync(HttpClient http, string[] urls, int perUrl)
    {
        foreach (var u in urls) (await http.GetAsync(u)).EnsureSuccessStatusCode(); // warm-up
        var times = new List<double>();
        for (var i = 0; i < perUrl; i++)
        {
            foreach (var u in urls)
            {
                var t = Stopwatch.GetTimestamp();
                using var response = await http.GetAsync(u);
                await response.Content.ReadAsByteArrayAsync();
                times.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
            }
        }
        times.Sort();
        return (times[times.Count / 2], times[(int)(times.Count * 0.95)], times.Count);
    }
}
