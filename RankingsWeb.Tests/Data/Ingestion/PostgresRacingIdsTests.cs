using Xunit.Abstractions;
using Npgsql;
using RankingsWeb.Data.Postgres;
using RankingsWeb.Tests.TestInfrastructure;

namespace RankingsWeb.Tests.Data.Ingestion;

public class PostgresRacingIdsTests(ITestOutputHelper output)
{
    private static readonly DateOnly LastDay = new(2026, 11, 20);

    [PostgresFact]
    public async Task SameIdsInOppositeOrders_Concurrently_NoDeadlock_EachStoredOnce()
    {
        await using var db = await TestDatabase.CreateAsync();
        var total = 0;
        for (var round = 0; round < 5; round++)
        {
            var records = RecordMaker.Make(3000, LastDay, 10, seed: 300 + round);
            var reversed = Enumerable.Reverse(records).ToList();
            using var start = new ManualResetEventSlim();
            // Two transactions inserting the same ids from opposite ends meet in the middle: unsorted, each
            // waits for a row the other inserted (40P01).
            var a = Task.Run(async () => { start.Wait(); return await db.IngestAsync(records); });
            var b = Task.Run(async () => { start.Wait(); return await db.IngestAsync(reversed); });
            start.Set();
            var answers = await Task.WhenAll(a, b);
            Assert.Equal(records.Count, answers.Sum(x => x.Accepted));
            Assert.Equal(records.Count, answers.Sum(x => x.Duplicates));
            total += records.Count;
            output.WriteLine($"round {round}: accepted {answers[0].Accepted} / {answers[1].Accepted}");
        }
        await using var conn = await db.Get<PostgresDatabase>().DataSource.OpenConnectionAsync();
        await using var cmd = new NpgsqlCommand("SELECT (SELECT COUNT(*) FROM raw_records), (SELECT COUNT(DISTINCT id) FROM raw_records), (SELECT COUNT(*) FROM record_ids)", conn);
        await using var r = await cmd.ExecuteReaderAsync();
        Assert.True(await r.ReadAsync());
        Assert.Equal(total, r.GetInt64(0));
        Assert.Equal(total, r.GetInt64(1));
        Assert.Equal(total, r.GetInt64(2));
    }
}
