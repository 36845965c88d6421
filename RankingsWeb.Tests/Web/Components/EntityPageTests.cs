using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using RankingsWeb.Components.Pages.Entities;
using RankingsWeb.Data.Apps;
using RankingsWeb.Data.Ingestion;
using RankingsWeb.Data.Queries;
using RankingsWeb.Tests.TestInfrastructure;

namespace RankingsWeb.Tests.Web.Components;

/// <summary>Entity pages over a small real database: data shaping, the reasoning split, and 404 for unknown or unlisted entities.</summary>
public class EntityPageTests : IAsyncLifetime
{
    private TestDatabase _db = null!;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        var t = new DateTimeOffset(DateOnly.FromDateTime(DateTime.UtcNow).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var records = new List<TestRecord>
        {
            new("e1", t, "openai/gpt-5", 1_000_000, 400_000, Reasoning: 300_000, Cached: 200_000, AppUrl: "https://cline.bot/", Category: "programming", Provider: "OpenAI"),
            new("e2", t, "openai/gpt-5:free", 500_000, 100_000, AppUrl: "https://hidden.example/", Category: "roleplay"),
            new("e3", t, "anthropic/claude-sonnet-4", 2_000_000, 500_000, AppUrl: "https://cline.bot/", Category: "programming"),
        };
        using var body = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(TestRecord.Ndjson(records)));
        await _db.Get<IngestionService>().IngestAsync(body, IngestReader.Format.Ndjson, "t", default);
        await _db.FoldPendingAsync();
        await _db.Get<AppListing>().SetListedAsync("hidden.example", false, "test", "test");
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    private BunitContext Context() => PageContext.Create(_db);

    [Fact]
    public async Task ModelPage_SummarySplitsReasoningOutOfCompletion()
    {
        await using var ctx = Context();
        var cut = ctx.Render<ModelPage>(p => p.Add(x => x.Author, "openai").Add(x => x.Slug, "gpt-5"));
        cut.WaitForAssertion(() => Assert.Contains("OpenAI: GPT-5", cut.Find("h1").TextContent), TimeSpan.FromSeconds(15));
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=summary]")), TimeSpan.FromSeconds(15));
        var summary = cut.Find("[data-testid=summary]").TextContent;
        Assert.Contains("2.0M", summary);            // tokens: both variants
        Assert.Contains("Regularoutput200.0K", summary.Replace(" ", ""));
        Assert.Contains("Reasoning300.0K", summary.Replace(" ", ""));
        Assert.Contains("44.4%", summary);           // share of all: 2.0M of 4.5M
        var variants = cut.Find("[data-testid=breakdown-variants]").TextContent;
        Assert.Contains("free", variants);
        // The unlisted app is not among the model's apps.
        Assert.DoesNotContain("hidden.example", cut.Markup);
    }

    [Fact]
    public async Task CategoryPage_RanksItsModels()
    {
        await using var ctx = Context();
        var cut = ctx.Render<CategoryPage>(p => p.Add(x => x.Category, "programming"));
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=breakdown-models] tbody tr")), TimeSpan.FromSeconds(15));
        var rows = cut.FindAll("[data-testid=breakdown-models] tbody tr");
        Assert.Contains("Anthropic: Claude Sonnet 4", rows[0].TextContent);
        Assert.Contains("OpenAI: GPT-5", rows[1].TextContent);
    }

    [Fact]
    public async Task GrowthPage_DrawsEveryChart_AndItsTablesAddUp()
    {
        await using var ctx = Context();
        var cut = ctx.Render<RankingsWeb.Components.Pages.Growth.GrowthPage>();
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=drivers]")), TimeSpan.FromSeconds(15));
        // Waterfall, requests' size, token kinds, reasoning share, weights, origins, free vs paid, tool calls, spend
        // scatter, providers (none here: no model has two providers, so that card says so instead).
        var labels = cut.FindAll(".rw-chart").Select(c => c.GetAttribute("aria-label")).ToList();
        Assert.Equal(9, labels.Count);
        Assert.Contains(labels, l => l!.StartsWith("Waterfall of the change in tokens by model", StringComparison.Ordinal));
        Assert.Contains(labels, l => l!.StartsWith("Tool calls per request", StringComparison.Ordinal));
        Assert.NotEmpty(cut.FindAll("[data-testid=providers-none]"));
        // Everything is new this week: the change is the whole window, 4.5M tokens, all from more requests.
        Assert.Equal("+4.5M", cut.Find("[data-testid=headline-delta]").TextContent);
        Assert.Equal("+4.5M", cut.Find("[data-testid=headline-more]").TextContent);
        Assert.Equal("0", cut.Find("[data-testid=headline-larger]").TextContent);
        var rows = cut.FindAll("[data-testid=drivers] tr[data-delta]").ToDictionary(r => r.GetAttribute("data-key")!, r => long.Parse(r.GetAttribute("data-delta")!));
        Assert.Equal(4_500_000, rows["total"]);
        Assert.Equal(rows["total"], rows.Where(kv => kv.Key != "total").Sum(kv => kv.Value));
        Assert.DoesNotContain("hidden.example", cut.Markup);
    }

    [Theory]
    [InlineData("apps", "hidden.example")]
    [InlineData("apps", "never.example")]
    [InlineData("models", "nobody/nothing")]
    [InlineData("authors", "nobody")]
    [InlineData("categories", "knitting")]
    public async Task UnknownOrUnlisted_NotFound(string kind, string key)
    {
        await using var ctx = Context();
        var nav = ctx.Services.GetRequiredService<NavigationManager>();
        var notFound = false;
        nav.OnNotFound += (_, _) => notFound = true;
        IRenderedComponent<IComponent> cut = kind switch
        {
            "apps" => ctx.Render<AppPage>(p => p.Add(x => x.AppKey, key)),
            "models" => ctx.Render<ModelPage>(p => p.Add(x => x.Author, key.Split('/')[0]).Add(x => x.Slug, key.Split('/')[1])),
            "authors" => ctx.Render<AuthorPage>(p => p.Add(x => x.Author, key)),
            _ => ctx.Render<CategoryPage>(p => p.Add(x => x.Category, key)),
        };
        cut.WaitForAssertion(() => Assert.True(notFound), TimeSpan.FromSeconds(15));
        Assert.Empty(cut.FindAll("[data-testid=summary]"));
    }
}
