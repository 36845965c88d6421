using Npgsql;
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
    public async Task LateCommittingLowerSeq_IsFoldedOnceItCommits()
    {
        await using var db = await TestDatabase.CreateAsync();
        var pg = db.Get<PostgresDatabase>();

        // T1 takes a sequence value first but commits last: the race a high-water mark over seq would lose.
        await using var late = await pg.DataSource.OpenConnectionAsync();
        await using var t1 = await late.BeginTransactionAsync();
        long lateSeq;
        await using (var cmd = new NpgsqlCommand("""
            INSERT INTO usage_records (id, created_at, day, model_key, variant, author, app_key, app_title, app_source, category, provider,
                tokens_prompt, tokens_completion, tokens_reasoning, tokens_cached, cost_nanos, batch_id)
            VALUES ('late-1', @at, @day, 'openai/gpt-4o', 'none', 'openai', NULL, NULL, 0, 'uncategorized', NULL, 1000, 1000, 0, 0, 0, 0)
            RETURNING seq
            """, late, t1))
        {
            cmd.Parameters.AddWithValue("at", new DateTimeOffset(LastDay.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).ToUnixTimeMilliseconds());
            cmd.Parameters.AddWithValue("day", Days.FromDate(LastDay));
            lateSeq = (long)(await cmd.ExecuteScalarAsync())!;
        }
        await using (var cmd = new NpgsqlCommand($"INSERT INTO fold_queue (seq) VALUES ({lateSeq})", late, t1)) await cmd.ExecuteNonQueryAsync();

        var records = await IngestAsync(db, 200, seed: 5); // higher seqs, committed first
        var folder = db.Get<IRollupFolder>();
        Assert.Equal(200, (await folder.FoldAsync(CancellationToken.None)).RecordsFolded);
        Assert.Equal(records.Sum(r => r.Tokens), await TotalAsync(db));

        await t1.CommitAsync();
        Assert.Equal(1, (await db.Get<StatusQueries>().GetAsync()).Pending);
        Assert.Equal(1, (await folder.FoldAsync(CancellationToken.None)).RecordsFolded);
        Assert.Equal(records.Sum(r => r.Tokens) + 2000, await TotalAsync(db));
        Assert.Equal(201, (await db.Get<StatusQueries>().GetAsync()).Records);
    }

    [PostgresFact]
    public async Task CrashBeforeCommit_ThenRetry_SameTotals()
    {
        await using var db = await TestDatabase.CreateAsync();
        var records = await IngestAsync(db, 900, seed: 6);
        var folder = new PostgresRollupFolder(db.Get<PostgresDatabase>(), TimeProvider.System) { StepSize = 400 };
        var steps = 0;
        folder.BeforeCommit = _ =>
        {
            if (++steps == 2) throw new InvalidOperationException("killed mid-fold");
        };
        await Assert.ThrowsAsync<InvalidOperationException>(() => folder.FoldAsync(CancellationToken.None));
        Assert.Equal(500, (await db.Get<StatusQueries>().GetAsync()).Pending);
        folder.BeforeCommit = null;
        Assert.Equal(500, (await folder.FoldAsync(CancellationToken.None)).RecordsFolded);
        Assert.Equal(records.Sum(r => r.Tokens), await TotalAsync(db));
    }

    [PostgresFact]
    public async Task ConcurrentFoldsWhileIngesting_NothingCountedTwice()
    {
        await using var db = await TestDatabase.CreateAsync();
        var folder = new PostgresRollupFolder(db.Get<PostgresDatabase>(), TimeProvider.System) { StepSize = 250 };
        var records = await db.IngestWhileFoldingAsync(folder, 500, seed: 30, LastDay);
        Assert.Equal(records.Sum(r => r.Tokens), await TotalAsync(db));
        Assert.Equal(0, (await db.Get<StatusQueries>().GetAsync()).Pending);
    }
}
