using RankingsWeb.Data.Aggregation;
using RankingsWeb.Data.Queries;
using RankingsWeb.Tests.TestInfrastructure;

namespace RankingsWeb.Tests.Data.Aggregation;

/// <summary>
/// Both folds with contract v1.1 records (on the provider under test): requests are summed, not counted, tool calls
/// summed beside the tokens, in the per-dimension table and the cube alike; and a sum past a 64-bit integer stops the
/// fold instead of wrapping. Each fold is <see cref="TestDatabase.FoldPendingAsync"/>: on a PostgreSQL server shared
/// with other runs, one FoldAsync may fold nothing yet (its horizon is the cluster's).
/// </summary>
public class AggregatedRecordsFoldTests
{
    private static readonly DateOnly LastDay = new(2026, 11, 20);
    private static readonly DayWindow Window = new(Days.FromDate(LastDay.AddDays(-9)), Days.FromDate(LastDay.AddDays(1)));

    private static List<TestRecord> Make(int count, int seed)
    {
        var rng = new Random(seed + 1000);
        return [.. RecordMaker.Make(count, LastDay, 10, seed, prefix: "v11").Select(r =>
        {
            var requests = rng.Next(0, 4) == 0 ? (long?)null : rng.Next(1, 1000); // some without the field: one request
            return r with { Requests = requests, ToolCalls = requests is null ? null : rng.Next(0, (int)requests * 2) };
        })];
    }

    [Fact]
    public async Task RequestsAndToolCalls_SummedExactly_PerDimensionAndInTheCube()
    {
        await using var db = await TestDatabase.CreateAsync();
        var folder = db.Get<IRollupFolder>();
        var records = new List<TestRecord>();
        for (var s = 0; s < 3; s++)
        {
            var batch = Make(700, seed: 30 + s);
            Assert.Equal(700, (await db.IngestAsync(batch)).Accepted);
            records.AddRange(batch);
            Assert.Equal(700, await db.FoldPendingAsync(folder)); // records, not requests
        }
        Assert.Equal(2100, (await db.Get<StatusQueries>().GetAsync()).Records);

        var queries = db.Get<RankingsQueries>();
        // Unfiltered: the per-dimension table.
        var models = await queries.RankingsAsync(Dimension.Models, Window, Filters.None, 100);
        foreach (var item in models.Items)
        {
            var mine = records.Where(r => r.ModelKey == item.Key).ToList();
            Assert.Equal((mine.Sum(r => r.Requests ?? 1), mine.Sum(r => r.ToolCalls ?? 0), mine.Sum(r => r.Tokens)), (item.Requests, item.ToolCalls, item.Tokens));
        }
        Assert.Equal(records.Select(r => r.ModelKey).Distinct().Count(), models.Items.Count);

        // Filtered: the cube.
        var programming = records.Where(r => r.Category == "programming").ToList();
        var authors = await queries.RankingsAsync(Dimension.Authors, Window, new Filters(Category: "programming"), 100);
        foreach (var item in authors.Items)
        {
            var mine = programming.Where(r => r.Author == item.Key).ToList();
            Assert.Equal((mine.Sum(r => r.Requests ?? 1), mine.Sum(r => r.ToolCalls ?? 0)), (item.Requests, item.ToolCalls));
        }
        var totals = await db.Get<EntityQueries>().TotalsAsync(Window, new Filters(Category: "programming"), Interval.Week);
        Assert.Equal((programming.Sum(r => r.Requests ?? 1), programming.Sum(r => r.ToolCalls ?? 0)), (totals.Sum(t => t.Requests), totals.Sum(t => t.ToolCalls)));
    }

    [Fact]
    public async Task SumPastALong_StopsTheFold_NothingWraps()
    {
        await using var db = await TestDatabase.CreateAsync();
        var folder = db.Get<IRollupFolder>();
        const long max = 1_000_000_000L * 1_000_000_000L; // the most one record may carry
        TestRecord Huge(string id) => new(id, new DateTimeOffset(LastDay.ToDateTime(new TimeOnly(9, 0)), TimeSpan.Zero), "openai/gpt-5", max, 0, Requests: 1_000_000_000);

        // Nine of them fit in a long (9e18 < 9.22e18), folded one step each: a tenth cannot be added.
        for (var i = 0; i < 9; i++)
        {
            Assert.Equal(1, (await db.IngestAsync([Huge("big-" + i)])).Accepted);
            Assert.Equal(1, await db.FoldPendingAsync(folder));
        }
        var before = (await db.Get<RankingsQueries>().RankingsAsync(Dimension.Models, Window, Filters.None, 10)).Items.Single();
        Assert.Equal(9 * max, before.TokensPrompt);

        Assert.Equal(1, (await db.IngestAsync([Huge("big-9")])).Accepted);
        await AssertOverflowAsync(() => db.FoldPendingAsync(folder));
        var after = (await db.Get<RankingsQueries>().RankingsAsync(Dimension.Models, Window, Filters.None, 10)).Items.Single();
        Assert.Equal(9 * max, after.TokensPrompt);
        Assert.Equal(1, (await db.Get<StatusQueries>().GetAsync()).Pending);

        // Within one step too (summed in memory on SQLite, as numeric on PostgreSQL).
        await using var fresh = await TestDatabase.CreateAsync();
        Assert.Equal(10, (await fresh.IngestAsync(Enumerable.Range(0, 10).Select(i => Huge("one-step-" + i)))).Accepted);
        await AssertOverflowAsync(() => fresh.FoldPendingAsync());
        Assert.Empty((await fresh.Get<RankingsQueries>().RankingsAsync(Dimension.Models, Window, Filters.None, 10)).Items);
    }

    /// <summary>
    /// The sum's overflow (checked in memory or SQLite's own "integer overflow" on SQLite, bigint out of range on
    /// PostgreSQL), not any failure: a fold held back for good fails FoldPendingAsync too, with an assertion.
    /// </summary>
    private static async Task AssertOverflowAsync(Func<Task> fold)
    {
        var e = await Assert.ThrowsAnyAsync<Exception>(fold);
        Assert.True(e is OverflowException or Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.NumericValueOutOfRange }
            || e is Microsoft.Data.Sqlite.SqliteException s && s.Message.Contains("integer overflow", StringComparison.Ordinal), e.ToString());
    }
}
