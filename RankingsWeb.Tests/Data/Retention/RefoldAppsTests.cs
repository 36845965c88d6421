using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RankingsWeb.Data;
using RankingsWeb.Data.Apps;
using RankingsWeb.Data.Entities;
using RankingsWeb.Data.Ingestion;
using RankingsWeb.Data.Postgres;
using RankingsWeb.Data.Queries;
using RankingsWeb.Data.Retention;
using RankingsWeb.Data.Sqlite;
using RankingsWeb.Tests.TestInfrastructure;

namespace RankingsWeb.Tests.Data.Retention;

/// <summary>
/// A re-fold keeps the apps list right, on both databases: the apps of the records it re-reads are merged into
/// <c>apps</c> exactly as the fold would have merged them, so a key a fixed rule gives is listed under its title with its
/// first and last seen, and an unlisted app stays unlisted; with unchanged rules <c>apps</c> does not change.
/// </summary>
public class RefoldAppsTests
{
    private static readonly int Day0 = Days.FromDate(new DateOnly(2026, 11, 1));

    private static DateTimeOffset At(int day, int hour = 12, int ms = 0) =>
        new DateTimeOffset(Days.ToDate(day).ToDateTime(new TimeOnly(hour, 0)), TimeSpan.Zero).AddMilliseconds(ms);

    private static Task<TestDatabase> CreateAsync(SettableClock clock) => TestDatabase.CreateAsync(s =>
    {
        s.AddSingleton<TimeProvider>(clock);
        s.Configure<RankingsOptions>(o => (o.RawRetentionDays, o.DedupDays) = (35, 35));
    });

    /// <summary>The "old build" of <see cref="SqliteRederiveTests"/>: an app key kept a leading "www." of the referer's host.</summary>
    private static ValidRecord OldRules(ValidRecord r) =>
        r.AppSource == AppSource.Url && r.Inputs!.Value.AppUrl!.Contains("://www.", StringComparison.Ordinal) ? r with { AppKey = "www." + r.AppKey } : r;

    private static void StoreWithOldRules(TestDatabase db)
    {
        if (TestProvider.IsPostgres) ((PostgresUsageStore)db.Get<IUsageStore>()).StoreKeysForTest = OldRules;
        else ((SqliteUsageStore)db.Get<IUsageStore>()).StoreKeysForTest = OldRules;
    }

    /// <summary>
    /// Days Day0 … Day0 + 2, three batches folded one by one: generated records (one of their referers,
    /// "https://www.kilocode.ai/", gets a new key), an app renamed along the way whose new key nobody has seen, and an app
    /// whose new key an admin unlisted before it was ever seen.
    /// </summary>
    private static List<List<TestRecord>> Batches()
    {
        var batches = new List<List<TestRecord>>();
        for (var d = 0; d < 3; d++)
        {
            var batch = RecordMaker.Make(40, Days.ToDate(Day0 + d), 1, seed: 900 + d);
            batch.Add(new TestRecord($"renamed-{d}", At(Day0 + d, 9), "openai/gpt-5", 100 + d, 10, AppUrl: "https://www.renamed.example/app", AppTitle: $"Renamed v{d}"));
            // Untitled and later: last seen moves past the title's time.
            batch.Add(new TestRecord($"renamed-late-{d}", At(Day0 + d, 20), "openai/gpt-5", 50, 5, AppUrl: "https://www.renamed.example/app"));
            batch.Add(new TestRecord($"hidden-{d}", At(Day0 + d, 8 + d), "openai/gpt-5", 1000, 100, AppUrl: "https://www.hidden.example", AppTitle: "Hidden"));
            batches.Add(batch);
        }
        return batches;
    }

    private static async Task IngestAndFoldAsync(TestDatabase db, SettableClock clock, List<List<TestRecord>> batches)
    {
        for (var d = 0; d < batches.Count; d++)
        {
            clock.Now = At(Day0 + d, 23);
            Assert.Equal(batches[d].Count, (await db.IngestAsync(batches[d])).Accepted);
            await db.FoldPendingAsync();
        }
    }

    [Fact]
    public async Task Refold_AfterARuleFix_ListsTheNewKeysAsTheFoldWould_KeepsUnlistedAppsUnlisted_AndTwiceIsOnce()
    {
        var clock = new SettableClock(At(Day0));
        await using var db = await CreateAsync(clock);
        var batches = Batches();
        var records = batches.SelectMany(b => b).ToList();
        // Unlisted before any record: the key the fixed rule gives, and a key whose rule did not change.
        await db.Get<AppListing>().SetListedAsync("hidden.example", false, "admin", "test");
        await db.Get<AppListing>().SetListedAsync("cline.bot", false, "admin", "test");
        StoreWithOldRules(db);
        await IngestAndFoldAsync(db, clock, batches);
        var before = await AppsAsync(db);
        Assert.Contains("www.renamed.example/app", before.Keys);
        Assert.DoesNotContain("renamed.example/app", before.Keys);
        Assert.DoesNotContain("kilocode.ai", before.Keys);
        Assert.Equal(long.MaxValue, before["hidden.example"].FirstSeen); // unlisted, never seen under that key

        var versions = await db.Get<PublicVersionQueries>().ReadAsync();
        await db.Get<IRefolder>().RefoldAsync(Day0, Day0 + 2, CancellationToken.None);
        var after = await AppsAsync(db);
        // Public caches key on these versions: one must move, or they could serve the apps as they were before.
        Assert.NotEqual(versions, await db.Get<PublicVersionQueries>().ReadAsync());

        // The renamed app under its new key: first and last seen and title from the records, computed here.
        var renamed = records.Where(r => r.Id.StartsWith("renamed", StringComparison.Ordinal)).ToList();
        var latestTitled = renamed.Where(r => r.AppTitle is not null).MaxBy(r => r.CreatedAt)!;
        Assert.Equal(new AppEntry
        {
            Key = "renamed.example/app", DisplayName = "Renamed v2", TitleAt = latestTitled.CreatedAt.ToUnixTimeMilliseconds(),
            FirstSeen = renamed.Min(r => r.CreatedAt).ToUnixTimeMilliseconds(), LastSeen = renamed.Max(r => r.CreatedAt).ToUnixTimeMilliseconds(),
        }, after["renamed.example/app"], AppComparer.Instance);
        Assert.True(after["renamed.example/app"].LastSeen > after["renamed.example/app"].TitleAt);

        // Unlisted stays unlisted, under the key an admin unlisted ahead and under an unchanged key; the new key's dates are merged.
        var hidden = records.Where(r => r.Id.StartsWith("hidden", StringComparison.Ordinal)).ToList();
        Assert.False(after["hidden.example"].Listed);
        Assert.Equal(("Hidden", hidden.Min(r => r.CreatedAt).ToUnixTimeMilliseconds(), hidden.Max(r => r.CreatedAt).ToUnixTimeMilliseconds()),
            (after["hidden.example"].DisplayName, after["hidden.example"].FirstSeen, after["hidden.example"].LastSeen));
        Assert.Equal(before["hidden.example"].ListedChangedAt, after["hidden.example"].ListedChangedAt);
        Assert.Equal(before["cline.bot"], after["cline.bot"], AppComparer.Instance);

        // Row for row what a fresh database gets that ingested the same batches under the current rules, unlisted the
        // same apps at the same moment and folded; the keys only the old rule gave stay as they were.
        var referenceClock = new SettableClock(At(Day0));
        await using (var reference = await CreateAsync(referenceClock))
        {
            await reference.Get<AppListing>().SetListedAsync("hidden.example", false, "admin", "test");
            await reference.Get<AppListing>().SetListedAsync("cline.bot", false, "admin", "test");
            await IngestAndFoldAsync(reference, referenceClock, batches);
            var expected = await AppsAsync(reference);
            foreach (var (key, app) in before.Where(kv => !expected.ContainsKey(kv.Key))) expected[key] = app;
            Assert.Contains("kilocode.ai", expected.Keys);
            Assert.Equal(Rows(expected), Rows(after));
        }

        // The public apps ranking names the new key after its title, and shows neither unlisted app.
        var ranking = await db.Get<RankingsQueries>().RankingsAsync(Dimension.Apps, new DayWindow(Day0, Day0 + 3), Filters.None, 100);
        Assert.Equal("Renamed v2", ranking.Items.Single(i => i.Key == "renamed.example/app").Name);
        Assert.DoesNotContain(ranking.Items, i => i.Key is "hidden.example" or "cline.bot" || i.Name == "Hidden");

        // Twice is once.
        await db.Get<IRefolder>().RefoldAsync(Day0, Day0 + 2, CancellationToken.None);
        Assert.Equal(Rows(after), Rows(await AppsAsync(db)));
    }

    [Fact]
    public async Task Refold_WithUnchangedRules_LeavesAppsIdentical_EvenWhereTwoTitlesShareAMillisecond()
    {
        var clock = new SettableClock(At(Day0));
        await using var db = await CreateAsync(clock);
        var batches = Batches();
        // Two titles sent in the same millisecond, folded in two steps: the later step named the app, and a re-fold,
        // which reads both again, must not rename it.
        batches[1].Add(new TestRecord("tie-a", At(Day0 + 1, 22, 7), "openai/gpt-5", 1, 1, AppTitle: "Tie App"));
        batches[2].Add(new TestRecord("tie-b", At(Day0 + 1, 22, 7), "openai/gpt-5", 1, 1, AppTitle: "Tie App!"));
        await db.Get<AppListing>().SetListedAsync("cline.bot", false, "admin", "test");
        await IngestAndFoldAsync(db, clock, batches);
        var before = Rows(await AppsAsync(db));
        Assert.Contains(before, r => r.StartsWith("tie-app | Tie App! |", StringComparison.Ordinal));

        // A range with records of days outside it too (first and last seen span all days), then all of it, twice.
        await db.Get<IRefolder>().RefoldAsync(Day0 + 1, Day0 + 1, CancellationToken.None);
        Assert.Equal(before, Rows(await AppsAsync(db)));
        await db.Get<IRefolder>().RefoldAsync(Day0, Day0 + 2, CancellationToken.None);
        await db.Get<IRefolder>().RefoldAsync(Day0, Day0 + 2, CancellationToken.None);
        Assert.Equal(before, Rows(await AppsAsync(db)));
    }

    private static async Task<Dictionary<string, AppEntry>> AppsAsync(TestDatabase db)
    {
        await using var context = await db.Get<IDbContextFactory<RankingsDbContext>>().CreateDbContextAsync();
        return await context.Apps.AsNoTracking().ToDictionaryAsync(a => a.Key, StringComparer.Ordinal);
    }

    /// <summary>Every column of every row, as text, sorted: two tables compare whole.</summary>
    private static List<string> Rows(Dictionary<string, AppEntry> apps) =>
        [.. apps.Values.Select(AppComparer.Text).Order(StringComparer.Ordinal)];

    private sealed class AppComparer : IEqualityComparer<AppEntry>
    {
        public static readonly AppComparer Instance = new();

        public static string Text(AppEntry a) =>
            $"{a.Key} | {a.DisplayName} | {a.TitleAt} | {a.FirstSeen} | {a.LastSeen} | {a.Listed} | {a.ListedChangedAt}";

        public bool Equals(AppEntry? x, AppEntry? y) => x is not null && y is not null && Text(x) == Text(y);

        public int GetHashCode(AppEntry a) => Text(a).GetHashCode(StringComparison.Ordinal);
    }
}
