using RankingsWeb.Data.Sqlite;
using RankingsWeb.Data;
using RankingsWeb.Data.Aggregation;
using RankingsWeb.Data.Ingestion;
using RankingsWeb.Data.Queries;
using RankingsWeb.Tests.TestInfrastructure;
using static RankingsWeb.Tests.Data.Aggregation.SqliteStoreChecks;

namespace RankingsWeb.Tests.Data.Aggregation;

/// <summary>SQLite's fold: every record counted exactly once through crashes, concurrent runs and lost races (PostgresFoldTests is its twin).</summary>
public class SqliteFoldTests
{
    private static Task<List<TestRecord>> IngestAsync(TestDatabase db, int count, int seed) => db.IngestGeneratedAsync(count, LastDay, seed);

    [SqliteFact]
    public async Task Fold_CrashBeforeCommitThenRetry_SameTotals()
    {
        await using var db = await TestDatabase.CreateAsync();
        // 15 batches of 100: a step takes whole blocks (one per batch here) until it has 400 records.
        var records = new List<TestRecord>();
        for (var b = 0; b < 15; b++) records.AddRange(await IngestAsync(db, 100, seed: 300 + b));
        var folder = new SqliteRollupFolder(db.Get<SqliteDatabase>(), TimeProvider.System) { StepSize = 400 };

        // Crash in the middle: the second step dies after writing rollups, before its commit.
        var steps = 0;
        folder.BeforeCommit = _ =>
        {
            if (++steps == 2) throw new InvalidOperationException("killed mid-fold");
        };
        await Assert.ThrowsAsync<InvalidOperationException>(() => folder.FoldAsync(CancellationToken.None));
        var afterCrash = await db.Get<StatusQueries>().GetAsync();
        Assert.Equal(1500 - 400, afterCrash.Pending); // the first step committed, the second rolled back whole

        folder.BeforeCommit = null;
        var result = await folder.FoldAsync(CancellationToken.None);
        Assert.Equal(1100, result.RecordsFolded);
        await AssertTotalsExactAsync(db, records);

        // A rerun with nothing new changes nothing.
        Assert.Equal(0, (await folder.FoldAsync(CancellationToken.None)).RecordsFolded);
        await AssertTotalsExactAsync(db, records);
    }

    [SqliteFact]
    public async Task Fold_ConcurrentRunsWhileIngesting_NothingCountedTwice()
    {
        await using var db = await TestDatabase.CreateAsync();
        var folder = new SqliteRollupFolder(db.Get<SqliteDatabase>(), TimeProvider.System) { StepSize = 300 };
        var records = await db.IngestWhileFoldingAsync(folder, 600, seed: 10, LastDay);
        await AssertTotalsExactAsync(db, records);
    }

    [SqliteFact]
    public async Task Fold_LosesRaceBetweenPhases_StartsOverAndCountsOnce()
    {
        await using var db = await TestDatabase.CreateAsync();
        var records = await IngestAsync(db, 800, seed: 21);
        var other = new SqliteRollupFolder(db.Get<SqliteDatabase>(), TimeProvider.System) { StepSize = 500 };
        var folder = new SqliteRollupFolder(db.Get<SqliteDatabase>(), TimeProvider.System) { StepSize = 500 };
        var raced = 0;
        folder.BetweenPhases = async () =>
        {
            // The first time: another worker folds the same range after we summed it, before we write.
            if (raced++ == 0) await other.FoldAsync(CancellationToken.None);
        };
        var result = await folder.FoldAsync(CancellationToken.None);
        Assert.Equal(1, raced); // the retry found nothing left: the mark had moved past its range
        Assert.Equal(0, result.RecordsFolded); // the other worker folded everything
        await AssertTotalsExactAsync(db, records);
    }

    [SqliteFact]
    public async Task Fold_AppDisplayName_IsLatestTitle()
    {
        await using var db = await TestDatabase.CreateAsync();
        var t = new DateTimeOffset(2026, 11, 20, 0, 0, 0, TimeSpan.Zero);
        var records = new List<TestRecord>
        {
            new("t2", t.AddHours(2), "a/b", 1, 1, AppUrl: "https://tool.example/", AppTitle: "Tool v2"),
            new("t1", t.AddHours(1), "a/b", 1, 1, AppUrl: "https://tool.example/", AppTitle: "Tool v1"),
            new("t3", t.AddHours(3), "a/b", 1, 1, AppUrl: "https://tool.example/"),
        };
        var ingestion = db.Get<IngestionService>();
        foreach (var r in records)
        {
            using var body = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(r.ToJson()));
            await ingestion.IngestAsync(body, IngestReader.Format.Ndjson, "test", CancellationToken.None);
            await db.Get<IRollupFolder>().FoldAsync(CancellationToken.None);
        }
        var answer = await db.Get<RankingsQueries>().RankingsAsync(Dimension.Apps, new DayWindow(Days.FromDate(LastDay), Days.FromDate(LastDay) + 1), Filters.None, 10);
        Assert.Equal("Tool v2", answer.Items.Single().Name);
    }
}
