using Microsoft.Extensions.Options;
using RankingsWeb.Data;
using RankingsWeb.Data.Ingestion;
using RankingsWeb.Data.Aggregation;
using RankingsWeb.Data.Postgres;
using RankingsWeb.Data.Queries;
using RankingsWeb.Tests.TestInfrastructure;

namespace RankingsWeb.Tests.Data.Aggregation;

public class PostgresFoldTests
{
    private static readonly DateOnly LastDay = new(2026, 11, 20);

    private static async Task<long> TotalAsync(TestDatabase db)
    {
        var window = new DayWindow(Days.FromDate(LastDay.AddDays(-30)), Days.FromDate(LastDay.AddDays(1)));
        return (await db.Get<RankingsQueries>().RankingsAsync(Dimension.Models, window, Filters.None, 1000)).TotalTokens;
    }

    private static Task<List<TestRecord>> IngestAsync(TestDatabase db, int count, int seed) => db.IngestGeneratedAsync(count, LastDay, seed);

    [PostgresFact]
    public async Task BatchCommittingAfterLaterOnes_HoldsTheWatermark_ThenIsFoldedOnce()
    {
        await using var db = await TestDatabase.CreateAsync();

        // T1 takes its transaction id first but commits last: the race a mark over commit order would lose. Its store
        // is a second instance, so only T1 stops before its commit.
        var held = new PostgresUsageStore(db.Get<PostgresDatabase>(), db.Get<PostgresIngestEpoch>(), TimeProvider.System, db.Get<IOptions<RankingsOptions>>());
        var stored = new TaskCompletionSource();
        var release = new TaskCompletionSource();
        held.BeforeCommit = async () => { stored.SetResult(); await release.Task; };
        var late = RecordMaker.Make(1, LastDay, 1, seed: 4);
        using var body = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(TestRecord.Ndjson(late)));
        var t1 = new IngestionService(held, TimeProvider.System, []).IngestAsync(body, IngestReader.Format.Ndjson, "late", CancellationToken.None);
        await stored.Task;

        var records = await IngestAsync(db, 200, seed: 5); // higher transaction ids, committed first
        var folder = db.Get<IRollupFolder>();
        // The horizon is T1's id: nothing above it is folded while T1 may still commit below what would be the mark.
        Assert.Equal(0, (await folder.FoldAsync(CancellationToken.None)).RecordsFolded);
        Assert.Equal(200, (await db.Get<StatusQueries>().GetAsync()).Pending);

        release.SetResult();
        Assert.Equal(1, (await t1).Accepted);
        Assert.Equal(201, (await db.Get<StatusQueries>().GetAsync()).Pending);
        await db.WaitUntilFoldableAsync(); // past T1 here, and past a writer in another database on a shared server
        Assert.Equal(201, (await folder.FoldAsync(CancellationToken.None)).RecordsFolded);
        Assert.Equal(records.Sum(r => r.Tokens) + late.Sum(r => r.Tokens), await TotalAsync(db));
        Assert.Equal((201L, 0L), ((await db.Get<StatusQueries>().GetAsync()).Records, (await db.Get<StatusQueries>().GetAsync()).Pending));
        Assert.Equal(0, (await folder.FoldAsync(CancellationToken.None)).RecordsFolded);
    }

    [PostgresFact]
    public async Task CrashBeforeCommit_ThenRetry_SameTotals()
    {
        await using var db = await TestDatabase.CreateAsync();
        // Three batches of 300: a step never splits a batch, so a step of 400 takes the first two, then the third.
        var records = new List<TestRecord>();
        for (var b = 0; b < 3; b++) records.AddRange(await IngestAsync(db, 300, seed: 6 + b));
        await db.WaitUntilFoldableAsync(); // so each step's batches are the step size's, not a shared server's horizon's
        var folder = new PostgresRollupFolder(db.Get<PostgresDatabase>(), TimeProvider.System) { StepSize = 400 };
        var steps = 0;
        folder.BeforeCommit = _ =>
        {
            if (++steps == 2) throw new InvalidOperationException("killed mid-fold");
        };
        await Assert.ThrowsAsync<InvalidOperationException>(() => folder.FoldAsync(CancellationToken.None));
        Assert.Equal(300, (await db.Get<StatusQueries>().GetAsync()).Pending);
        folder.BeforeCommit = null;
        Assert.Equal(300, (await folder.FoldAsync(CancellationToken.None)).RecordsFolded);
        Assert.Equal(records.Sum(r => r.Tokens), await TotalAsync(db));
    }

    [PostgresFact]
    public async Task ConcurrentFoldsWhileIngesting_NothingCountedTwice()
    {
        await using var db = await TestDatabase.CreateAsync();
        var folder = new PostgresRollupFolder(db.Get<PostgresDatabase>(), TimeProvider.System) { StepSize = 250 };
        var records = await db.IngestWhileFoldingAsync(folder, 500, seed: 30, LastDay);
        await db.FoldPendingAsync(folder); // what a writer in another database on a shared server held back, if any
        Assert.Equal(records.Sum(r => r.Tokens), await TotalAsync(db));
        Assert.Equal(0, (await db.Get<StatusQueries>().GetAsync()).Pending);
    }

    [PostgresFact]
    public async Task WriterInAnotherDatabase_HoldsTheFoldBack_ThenItFoldsOnce()
    {
        // Transaction ids and snapshots are the cluster's, not a database's: a write left open in another database on
        // the same server is below the horizon of this one's fold (what made AggregatedRecordsFoldTests fail once while
        // other runs shared the server, and why tests fold with TestDatabase.FoldPendingAsync).
        await using var db = await TestDatabase.CreateAsync();
        await using var other = new Npgsql.NpgsqlConnection(TestProvider.CreatePostgresDatabase());
        await other.OpenAsync();
        await using var open = await other.BeginTransactionAsync();
        await using (var cmd = new Npgsql.NpgsqlCommand("SELECT pg_current_xact_id()", other, open)) await cmd.ExecuteScalarAsync(); // takes an xid

        var records = await IngestAsync(db, 50, seed: 40);
        var folder = db.Get<IRollupFolder>();
        Assert.Equal(0, (await folder.FoldAsync(CancellationToken.None)).RecordsFolded);
        Assert.Equal(50, (await db.Get<StatusQueries>().GetAsync()).Pending);

        await open.CommitAsync();
        Assert.Equal(50, await db.FoldPendingAsync(folder));
        Assert.Equal(records.Sum(r => r.Tokens), await TotalAsync(db));
        Assert.Equal(0, (await folder.FoldAsync(CancellationToken.None)).RecordsFolded);
    }
}
