using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Npgsql;
using RankingsWeb.Tests.TestInfrastructure;
using Xunit.Abstractions;

namespace RankingsWeb.Tests.Web.MultiNode;

/// <summary>
/// The three-node topology of the README as real OS processes on one fresh PostgreSQL database: two web+ingest
/// nodes and a worker, so the worker can be SIGKILLed. Timings are printed, not asserted tightly: the limits
/// are generous (the contract's 2 s is what the printout reports) but far below the failures they guard
/// against (a 25-30 s wait for the safety net, a ten-minute stale Hangfire lock).
/// </summary>
public class ProcessNodesTests(ITestOutputHelper output)
{
    private static readonly DateOnly LastDay = new(2026, 11, 20);
    private static readonly TimeSpan Ready = TimeSpan.FromSeconds(180);
    private const long FoldLockKey = 0x52616e6b; // PostgresRollupFolder's advisory lock

    [PostgresFact]
    public async Task TwoIngestNodesAndAWorker_FreshWithinSeconds_RacingIdsOnce_SigkilledWorkerRecovers_TotalsExact()
    {
        var cs = TestProvider.CreatePostgresDatabase();
        var clock = Stopwatch.StartNew();
        // One node migrates the fresh database (and installs Hangfire's schema) before the others start.
        await using var node1 = NodeProcess.Start("node1", "web,ingest", cs);
        await node1.WaitReadyAsync(Ready);
        await using var node2 = NodeProcess.Start("node2", "web,ingest", cs);
        await using var worker = NodeProcess.Start("worker", "worker", cs);
        await Task.WhenAll(node2.WaitReadyAsync(Ready), worker.WaitReadyAsync(Ready));
        output.WriteLine($"three nodes up in {clock.Elapsed.TotalSeconds:F1} s");
        NodeProcess[] web = [node1, node2];
        var sent = new List<TestRecord>();

        // 1. Freshness under light load: batches alternately to node 1 and node 2; after each 202, how long
        //    until status on both web nodes shows every record and nothing pending.
        var lags = new List<TimeSpan>();
        for (var i = 0; i < 8; i++)
        {
            var batch = RecordMaker.Make(2000, LastDay, 20, seed: 500 + i, prefix: "fresh");
            var target = web[i % 2];
            var answer = await PostAsync(target, batch);
            var answered = Stopwatch.StartNew();
            Assert.Equal(batch.Count, answer.GetProperty("accepted").GetInt32());
            sent.AddRange(batch);
            await WaitFreshAsync(web, worker, sent.Count, TimeSpan.FromSeconds(15), $"batch {i + 1} (to {target.Name})");
            lags.Add(answered.Elapsed);
            output.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} batch {i + 1} to {target.Name}: pending 0 on both web nodes {answered.Elapsed.TotalMilliseconds:F0} ms after the 202");
            await Task.Delay(500);
        }
        foreach (var node in new[] { node1, node2, worker })
            output.WriteLine($"{node.Name}:\n  " + string.Join("\n  ", node.RecentLog.Split('\n').Where(l => l.Contains("RankingsWeb.Jobs", StringComparison.Ordinal))));
        var ordered = lags.Order().ToList();
        output.WriteLine($"freshness: median {ordered[ordered.Count / 2].TotalMilliseconds:F0} ms, max {ordered[^1].TotalMilliseconds:F0} ms " +
                         $"({lags.Count(l => l <= TimeSpan.FromSeconds(2))} of {lags.Count} within the contract's 2 s)");

        // 2. The same ids to both nodes at once, in opposite orders: both answer 202 with JSON, each id is stored once.
        for (var round = 0; round < 4; round++)
        {
            var batch = RecordMaker.Make(3000, LastDay, 20, seed: 600 + round, prefix: "race");
            var reversed = Enumerable.Reverse(batch).ToList();
            var answers = await Task.WhenAll(PostAsync(node1, batch), PostAsync(node2, reversed));
            Assert.Equal(batch.Count, answers.Sum(a => a.GetProperty("accepted").GetInt32()));
            Assert.Equal(batch.Count, answers.Sum(a => a.GetProperty("duplicates").GetInt32()));
            sent.AddRange(batch);
        }
        await WaitFreshAsync(web, worker, sent.Count, TimeSpan.FromSeconds(60), "after the races");
        output.WriteLine($"races: 4 rounds of 3,000 ids to both nodes in opposite orders, each stored once ({sent.Count:N0} records)");

        // 3. The worker SIGKILLed in the middle of a fold, then restarted.
        var large = Enumerable.Range(0, 3).Select(b => RecordMaker.Make(40_000, LastDay, 20, seed: 700 + b, prefix: "large")).ToList();
        var sending = Task.Run(async () =>
        {
            foreach (var (batch, b) in large.Select((x, b) => (x, b))) await PostAsync(web[b % 2], batch);
        });
        var watch = Stopwatch.StartNew();
        while (!await FoldRunningAsync(cs))
        {
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(120), "no fold was seen running while 120,000 records were ingested");
            Assert.False(sending.IsFaulted, "sending the large batches failed");
            await Task.Delay(10);
        }
        var pendingAtKill = (await node1.StatusAsync()).Pending;
        worker.Kill();
        var killed = Stopwatch.StartNew();
        output.WriteLine($"worker SIGKILLed mid-fold (the fold's advisory lock held), {pendingAtKill:N0} records pending");
        await sending;
        foreach (var batch in large) sent.AddRange(batch);
        var released = await WaitAsync(async () => !await FoldRunningAsync(cs), TimeSpan.FromSeconds(60));
        output.WriteLine($"the dead worker's fold transaction rolled back after {released.TotalMilliseconds:F0} ms");
        worker.Restart();
        await worker.WaitReadyAsync(Ready);
        var up = Stopwatch.StartNew();
        output.WriteLine($"worker restarted and answering {killed.Elapsed.TotalSeconds:F1} s after the kill (start-up on this machine)");
        await WaitFreshAsync(web, worker, sent.Count, TimeSpan.FromSeconds(60), "after the worker was killed");
        output.WriteLine($"pending 0 on both web nodes {killed.Elapsed.TotalSeconds:F1} s after the kill, {up.Elapsed.TotalSeconds:F1} s after the new worker answered");
        await WaitAsync(() => Task.FromResult(worker.RecentLog.Contains("Folded", StringComparison.Ordinal)), TimeSpan.FromSeconds(10)); // its log line follows the commit
        output.WriteLine("restarted worker:\n  " + string.Join("\n  ", worker.RecentLog.Split('\n').Where(l => l.Contains("RankingsWeb.Jobs", StringComparison.Ordinal))));

        // 4. Totals exact on both web nodes: every record once, none lost with the killed fold.
        foreach (var node in web)
        {
            var rankings = await node.Client.GetFromJsonAsync<JsonElement>("/api/v1/rankings/models?from=2026-10-01&to=2026-11-21&limit=1000");
            Assert.Equal(sent.Sum(r => r.Tokens), rankings.GetProperty("total_tokens").GetInt64());
            var items = rankings.GetProperty("items").EnumerateArray().ToDictionary(i => i.GetProperty("key").GetString()!, i => i);
            foreach (var g in sent.GroupBy(r => r.ModelKey))
                Assert.Equal(g.Count(), items[g.Key].GetProperty("requests").GetInt64());
            Assert.Equal((sent.Count, 0L), await node.StatusAsync());
        }
        output.WriteLine($"totals exact: {sent.Count:N0} records, {sent.Sum(r => r.Tokens):N0} tokens; whole test {clock.Elapsed.TotalSeconds:F0} s");
    }

    /// <summary>Posts NDJSON; the answer must be 202 with a JSON body (a 500 error page is neither).</summary>
    private static async Task<JsonElement> PostAsync(NodeProcess node, IEnumerable<TestRecord> records)
    {
        using var content = new StringContent(TestRecord.Ndjson(records), Encoding.UTF8, "application/x-ndjson");
        using var response = await node.Client.PostAsync("/api/v1/usage", content);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == 202, $"{node.Name}: expected 202, got {(int)response.StatusCode} {response.Content.Headers.ContentType}: {Cut(text)}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static async Task WaitFreshAsync(NodeProcess[] web, NodeProcess worker, long records, TimeSpan timeout, string what)
    {
        var last = new (long Records, long Pending)[web.Length];
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout)
        {
            last = await Task.WhenAll(web.Select(n => n.StatusAsync()));
            if (last.All(s => s == (records, 0L))) return;
            await Task.Delay(25);
        }
        Assert.Fail($"{what}: not every web node showed {records} records and pending 0 within {timeout.TotalSeconds} s: " +
                    string.Join(", ", web.Select((n, i) => $"{n.Name} {last[i]}")) + $"\nworker log:\n{Cut(worker.RecentLog, 4000)}");
    }

    private static async Task<TimeSpan> WaitAsync(Func<Task<bool>> condition, TimeSpan timeout)
    {
        var watch = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(watch.Elapsed < timeout, $"condition not met within {timeout}");
            await Task.Delay(20);
        }
        return watch.Elapsed;
    }

    /// <summary>A fold step is in progress exactly while some session holds the fold's transaction-scoped advisory lock.</summary>
    private static async Task<bool> FoldRunningAsync(string cs)
    {
        await using var conn = new NpgsqlConnection(cs);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("""
            SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted
                AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
                AND classid::bigint = @hi AND objid::bigint = @lo AND objsubid = 1)
            """, conn);
        cmd.Parameters.AddWithValue("hi", FoldLockKey >> 32);
        cmd.Parameters.AddWithValue("lo", FoldLockKey & 0xffffffff);
        return (bool)(await cmd.ExecuteScalarAsync())!;
    }

    private static string Cut(string text, int max = 500) => text.Length <= max ? text : "…" + text[^max..];
}
