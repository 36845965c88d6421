using RankingsWeb.Data.Retention;
using RankingsWeb.Data.Sqlite;
using RankingsWeb.Tests.TestInfrastructure;
using static RankingsWeb.Tests.Data.Retention.SqliteRetentionScenario;

namespace RankingsWeb.Tests.Data.Retention;

/// <summary>
/// SQLite re-fold (<see cref="SqliteRefolder"/>): a range rebuilt from the kept blocks equals what the fold wrote, row
/// for row in every per-day table, also while another task ingests and folds; twice is once; a range older than
/// retention is refused and nothing changes.
/// </summary>
public class SqliteRefoldTests
{
    /// <summary>Eight arrival days of two batches of 40 records (days up to two before arrival), folded as they come.</summary>
    private static async Task<List<TestRecord>> EightDaysAsync(SqliteRetentionScenario s, string prefix = "r")
    {
        var all = new List<TestRecord>();
        for (var d = 0; d < 8; d++)
        {
            s.Today = Day0 + d;
            all.AddRange(await s.IngestAsync(40, seed: 200 + 2 * d, prefix));
            all.AddRange(await s.IngestAsync(40, seed: 201 + 2 * d, prefix));
            await s.FoldAsync();
        }
        return all;
    }

    private static int DayOf(TestRecord r) => RankingsWeb.Data.Queries.Days.FromDate(DateOnly.FromDateTime(r.CreatedAt.UtcDateTime));

    [SqliteFact]
    public async Task Refold_Range_EqualsTheFoldsRowsExactly_TwiceIsOnce_OtherDaysUntouched()
    {
        await using var s = await CreateAsync(rawDays: 5, dedupDays: 5);
        var records = await EightDaysAsync(s);
        var before = await s.RollupRowsAsync();
        var (from, to) = (Day0 + 3, Day0 + 5); // oldest refoldable on day 7: 7 - 5 + 1 = 3

        // Damage the range's rows the way a fold bug would; the re-fold puts them back from the blocks.
        Assert.True(await s.ExecuteAsync($"UPDATE cube SET tokens_prompt = tokens_prompt + 1 WHERE day = {from}") > 0);
        Assert.True(await s.ExecuteAsync($"DELETE FROM dimension_rollups WHERE day = {to}") > 0);

        var result = await s.Refolder().RefoldAsync(from, to, CancellationToken.None);
        Assert.Equal(records.Count(r => DayOf(r) >= from && DayOf(r) <= to), result.Records);
        Assert.Equal(before, await s.RollupRowsAsync());

        await s.Refolder().RefoldAsync(from, to, CancellationToken.None);
        Assert.Equal(before, await s.RollupRowsAsync());
        Assert.Equal(TokensByDay(records), await s.TokensByDayAsync());
    }

    [SqliteFact]
    public async Task Refold_RacedByIngestAndFoldBetweenPhases_CountsEveryFoldedRecordOnce()
    {
        await using var s = await CreateAsync(rawDays: 5, dedupDays: 5);
        var records = await EightDaysAsync(s);
        var (from, to) = (Day0 + 4, Day0 + 7);
        var refolder = s.Refolder();
        var folded = new List<TestRecord>();
        var waiting = new List<TestRecord>();
        refolder.BetweenPhases = async () =>
        {
            // After the re-fold read its snapshot: more records of the range are folded, and some wait for the fold.
            folded.AddRange(await s.IngestAsync(70, seed: 300, "raced"));
            await s.FoldAsync();
            waiting.AddRange(await s.IngestAsync(30, seed: 301, "waiting"));
        };
        await refolder.RefoldAsync(from, to, CancellationToken.None);
        Assert.Equal(TokensByDay([.. records, .. folded]), await s.TokensByDayAsync());
        Assert.Equal(30, (await s.Db.Get<RankingsWeb.Data.Queries.StatusQueries>().GetAsync()).Pending);

        await s.FoldAsync();
        Assert.Equal(TokensByDay([.. records, .. folded, .. waiting]), await s.TokensByDayAsync());
        Assert.Equal(await ReferenceRowsAsync([records, folded, waiting], from, to), await s.RollupRowsAsync(from, to));
    }

    [SqliteFact]
    public async Task Refold_WhileAnotherTaskIngestsAndFolds_EqualsAPlainFoldOfTheSameBatches()
    {
        await using var s = await CreateAsync(rawDays: 5, dedupDays: 5);
        var records = await EightDaysAsync(s);
        var (from, to) = (Day0 + 3, Day0 + 8);
        var batches = new List<List<TestRecord>> { records };
        var ingest = Task.Run(async () =>
        {
            for (var b = 0; b < 8; b++)
            {
                batches.Add(await s.IngestAsync(50, seed: 400 + b, "live"));
                await s.FoldAsync();
            }
        });
        var refolds = 0;
        while (!ingest.IsCompleted || refolds == 0)
        {
            await s.Refolder().RefoldAsync(from, to, CancellationToken.None);
            refolds++;
        }
        await ingest;
        await s.FoldAsync();
        Assert.Equal(TokensByDay(batches.SelectMany(b => b)), await s.TokensByDayAsync());
        Assert.Equal(await ReferenceRowsAsync(batches, from, to), await s.RollupRowsAsync(from, to));
    }

    [SqliteFact]
    public async Task Refold_RangeOlderThanRetention_RefusedWithTheReason_NothingChanges()
    {
        await using var s = await CreateAsync(rawDays: 5, dedupDays: 5);
        await EightDaysAsync(s);
        var before = await s.RollupRowsAsync();
        await s.ExecuteAsync("UPDATE cube SET tokens_prompt = tokens_prompt + 1"); // would be repaired by any re-fold of the range
        var damaged = await s.RollupRowsAsync();
        Assert.NotEqual(before, damaged);

        var e = await Assert.ThrowsAsync<RefoldRangeException>(() => s.Refolder().RefoldAsync(Day0 + 2, Day0 + 7, CancellationToken.None));
        Assert.Contains("Cannot re-fold from 2026-11-03", e.Message);
        Assert.Contains("is 2026-11-04", e.Message);
        await Assert.ThrowsAsync<RefoldRangeException>(() => s.Refolder().RefoldAsync(Day0 + 6, Day0 + 5, CancellationToken.None));
        await Assert.ThrowsAsync<RefoldRangeException>(() => s.Refolder().RefoldAsync(Day0 + 6, Day0 + 9, CancellationToken.None));
        Assert.Equal(damaged, await s.RollupRowsAsync());
    }

    [SqliteFact]
    public async Task Refold_AfterRetentionDroppedOlderBlocks_RebuildsTheKeptRangeExactly()
    {
        await using var s = await CreateAsync(rawDays: 3, dedupDays: 4);
        await EightDaysAsync(s);
        var before = await s.RollupRowsAsync();
        Assert.True((await s.Retention().RunAsync(CancellationToken.None)).UnitsDropped > 0); // arrived before day 4: gone
        var result = await s.Refolder().RefoldAsync(Day0 + 5, Day0 + 8, CancellationToken.None);
        Assert.True(result.Records > 0);
        Assert.Equal(before, await s.RollupRowsAsync());
    }

    /// <summary>The range's rows in a second database that ingested the same batches in the same order and only folded.</summary>
    private static async Task<List<string>> ReferenceRowsAsync(IEnumerable<List<TestRecord>> batches, int from, int to)
    {
        await using var reference = await TestDatabase.CreateAsync();
        foreach (var batch in batches) Assert.Equal(batch.Count, (await reference.IngestAsync(batch)).Accepted);
        await reference.Get<RankingsWeb.Data.Aggregation.IRollupFolder>().FoldAsync(CancellationToken.None);
        return await RollupRowsAsync(reference.ConnectionString, from, to);
    }
}
