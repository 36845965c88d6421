using RankingsWeb.Data;
using RankingsWeb.Data.Aggregation;
using RankingsWeb.Data.Ingestion;
using RankingsWeb.Data.Queries;
using RankingsWeb.Tests.TestInfrastructure;

namespace RankingsWeb.Tests.Data.Aggregation;

public class FoldTests
{
    private static readonly DateOnly LastDay = new(2026, 11, 20);

    private static Task<List<TestRecord>> IngestAsync(TestDatabase db, int count, int seed) => db.IngestGeneratedAsync(count, LastDay, seed);

    private static async Task AssertTotalsExactAsync(TestDatabase db, List<TestRecord> records)
    {
        var window = new DayWindow(Days.FromDate(LastDay.AddDays(-30)), Days.FromDate(LastDay.AddDays(1)));
        var answer = await db.Get<RankingsQueries>().RankingsAsync(Dimension.Models, window, Filters.None, 1000);
        Assert.Equal(records.Sum(r => r.Tokens), answer.TotalTokens);
        Assert.Equal(records.Count, answer.Items.Sum(i => i.Requests));
        foreach (var g in records.GroupBy(r => r.ModelKey))
        {
            var item = answer.Items.Single(i => i.Key == g.Key);
            Assert.Equal(g.Sum(r => r.Tokens), item.Tokens);
            Assert.Equal(g.Sum(r => r.Reasoning), item.TokensReasoning);
            Assert.Equal(g.Sum(r => r.Cached), item.TokensCached);
            Assert.Equal(g.Sum(r => r.Cost), item.Cost);
        }
        var status = await db.Get<StatusQueries>().GetAsync();
        Assert.Equal(0, status.Pending);
        Assert.Equal(records.Count, status.Records);
    }

    [Fact]
    public async Task Fold_CrashBeforeCommitThenRetry_SameTotals()
    {
        await using var db = await TestDatabase.CreateAsync();
        var records = await IngestAsync(db, 1500, seed: 3);
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

    [Fact]
    public async Task Fold_ConcurrentRunsWhileIngesting_NothingCountedTwice()
    {
        await using var db = await TestDatabase.CreateAsync();
        var folder = new SqliteRollupFolder(db.Get<SqliteDatabase>(), TimeProvider.System) { StepSize = 300 };
        var records = await db.IngestWhileFoldingAsync(folder, 600, seed: 10, LastDay);
        await AssertTotalsExactAsync(db, records);
    }

    [Fact]
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

    [Fact]
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
