using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using RankingsWeb.Data;
using RankingsWeb.Data.Ingestion;
using RankingsWeb.Data.Postgres;
using RankingsWeb.Data.Queries;
using RankingsWeb.Tests.TestInfrastructure;

namespace RankingsWeb.Tests.Data.Retention;

/// <summary>
/// Two nodes (each its own data services and pools) storing overlapping ids into one PostgreSQL database at once:
/// every id once, no deadlock, also when their clocks straddle midnight (the ingest epoch, <see cref="PostgresIngestEpoch"/>).
/// </summary>
public class PostgresTwoNodesTests
{
    private static readonly DateOnly Day0 = new(2026, 11, 20);

    [PostgresFact]
    public async Task TwoNodes_CopyOverlappingIdsConcurrently_EachIdStoredOnce()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var a = PostgresNode.On(db, TimeProvider.System);
        await using var b = PostgresNode.On(db, TimeProvider.System);
        var all = new HashSet<string>();
        long accepted = 0;
        for (var round = 0; round < 4; round++)
        {
            // Node A sends records 0..2999, node B 1500..4499 in reverse order: 1,500 ids in common.
            var records = RecordMaker.Make(4500, Day0, 10, seed: 100 + round);
            var toA = records.Take(3000).ToList();
            var toB = Enumerable.Reverse(records.Skip(1500)).ToList();
            using var start = new ManualResetEventSlim();
            var ta = Task.Run(async () => { start.Wait(); return await a.IngestAsync(toA); });
            var tb = Task.Run(async () => { start.Wait(); return await b.IngestAsync(toB); });
            start.Set();
            var answers = await Task.WhenAll(ta, tb);
            Assert.Equal(4500, answers.Sum(x => x.Accepted));
            Assert.Equal(1500, answers.Sum(x => x.Duplicates));
            accepted += 4500;
            all.UnionWith(records.Select(r => r.Id));
        }
        Assert.Equal(accepted, all.Count);
        Assert.Equal(accepted, await PostgresReads.ScalarAsync(db, "SELECT COUNT(DISTINCT id) FROM raw_records"));
        Assert.Equal(accepted, await PostgresReads.ScalarAsync(db, "SELECT COUNT(*) FROM raw_records"));
        Assert.Equal(accepted, await PostgresReads.ScalarAsync(db, "SELECT COUNT(*) FROM record_ids"));
    }

    [PostgresFact]
    public async Task TwoNodesEitherSideOfMidnight_OverlappingIds_EachStoredOnce()
    {
        await using var db = await TestDatabase.CreateAsync(s => s.AddSingleton<TimeProvider>(new SettableClock(At(Day0, 12))));
        var beforeMidnight = new SettableClock(At(Day0, 23).AddMinutes(59).AddSeconds(59));
        var afterMidnight = new SettableClock(At(Day0.AddDays(1), 0).AddSeconds(1));
        await using var a = PostgresNode.On(db, beforeMidnight);
        await using var b = PostgresNode.On(db, afterMidnight);

        // A stores its batch under arrival day Day0 and stops before its commit.
        var store = (PostgresUsageStore)a.Get<IUsageStore>();
        var stored = new TaskCompletionSource();
        var release = new TaskCompletionSource();
        store.BeforeCommit = async () => { stored.TrySetResult(); await release.Task; };
        var records = RecordMaker.Make(3000, Day0, 3, seed: 110);
        var toA = records.Take(2000).ToList();
        var toB = records.Skip(1000).ToList(); // 1,000 ids in common
        var ta = a.IngestAsync(toA);
        await stored.Task;

        // B's clock is past midnight: it moves the epoch to Day0 + 1, which waits for A's batch to finish.
        var tb = b.IngestAsync(toB);
        await WaitForAdvisoryLockWaiterAsync(db);
        Assert.False(tb.IsCompleted);
        release.SetResult();
        var (ra, rb) = (await ta, await tb);

        // Without the epoch B would check Day0's ids with a snapshot that cannot see A's uncommitted ones, and store
        // the 1,000 common ids a second time under Day0 + 1.
        Assert.Equal((2000, 0), (ra.Accepted, ra.Duplicates));
        Assert.Equal((1000, 1000), (rb.Accepted, rb.Duplicates));
        Assert.Equal(3000, await PostgresReads.ScalarAsync(db, "SELECT COUNT(*) FROM record_ids"));
        Assert.Equal(3000, await PostgresReads.ScalarAsync(db, "SELECT COUNT(DISTINCT id) FROM raw_records"));
        var days = await PostgresReads.RowsAsync(db, "SELECT arrival_day, COUNT(*) FROM raw_records GROUP BY 1 ORDER BY 1");
        Assert.Equal([(Days.FromDate(Day0), 2000L), (Days.FromDate(Day0) + 1, 1000L)], days.Select(r => ((int)r[0]!, (long)r[1]!)));
    }

    private static DateTimeOffset At(DateOnly day, int hour) => new(day.ToDateTime(new TimeOnly(hour, 0)), TimeSpan.Zero);

    /// <summary>Returns once a backend of this database waits for an advisory lock (the epoch's exclusive one).</summary>
    private static async Task WaitForAdvisoryLockWaiterAsync(TestDatabase db)
    {
        var name = new NpgsqlConnectionStringBuilder(db.Get<PostgresDatabase>().ConnectionString).Database;
        while (await PostgresReads.ScalarAsync(db, $"SELECT COUNT(*) FROM pg_stat_activity WHERE datname = '{name}' AND wait_event = 'advisory'") == 0)
            await Task.Delay(20);
    }
}
