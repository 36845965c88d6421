using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using RankingsWeb.Components.Pages.Leaderboard;
using RankingsWeb.Data.Queries;
using RankingsWeb.Tests.TestInfrastructure;

namespace RankingsWeb.Tests.Web.Components;

/// <summary>Pages over a real (empty or small) SQLite database, rendered with bUnit.</summary>
public class PageTests : IAsyncLifetime
{
    private TestDatabase _db = null!;

    public async Task InitializeAsync() => _db = await TestDatabase.CreateAsync();

    public async Task DisposeAsync() => await _db.DisposeAsync();

    private BunitContext Context() => PageContext.Create(_db);

    [Fact]
    public async Task Leaderboard_EmptyDatabase_ClearEmptyState()
    {
        await using var ctx = Context();
        var cut = ctx.Render<LeaderboardPage>();
        cut.WaitForAssertion(() => Assert.Contains("No usage recorded in this window yet", cut.Find("[data-testid=empty]").TextContent), TimeSpan.FromSeconds(15));
    }

    [Fact]
    public async Task Leaderboard_WithRecords_RanksModelsWithFormattedNumbers()
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var records = new List<TestRecord>
        {
            new("p1", new DateTimeOffset(today.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero), "openai/gpt-5", 1_200_000, 300_000, Reasoning: 150_000),
            new("p2", new DateTimeOffset(today.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero), "anthropic/claude-sonnet-4", 400_000, 100_000, Category: "programming"),
        };
        using (var body = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(TestRecord.Ndjson(records))))
            await _db.Get<RankingsWeb.Data.Ingestion.IngestionService>().IngestAsync(body, RankingsWeb.Data.Ingestion.IngestReader.Format.Ndjson, "t", default);
        await _db.FoldPendingAsync();

        await using var ctx = Context();
        var cut = ctx.Render<LeaderboardPage>();
        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=top-models] tbody tr").Count), TimeSpan.FromSeconds(15));
        var first = cut.FindAll("[data-testid=top-models] tbody tr")[0].TextContent;
        Assert.Contains("OpenAI: GPT-5", first);
        Assert.Contains("1.5M", first);
        Assert.Contains("75.0%", first); // share: 1.5M of 2.0M
        Assert.Contains("50.0%", first); // reasoning share of output: 150K of 300K
        Assert.Contains("new", cut.FindAll("[data-testid=top-models] tbody tr")[1].TextContent);
    }
}
