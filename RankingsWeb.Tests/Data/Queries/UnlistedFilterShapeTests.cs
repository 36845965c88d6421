using Microsoft.Extensions.DependencyInjection;
using RankingsWeb.Data;
using RankingsWeb.Data.Sqlite;
using RankingsWeb.Data.Apps;
using RankingsWeb.Data.Postgres;
using RankingsWeb.Data.Queries;
using RankingsWeb.Tests.TestInfrastructure;

namespace RankingsWeb.Tests.Data.Queries;

/// <summary>
/// Filtering by an unlisted app must cost what filtering by an unknown app costs, or the answer time tells
/// which keys are unlisted. Shown without a clock: both run exactly the same commands.
/// </summary>
public class UnlistedFilterShapeTests : IAsyncLifetime
{
    private static readonly DateOnly Last = new(2026, 11, 20);
    private static readonly DayWindow Week = new(Days.FromDate(Last) - 6, Days.FromDate(Last) + 1);
    private TestDatabase _db = null!;
    private RecordingConnections _recorder = null!;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync(services =>
        {
            services.AddSingleton(sp => new RecordingConnections((IReadConnections)sp.GetRequiredService(
                TestProvider.IsPostgres ? typeof(PostgresDatabase) : typeof(SqliteDatabase))));
            services.AddSingleton<IReadConnections>(sp => sp.GetRequiredService<RecordingConnections>());
        });
        _recorder = _db.Get<RecordingConnections>();
        var at = new DateTimeOffset(Last.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        await _db.IngestAsync(
        [
            new("s1", at, "openai/gpt-5", 1000, 100, AppUrl: "https://secret.example/", Category: "programming"),
            new("s2", at.AddHours(1), "anthropic/claude-sonnet-4", 500, 50, AppUrl: "https://secret.example/", Category: "programming"),
            new("p1", at.AddHours(2), "openai/gpt-5", 10, 1, AppUrl: "https://public.example/"),
        ]);
        await _db.FoldPendingAsync();
        await _db.Get<AppListing>().SetListedAsync("secret.example", false, "test", "test");
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    private async Task AssertSameShapeAsync<T>(Func<string, Task<T>> query, Func<T, string> answer)
    {
        T unlistedAnswer = default!, unknownAnswer = default!;
        var unlisted = await _recorder.RecordAsync(async () => unlistedAnswer = await query("secret.example"));
        var unknown = await _recorder.RecordAsync(async () => unknownAnswer = await query("never.example"));
        Assert.NotEmpty(unknown);
        Assert.Equal(unknown, unlisted);
        Assert.Equal(answer(unknownAnswer), answer(unlistedAnswer));
    }

    [Fact]
    public async Task Rankings_UnlistedAppFilter_SameCommandsAsUnknownApp()
    {
        var q = _db.Get<RankingsQueries>();
        await AssertSameShapeAsync(app => q.RankingsAsync(Dimension.Models, Week, new Filters(App: app), 20),
            a => $"{a.TotalTokens}:{a.Items.Count}");
        await AssertSameShapeAsync(app => q.RankingsAsync(Dimension.Apps, Week, new Filters(App: app, Category: "programming"), 20),
            a => $"{a.TotalTokens}:{a.Items.Count}");
    }

    [Fact]
    public async Task Series_UnlistedAppFilter_SameCommandsAsUnknownApp()
    {
        var q = _db.Get<RankingsQueries>();
        await AssertSameShapeAsync(app => q.SeriesAsync(Dimension.Models, Week, new Filters(App: app), Interval.Day, Metric.Tokens, 10),
            s => $"{s.Buckets.Count}:{s.Series.Count}");
    }

    [Fact]
    public async Task Totals_UnlistedAppFilter_SameCommandsAsUnknownApp()
    {
        var q = _db.Get<EntityQueries>();
        await AssertSameShapeAsync(app => q.TotalsAsync(Week, new Filters(App: app), Interval.Day),
            t => string.Join(",", t.Select(p => p.Tokens)));
    }

    [Fact]
    public async Task RankHistory_UnlistedAppKeyOrContext_SameCommandsAsUnknownApp()
    {
        var q = _db.Get<EntityQueries>();
        await AssertSameShapeAsync(app => q.RankHistoryAsync(Dimension.Models, "openai/gpt-5", new Filters(App: app), Week, Interval.Day),
            t => string.Join(",", t.Select(p => $"{p.Rank}/{p.Tokens}")));
        await AssertSameShapeAsync(app => q.RankHistoryAsync(Dimension.Apps, app, Filters.None, Week, Interval.Day),
            t => string.Join(",", t.Select(p => $"{p.Rank}/{p.Tokens}")));
    }
}
