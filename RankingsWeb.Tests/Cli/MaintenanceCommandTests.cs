using Microsoft.Extensions.Configuration;
using RankingsWeb.Data.Queries;
using RankingsWeb.Tests.TestInfrastructure;

namespace RankingsWeb.Tests.Cli;

/// <summary>
/// <c>refold</c> and <c>retention</c> as an operator runs them: the built app as another process, on a database the
/// test filled, on both providers. The stores' own tests prove a re-fold exact day by day; these prove the commands
/// reach them, say what they did, refuse what they must with a reason and exit codes a script can rely on.
/// </summary>
public class MaintenanceCommandTests
{
    private static readonly DateOnly Today = DateOnly.FromDateTime(DateTime.UtcNow);

    [Fact]
    public async Task Refold_RecentDays_RebuildsThemExactly_AndSaysFromHowManyRecords()
    {
        await using var db = await TestDatabase.CreateAsync();
        var records = RecordMaker.Make(300, Today, 5, seed: 91);
        Assert.Equal(300, (await db.IngestAsync(records)).Accepted);
        await db.FoldPendingAsync();
        var before = await AnswerAsync(db);

        var from = Today.AddDays(-2);
        var (code, output, error) = await RunAsync(db, "refold", "--from", Format(from), "--to", Format(Today));
        Assert.True(code == 0, error);
        var inRange = records.Count(r => DateOnly.FromDateTime(r.CreatedAt.UtcDateTime) >= from);
        Assert.Contains($"re-folded {Format(from)} to {Format(Today)} from {inRange:N0} raw records", output);

        // Twice is once, and the rankings read the same as before, to the token.
        Assert.Equal(0, (await RunAsync(db, "refold", "--from", Format(from), "--to", Format(Today))).Code);
        Assert.Equal(before, await AnswerAsync(db));
        Assert.Equal(records.Sum(r => r.Tokens), before.Total);
    }

    [Fact]
    public async Task Refold_PastRetention_IsRefusedWithTheReason_AndChangesNothing()
    {
        await using var db = await TestDatabase.CreateAsync();
        Assert.Equal(50, (await db.IngestAsync(RecordMaker.Make(50, Today, 3, seed: 92))).Accepted);
        await db.FoldPendingAsync();
        var before = await AnswerAsync(db);

        var (code, _, error) = await RunAsync(db, "refold", "--from", Format(Today.AddDays(-60)), "--to", Format(Today));
        Assert.Equal(1, code);
        Assert.Contains("raw records are kept 35 days after arrival (Rankings:RawRetentionDays)", error);
        Assert.Contains($"the oldest day that can be rebuilt exactly today ({Format(Today)}) is {Format(Today.AddDays(-34))}", error);
        Assert.Equal(before, await AnswerAsync(db));
    }

    [Theory]
    [InlineData("usage", "refold")]
    [InlineData("usage", "refold", "--from", "2026-11-01")]
    [InlineData("dates", "refold", "--from", "yesterday", "--to", "2026-11-02")]
    [InlineData("usage", "retention", "extra")]
    public async Task BadArguments_ExitWith2_AndSayHowToCallIt(string says, params string[] args)
    {
        await using var db = await TestDatabase.CreateAsync();
        var (code, _, error) = await RunAsync(db, args);
        Assert.Equal(2, code);
        Assert.Contains(says == "usage" ? "usage: dotnet run --project RankingsWeb --" : "are dates, YYYY-MM-DD", error);
    }

    [Fact]
    public async Task Retention_OnRecentData_DropsNothing_AndSaysSo()
    {
        await using var db = await TestDatabase.CreateAsync();
        var records = RecordMaker.Make(40, Today, 3, seed: 93);
        Assert.Equal(40, (await db.IngestAsync(records)).Accepted);
        await db.FoldPendingAsync();

        var (code, output, error) = await RunAsync(db, "retention");
        Assert.True(code == 0, error);
        Assert.StartsWith("dropped 0 raw records and 0 ids", output);
        Assert.Equal(records.Sum(r => r.Tokens), (await AnswerAsync(db)).Total);
        Assert.Equal(0, (await db.IngestAsync(records.Take(5))).Accepted); // the ids are still remembered
    }

    [Fact]
    public async Task Commands_AcceptTheSitesSettings_AndRefuseATypoWithExit1AndTheReason()
    {
        await using var db = await TestDatabase.CreateAsync();
        // Keys only the web host reads, as a deployed site's environment file carries them.
        var site = await RunAsync(db, "retention", "--Rankings:AdminEmail", "admin@example.invalid", "--Rankings:AdminPassword", "Pass-word-12345",
            "--Rankings:RateLimits:PermitsPerMinute", "0");
        Assert.True(site.Code == 0, site.Error);

        var typo = await RunAsync(db, "retention", "--Rankings:RawRetentionDayz", "10");
        Assert.Equal(1, typo.Code);
        Assert.Contains("Rankings:RawRetentionDayz is not a setting of RankingsWeb. Did you mean Rankings:RawRetentionDays?", typo.Error);
        Assert.DoesNotContain("Unhandled exception", typo.Error);
    }

    private sealed record Answer(long Total, string Items);

    /// <summary>The models ranking of the last 40 days, every figure of every row, as one comparable value.</summary>
    private static async Task<Answer> AnswerAsync(TestDatabase db)
    {
        var today = Days.FromDate(Today);
        var answer = await db.Get<RankingsQueries>().RankingsAsync(Dimension.Models, new DayWindow(today - 40, today + 1), Filters.None, 1000);
        return new Answer(answer.TotalTokens, string.Join("\n", answer.Items.OrderBy(i => i.Key, StringComparer.Ordinal)
            .Select(i => $"{i.Key} {i.Tokens} {i.TokensPrompt} {i.TokensReasoning} {i.TokensCached} {i.Requests} {i.Cost}")));
    }

    private static string Format(DateOnly d) => d.ToString("yyyy-MM-dd");

    /// <summary>Runs the built app (<c>dotnet RankingsWeb.dll ARGS</c>) on the test's database; its exit code, stdout and stderr.</summary>
    private static Task<(int Code, string Output, string Error)> RunAsync(TestDatabase db, params string[] args)
    {
        var config = db.Get<IConfiguration>();
        return AppCommand.RunAsync(new Dictionary<string, string?>
        {
            ["ConnectionStrings__Rankings"] = config.GetConnectionString("Rankings"),
            ["Rankings__Database"] = config["Rankings:Database"],
        }, args);
    }
}
