using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using RankingsWeb.Data;
using RankingsWeb.Data.Sqlite;
using RankingsWeb.Data.Demo;
using RankingsWeb.Data.Queries;

namespace RankingsWeb.Cli;

/// <summary>
/// End-to-end benchmark over real HTTP: starts the app on a loopback port with a fresh database,
/// posts N generated records, waits until the fold has caught up, then times rankings answers.
/// </summary>
public static class BenchCommand
{
    private static readonly string[] RankingUrls =
    [
        "/api/v1/rankings/models?period=week", "/api/v1/rankings/models?period=month", "/api/v1/rankings/authors?period=week",
        "/api/v1/rankings/apps?period=week", "/api/v1/rankings/categories?period=month", "/api/v1/rankings/models?period=week&category=programming",
        "/api/v1/rankings/providers?period=day", "/api/v1/rankings/models?period=all&limit=100",
        "/api/v1/rankings/apps?period=month&model=google/gemini-2.5-flash", "/api/v1/rankings/categories?period=week&provider=anthropic",
    ];

    private static readonly string[] SeriesUrls =
    [
        "/api/v1/series/models?period=month&interval=day", "/api/v1/series/authors?period=all&interval=week",
        "/api/v1/series/categories?period=month&interval=week",
    ];

    public static async Task<int> RunAsync(string[] args)
    {
        var (_, o) = CommandLine.Split(args);
        var records = int.Parse(o.GetValueOrDefault("records", "1000000"), CultureInfo.InvariantCulture);
        var batch = int.Parse(o.GetValueOrDefault("batch", "20000"), CultureInfo.InvariantCulture);
        var concurrency = int.Parse(o.GetValueOrDefault("concurrency", "2"), CultureInfo.InvariantCulture);
        var queries = int.Parse(o.GetValueOrDefault("queries", "200"), CultureInfo.InvariantCulture);
        var days = int.Parse(o.GetValueOrDefault("days", "90"), CultureInfo.InvariantCulture);
        var warmup = int.Parse(o.GetValueOrDefault("warmup", "200000"), CultureInfo.InvariantCulture);
        var nodes = int.Parse(o.GetValueOrDefault("nodes", "1"), CultureInfo.InvariantCulture);
        var dir = o.GetValueOrDefault("dir") ?? Path.Combine(Path.GetTempPath(), "rankings-bench-" + Environment.ProcessId);
        Directory.CreateDirectory(dir);

        var settings = new Dictionary<string, string>
        {
            ["ConnectionStrings:Rankings"] = $"Data Source={Path.Combine(dir, "rankings.db")}",
            ["Rankings:SeedDemoData"] = "false",
            ["Rankings:IngestApiKey"] = "bench-key",
            ["Logging:LogLevel:Default"] = "Warning",
            // A throwaway database: the admin account only lets the app start outside Development.
            ["Rankings:AdminEmail"] = "bench@localhost",
            ["Rankings:AdminPassword"] = "Bench-" + Guid.NewGuid().ToString("N"),
            // The benchmark measures the server, not its per-address limits: its one client sends 2,000 and more
            // queries within a minute, past the default burst, and was answered 429 (scripts/load.sh does the same).
            ["Rankings:RateLimits:PermitsPerMinute"] = "0",
            ["Rankings:RateLimits:IngestPermitsPerMinute"] = "0",
        };
        foreach (var (k, v) in o.Where(kv => kv.Key.Contains(':'))) settings[k] = v;
        var today = Days.Today(TimeProvider.System);

        var postgres = string.Equals(settings.GetValueOrDefault("Rankings:Database"), "Postgres", StringComparison.OrdinalIgnoreCase);
        if (nodes > 1 && !postgres) throw new ArgumentException("--nodes needs --Rankings:Database=Postgres: SQLite is one node");

        // A server runs for days; the first seconds of a process are spent compiling its hot paths. The warm-up
        // runs the same work against a database of its own and is thrown away, so the figures below are for a
        // warm process on a fresh, empty database. On PostgreSQL the throwaway database is made beside the measured
        // one on the same server (measured without it, the JIT took 7 s of the 2 cores during a 23 s run).
        var warmupDatabase = postgres ? BenchPostgres.ThrowawayOf(settings["ConnectionStrings:Rankings"]) : null;
        if (warmup > 0)
        {
            var warmSettings = new Dictionary<string, string>(settings)
            {
                ["ConnectionStrings:Rankings"] = warmupDatabase ?? $"Data Source={Path.Combine(dir, "warmup.db")}",
            };
            if (warmupDatabase is not null) await BenchPostgres.RecreateAsync(warmupDatabase);
            var sw0 = Stopwatch.StartNew();
            await using (var warm = await StartAsync(warmSettings))
            {
                // Small batches, in two rounds with a pause between: the runtime counts calls towards recompiling a
                // method only once start-up compiling has calmed down, so calls in the first round mostly do not count.
                var warmBodies = new DemoDataGenerator(today, 1.0, days, warmup, seed: 1).NdjsonChunks(Math.Min(batch, 2_000)).ToList();
                foreach (var round in warmBodies.Chunk((warmBodies.Count + 1) / 2))
                {
                    await IngestAsync([warm.Http], round, concurrency);
                    // Folded here rather than awaited: a node without the worker role has no Hangfire server.
                    await warm.App.Services.GetRequiredService<RankingsWeb.Data.Aggregation.IRollupFolder>().FoldAsync(CancellationToken.None);
                    await TimeAsync(warm.Http, RankingUrls, 5);
                    await TimeAsync(warm.Http, SeriesUrls, 5);
                    await SettleAsync();
                }
            }
            if (warmupDatabase is not null) await BenchPostgres.DropAsync(warmupDatabase);
            Console.WriteLine($"warm-up: {warmup:N0} records through a throwaway database ({sw0.Elapsed.TotalSeconds:F1} s; --warmup 0 to skip)");
        }

        // More than one node: as many apps in this process on the same PostgreSQL database, each with its own pools
        // and Hangfire server (so each folds too, one at a time under the fold's lock), the batches sent round-robin.
        var servers = new List<BenchServer>();
        for (var i = 0; i < nodes; i++) servers.Add(await StartAsync(settings));
        await using var server = servers[0];
        await using var others = new AsyncDisposables(servers.Skip(1));
        var (app, http) = (server.App, server.Http);
        Console.WriteLine($"bench: {records:N0} records over {days} days, batches of {batch:N0}, {concurrency} concurrent clients, " +
            (nodes == 1 ? $"{http.BaseAddress}" : $"{nodes} nodes: {string.Join(", ", servers.Select(x => x.Http.BaseAddress))}"));
        Console.WriteLine($"       database in {dir}");
        var generator = new DemoDataGenerator(today, 1.0, days, records, seed: Environment.TickCount);
        // Generated before the clock starts when it fits comfortably in memory: the server is measured, not the generator.
        IEnumerable<byte[]> bodies = records <= 2_000_000 ? generator.NdjsonChunks(batch).ToList() : generator.NdjsonChunks(batch);
        if (o.ContainsKey("stages"))
        {
            await StagesAsync(app.Services, (List<byte[]>)bodies);
            await app.StopAsync();
            Cleanup();
            return 0;
        }

        await SettleAsync();
        var cpuAtStart = Process.GetCurrentProcess().TotalProcessorTime;
        var (jitMethods, jitTime) = (System.Runtime.JitInfo.GetCompiledMethodCount(), System.Runtime.JitInfo.GetCompilationTime());
        var sqlite = app.Services.GetService<SqliteDatabase>();
        var writerAtStart = sqlite is null ? default : (sqlite.WriterTime.Of(WriterUse.Append), sqlite.WriterTime.Of(WriterUse.Fold));
        var sw = Stopwatch.StartNew();
        var (accepted, rejected) = await IngestAsync(servers.Select(x => x.Http).ToList(), bodies, concurrency);
        var ingestSeconds = sw.Elapsed.TotalSeconds;
        Console.WriteLine($"ingest: {accepted:N0} accepted, {rejected:N0} rejected; HTTP ingest {accepted / ingestSeconds:N0} records/s ({ingestSeconds:F1} s)");
        await WaitFoldedAsync(http, accepted);
        var endToEnd = sw.Elapsed.TotalSeconds;
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuAtStart;
        Console.WriteLine($"end to end (ingest + fold until pending = 0): {accepted / endToEnd:N0} records/s ({endToEnd:F1} s); " +
            $"CPU {cpu.TotalSeconds:F1} s on {Environment.ProcessorCount} cores, {cpu.TotalMilliseconds * 1000 / Math.Max(1, accepted):F1} µs per record; " +
            $"JIT {System.Runtime.JitInfo.GetCompiledMethodCount() - jitMethods:N0} methods in {(System.Runtime.JitInfo.GetCompilationTime() - jitTime).TotalSeconds:F1} s");
        if (sqlite is not null)
        {
            var (append, fold) = (sqlite.WriterTime.Of(WriterUse.Append), sqlite.WriterTime.Of(WriterUse.Fold));
            var (a0, f0) = writerAtStart;
            var held = (append.Held - a0.Held + fold.Held - f0.Held).TotalSeconds;
            Console.WriteLine($"SQLite writer held {held:F2} s ({held / endToEnd:P0} of the run): appends {(append.Held - a0.Held).TotalSeconds:F2} s " +
                $"in {append.Count - a0.Count:N0} transactions (commits {(append.Commits - a0.Commits).TotalSeconds:F2} s), fold {(fold.Held - f0.Held).TotalSeconds:F2} s " +
                $"in {fold.Count - f0.Count:N0} steps (commits {(fold.Commits - f0.Commits).TotalSeconds:F2} s)");
        }

        var r = await TimeAsync(http, RankingUrls, queries);
        var s = await TimeAsync(http, SeriesUrls, Math.Max(20, queries / 4));
        Console.WriteLine($"rankings answer over HTTP: median {r.Median:F2} ms, p95 {r.P95:F2} ms ({r.Count} requests, {RankingUrls.Length} shapes)");
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
        Cleanup();
        return 0;

        void Cleanup()
        {
            if (o.ContainsKey("dir") || o.ContainsKey("keep")) return;
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
        }
    }

    private sealed class AsyncDisposables(IEnumerable<IAsyncDisposable> items) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            foreach (var item in items) await item.DisposeAsync();
        }
    }

    /// <summary>The app on a loopback port, with a client that carries the ingest key.</summary>
    private sealed class BenchServer(WebApplication app, HttpClient http) : IAsyncDisposable
    {
        public WebApplication App { get; } = app;
        public HttpClient Http { get; } = http;

        public async ValueTask DisposeAsync()
        {
            Http.Dispose();
            await App.StopAsync();
            await App.DisposeAsync();
        }
    }

    private static async Task<BenchServer> StartAsync(Dictionary<string, string> settings)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = settings.Select(kv => $"--{kv.Key}={kv.Value}").ToArray() });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.AddRankingsWeb();
        var app = builder.Build();
        if (!await app.PrepareRankingsAsync()) throw new InvalidOperationException("the database was written by an unknown schema");
        app.MapRankingsWeb();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var http = new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromMinutes(5) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "bench-key");
        return new BenchServer(app, http);
    }

    /// <summary>Posts the bodies, <paramref name="concurrency"/> at a time, to the nodes in turn.</summary>
    private static async Task<(long Accepted, long Rejected)> IngestAsync(IReadOnlyList<HttpClient> nodes, IEnumerable<byte[]> bodies, int concurrency)
    {
        long accepted = 0, rejected = 0, sent = 0;
        await Parallel.ForEachAsync(bodies, new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (body, ct) =>
        {
            var http = nodes[(int)((Interlocked.Increment(ref sent) - 1) % nodes.Count)];
            using var content = new ByteArrayContent(body);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/x-ndjson");
            using var response = await http.PostAsync("/api/v1/usage", content, ct);
            response.EnsureSuccessStatusCode();
            using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
            Interlocked.Add(ref accepted, doc.RootElement.GetProperty("accepted").GetInt64());
            Interlocked.Add(ref rejected, doc.RootElement.GetProperty("rejected_total").GetInt64());
        });
        return (accepted, rejected);
    }

    /// <summary>
    /// Waits until the runtime stops compiling. Starting the measured server (migrations, EF model, Hangfire) runs
    /// start-up code often enough to be recompiled at a higher tier a little later, in the background; measured
    /// without this wait, that recompiling took 4 s of the 2 cores during a 10 s run. A server that has been up
    /// for a minute has done it.
    /// </summary>
    private static async Task SettleAsync()
    {
        var sw = Stopwatch.StartNew();
        var start = System.Runtime.JitInfo.GetCompiledMethodCount();
        var last = start;
        var quiet = 0;
        while (quiet < 10 && sw.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(100);
            var now = System.Runtime.JitInfo.GetCompiledMethodCount();
            quiet = now == last ? quiet + 1 : 0;
            last = now;
        }
        Console.WriteLine($"settled: {last - start:N0} methods compiled in the background in {sw.Elapsed.TotalSeconds:F1} s before the clock started");
    }

    /// <summary>Polls the status until every accepted record is folded.</summary>
    private static async Task WaitFoldedAsync(HttpClient http, long accepted)
    {
        while (true)
        {
            var status = await http.GetFromJsonAsync<JsonElement>("/api/v1/status");
            if (status.GetProperty("pending").GetInt64() == 0 && status.GetProperty("records").GetInt64() >= accepted) return;
            await Task.Delay(20);
        }
    }

    /// <summary>
    /// Times each stage alone, in-process and on one thread, without HTTP: where an end-to-end figure goes.
    /// </summary>
    private static async Task StagesAsync(IServiceProvider services, List<byte[]> bodies)
    {
        var clock = TimeProvider.System;
        var parsed = new List<RankingsWeb.Data.Ingestion.ParsedChunk>();
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var sw = Stopwatch.StartNew();
        foreach (var body in bodies)
        {
            await RankingsWeb.Data.Ingestion.IngestReader.ReadAsync(new MemoryStream(body), RankingsWeb.Data.Ingestion.IngestReader.Format.Ndjson,
                clock, int.MaxValue, chunk => { parsed.Add(chunk); return Task.CompletedTask; }, CancellationToken.None);
        }
        var n = parsed.Sum(c => c.Records.Count);
        var parseTime = sw.Elapsed;
        allocated = GC.GetTotalAllocatedBytes(precise: true) - allocated;
        Report($"parse + validate", n, parseTime);
        Console.WriteLine($"{"",-24} {allocated / (double)n:N0} bytes allocated per record (records kept for the next stage included)");

        var store = services.GetRequiredService<RankingsWeb.Data.Ingestion.IUsageStore>();
        sw.Restart();
        foreach (var chunk in parsed) await store.AppendAsync("bench", chunk.Records, chunk.Rejections, CancellationToken.None);
        Report("append (committed)", n, sw.Elapsed);

        var folder = services.GetRequiredService<RankingsWeb.Data.Aggregation.IRollupFolder>();
        sw.Restart();
        var folded = await folder.FoldAsync(CancellationToken.None);
        Report($"fold ({folded.Transactions} steps)", folded.RecordsFolded, sw.Elapsed);

        static void Report(string stage, long records, TimeSpan t) =>
            Console.WriteLine($"{stage,-24} {records:N0} records in {t.TotalSeconds:F2} s: {records / t.TotalSeconds,10:N0} records/s, {t.TotalMilliseconds * 1000 / records:F2} µs/record");
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
