using RankingsWeb.Data.Sqlite;
using RankingsWeb.Tests.TestInfrastructure;
using static RankingsWeb.Tests.Data.Retention.SqliteRetentionScenario;

namespace RankingsWeb.Tests.Data.Retention;

/// <summary>
/// SQLite retention (<see cref="SqliteRawRetention"/>) on a clock moved a day at a time: old folded blocks go in
/// bounded steps and the rollups stay exactly as they were; unfolded blocks stay; ids outlive their blocks for
/// DedupDays; late records for an expired day are folded once.
/// </summary>
public class SqliteRetentionTests
{
    /// <summary>Six arrival days of two batches (one block each) of 50 records, folded as they come.</summary>
    private static async Task<List<TestRecord>> SixDaysAsync(SqliteRetentionScenario s)
    {
        var all = new List<TestRecord>();
        for (var d = 0; d < 6; d++)
        {
            s.Today = Day0 + d;
            all.AddRange(await s.IngestAsync(50, seed: 100 + 2 * d));
            all.AddRange(await s.IngestAsync(50, seed: 101 + 2 * d));
            await s.FoldAsync();
        }
        return all;
    }

    [SqliteFact]
    public async Task Retention_OldFoldedBlocks_DroppedInBoundedSteps_RollupsUnchanged()
    {
        await using var s = await CreateAsync(rawDays: 3, dedupDays: 3);
        var records = await SixDaysAsync(s);
        var rollups = await s.RollupRowsAsync();
        Assert.Equal(TokensByDay(records), await s.TokensByDayAsync());

        // Today is day 5: batches that arrived on days 0 and 1 (before 5 - 3 = 2) go, two blocks per step.
        var retention = s.Retention(stepBlocks: 2);
        var steps = new List<int>();
        retention.AfterStep = step => steps.Add(step.Blocks);
        var result = await retention.RunAsync(CancellationToken.None);

        Assert.Equal((4, 200L, 200L), (result.UnitsDropped, result.RawRecordsDropped, result.IdsDropped));
        Assert.Equal([2, 2], steps);
        Assert.Equal((0L, 0L), await s.BlocksArrivedBeforeAsync(Day0 + 2));
        Assert.Equal(8, await s.ScalarAsync("SELECT COUNT(*) FROM record_blocks"));
        Assert.Equal(400, await s.ScalarAsync("SELECT COUNT(*) FROM record_ids"));
        Assert.Equal(0, await s.ScalarAsync("SELECT COUNT(*) FROM retired_ids")); // ids expire with their blocks
        Assert.Equal(rollups, await s.RollupRowsAsync());
        Assert.Equal(TokensByDay(records), await s.TokensByDayAsync());
        var status = await s.Db.Get<RankingsWeb.Data.Queries.StatusQueries>().GetAsync();
        Assert.Equal((600L, 0L), (status.Records, status.Pending)); // folded records count what was folded, not what is kept

        // A second run the same day has nothing to do.
        var again = await s.Retention().RunAsync(CancellationToken.None);
        Assert.Equal((0, 0L, 0L), (again.UnitsDropped, again.RawRecordsDropped, again.IdsDropped));
    }

    [SqliteFact]
    public async Task Retention_KilledBetweenSteps_NextRunFinishes()
    {
        await using var s = await CreateAsync(rawDays: 3, dedupDays: 3);
        await SixDaysAsync(s);
        var rollups = await s.RollupRowsAsync();

        var killed = s.Retention(stepBlocks: 1);
        killed.AfterStep = _ => throw new OperationCanceledException("killed");
        await Assert.ThrowsAsync<OperationCanceledException>(() => killed.RunAsync(CancellationToken.None));
        Assert.Equal((3L, 150L), await s.BlocksArrivedBeforeAsync(Day0 + 2)); // the first step committed whole

        var result = await s.Retention(stepBlocks: 1).RunAsync(CancellationToken.None);
        Assert.Equal((3, 150L, 150L), (result.UnitsDropped, result.RawRecordsDropped, result.IdsDropped));
        Assert.Equal((0L, 0L), await s.BlocksArrivedBeforeAsync(Day0 + 2));
        Assert.Equal(400, await s.ScalarAsync("SELECT COUNT(*) FROM record_ids"));
        Assert.Equal(rollups, await s.RollupRowsAsync());
    }

    [SqliteFact]
    public async Task Retention_OldBlocksNotFoldedYet_AreKeptUntilFolded()
    {
        await using var s = await CreateAsync(rawDays: 3, dedupDays: 3);
        var folded = await s.IngestAsync(40, seed: 1);
        await s.FoldAsync();
        var waiting = await s.IngestAsync(30, seed: 2); // day 0 too, never folded before retention runs

        s.Today = Day0 + 5;
        var result = await s.Retention().RunAsync(CancellationToken.None);
        Assert.Equal((1, 40L, 40L), (result.UnitsDropped, result.RawRecordsDropped, result.IdsDropped));
        Assert.Equal((1L, 30L), await s.BlocksArrivedBeforeAsync(Day0 + 1));
        Assert.Equal(30, (await s.Db.Get<RankingsWeb.Data.Queries.StatusQueries>().GetAsync()).Pending);

        // Once folded, the next run drops it; the rollups hold both batches.
        await s.FoldAsync();
        result = await s.Retention().RunAsync(CancellationToken.None);
        Assert.Equal((1, 30L, 30L), (result.UnitsDropped, result.RawRecordsDropped, result.IdsDropped));
        Assert.Equal(TokensByDay([.. folded, .. waiting]), await s.TokensByDayAsync());
    }

    [SqliteFact]
    public async Task Resend_AfterItsBlockWasDropped_DuplicateInsideDedupDays_AcceptedPastThem()
    {
        await using var s = await CreateAsync(rawDays: 3, dedupDays: 5);
        var records = await s.IngestAsync(60, seed: 7);
        await s.FoldAsync();

        // Day 4: the block is past RawRetentionDays (cut: day 1), its ids are not past DedupDays (cut: day -1).
        s.Today = Day0 + 4;
        var result = await s.Retention().RunAsync(CancellationToken.None);
        Assert.Equal((1, 60L, 0L), (result.UnitsDropped, result.RawRecordsDropped, result.IdsDropped));
        Assert.Equal(0, await s.ScalarAsync("SELECT COUNT(*) FROM record_blocks"));
        Assert.Equal(1, await s.ScalarAsync("SELECT COUNT(*) FROM retired_ids"));
        var resent = await s.Db.IngestAsync(records);
        Assert.Equal((0, 60), (resent.Accepted, resent.Duplicates));

        // Day 6: the ids' arrival day 0 is before the cut (day 1): forgotten, and a resend is new.
        s.Today = Day0 + 6;
        result = await s.Retention().RunAsync(CancellationToken.None);
        Assert.Equal((0, 0L, 60L), (result.UnitsDropped, result.RawRecordsDropped, result.IdsDropped));
        Assert.Equal(0, await s.ScalarAsync("SELECT COUNT(*) FROM retired_ids"));
        Assert.Equal(0, await s.ScalarAsync("SELECT COUNT(*) FROM record_ids"));
        resent = await s.Db.IngestAsync(records);
        Assert.Equal((60, 0), (resent.Accepted, resent.Duplicates));
        await s.FoldAsync();
        // Past DedupDays a resend counts again: that is what the window means.
        Assert.Equal(TokensByDay([.. records, .. records]), await s.TokensByDayAsync());
    }

    [SqliteFact]
    public async Task LateRecords_ForADayWhoseBlocksExpired_AreFoldedOnce()
    {
        await using var s = await CreateAsync(rawDays: 3, dedupDays: 3);
        var onTime = await s.IngestAsync(50, seed: 3); // days -2…0, arriving on day 0
        await s.FoldAsync();

        s.Today = Day0 + 10;
        Assert.Equal(50, (await s.Retention().RunAsync(CancellationToken.None)).RawRecordsDropped);

        // Ten days late: records of day 0 arrive on day 10, are stored, folded, and kept by their arrival.
        var late = RecordMaker.Make(20, Days0Date, 1, seed: 4, prefix: "late");
        Assert.Equal(20, (await s.Db.IngestAsync(late)).Accepted);
        Assert.Equal(20, (await s.FoldAsync()).RecordsFolded);
        Assert.Equal(0, (await s.Retention().RunAsync(CancellationToken.None)).RawRecordsDropped);
        Assert.Equal(0, (await s.FoldAsync()).RecordsFolded);
        var resent = await s.Db.IngestAsync(late);
        Assert.Equal((0, 20), (resent.Accepted, resent.Duplicates));
        Assert.Equal(TokensByDay([.. onTime, .. late]), await s.TokensByDayAsync());

        s.Today = Day0 + 14;
        Assert.Equal(20, (await s.Retention().RunAsync(CancellationToken.None)).RawRecordsDropped);
        Assert.Equal(TokensByDay([.. onTime, .. late]), await s.TokensByDayAsync());
    }

    private static DateOnly Days0Date => RankingsWeb.Data.Queries.Days.ToDate(Day0);
}
