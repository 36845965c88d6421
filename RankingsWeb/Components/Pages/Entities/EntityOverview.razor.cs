using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Components;
using RankingsWeb.Components.Charts;
using RankingsWeb.Components.Shared;
using RankingsWeb.Data.Queries;

namespace RankingsWeb.Components.Pages.Entities;

public sealed partial class EntityOverview
{
    [Inject] public required RankingsQueries Queries { get; init; }
    [Inject] public required EntityQueries Entities { get; init; }
    [Inject] public required GrowthQueries Growth { get; init; }

    [Parameter, EditorRequired] public required ViewWindow View { get; set; }
    /// <summary>The entity's own dimension and key.</summary>
    [Parameter, EditorRequired] public required Dimension SelfDimension { get; set; }
    [Parameter, EditorRequired] public required string SelfKey { get; set; }
    [Parameter, EditorRequired] public required Filters Filter { get; set; }
    [Parameter, EditorRequired] public required Dimension[] Breakdowns { get; set; }
    [Parameter, EditorRequired] public required Dimension MixDimension { get; set; }
    [Parameter, EditorRequired] public required Dimension DriverDimension { get; set; }
    /// <summary>Extra rank-history line: rank within this filter (an app within its main category).</summary>
    [Parameter] public (string Name, Filters Context)? RankWithin { get; set; }
    /// <summary>What the reader may see, resolved once by the page.</summary>
    [Parameter, EditorRequired] public required ReadScope Scope { get; set; }

    private RankingsAnswer? _total;
    private RankingItem? _self;
    private List<(Dimension, RankingsAnswer)> _breakdowns = [];
    private List<RankingItem> _drivers = [];
    private GrowthAnswer? _growth;

    /// <summary>Whose changes the "what changed" panel lists (a model's apps, an app's models); the first breakdown by default.</summary>
    [Parameter] public Dimension? ChangeBy { get; set; }

    private Dimension ContributorDimension => ChangeBy ?? Breakdowns[0];
    private JsonObject? _shareOptions;
    private JsonObject? _splitOptions, _reasoningShareOptions, _mixOptions, _rankOptions;

    private string DriverName => DriverDimension.Info().Heading;
    private string IntervalName => View.Interval.ToString().ToLowerInvariant();
    private string XTitle => $"{char.ToUpperInvariant(IntervalName[0])}{IntervalName[1..]} (UTC)";

    /// <summary>Breakdown cards fill their row: four side by side, or three.</summary>
    private string BreakdownSpan => Breakdowns.Length % 4 == 0 ? "rw-span-3" : Breakdowns.Length % 3 == 0 ? "rw-span-4" : "rw-span-6";
    private string FilterQuery => PageUrls.Api.Filter(Filter);
    protected override async Task OnParametersSetAsync()
    {
        if (View.Error is not null) return; // the page shows the reason instead
        var w = View.Window;
        // Unfiltered, so "share of all" and "change" are against the whole platform.
        _total = await Queries.RankingsAsync(Scope, SelfDimension, w, Filters.None, 1000);
        // Everything is loaded into locals first and shown at once: a render between two awaits must not see half a page.
        _self = null;
        var self = _total.Items.FirstOrDefault(i => i.Key == SelfKey)
                ?? (await Queries.RankingsAsync(Scope, SelfDimension, w, Filter, 1)).Items.FirstOrDefault(i => i.Key == SelfKey);
        if (self is null) return;

        var breakdowns = new List<(Dimension, RankingsAnswer)>();
        foreach (var d in Breakdowns) breakdowns.Add((d, await Queries.RankingsAsync(Scope, d, w, Filter, 10)));
        _breakdowns = breakdowns;
        _growth = await Growth.GrowthAsync(Scope, ContributorDimension, w, Filter, 5);
        var drivers = await Queries.RankingsAsync(Scope, DriverDimension, w, Filter, 1000);
        _drivers = drivers.Items.Where(i => i.TokensReasoning > 0).OrderByDescending(i => i.TokensReasoning).ThenBy(i => i.Key, StringComparer.Ordinal).Take(8).ToList();

        var buckets = EntityQueries.Buckets(View.ChartWindow, View.Interval);
        var labels = buckets.Select(b => ViewWindow.Label(b, View.Interval)).ToList();
        var palette = new ChartPalette();
        var totals = await Entities.TotalsAsync(Scope, View.ChartWindow, Filter, View.Interval);
        _splitOptions = ChartOptions.StackedBars(labels,
        [
            new ChartSeries("Prompt", totals.Select(t => (double)t.Prompt).ToList(), ChartColors.Prompt),
            new ChartSeries("Regular output", totals.Select(t => (double)t.RegularOutput).ToList(), ChartColors.RegularOutput),
            new ChartSeries("Reasoning", totals.Select(t => (double)t.Reasoning).ToList(), ChartColors.Reasoning),
        ], partialLast: View.LastBucketElapsed is not null, height: 300, xTitle: XTitle);
        _reasoningShareOptions = ChartOptions.Lines(labels, [("Reasoning share of output", totals.Select(t => t.ReasoningShare).ToList())], "fraction", 200,
            keys: [ChartColors.Reasoning], yTitle: "Reasoning share");
        var all = await Entities.TotalsAsync(Scope, View.ChartWindow, Filters.None, View.Interval);
        _shareOptions = ChartOptions.Lines(labels,
            [("Share of all tokens", totals.Select((t, i) => all[i].Tokens == 0 ? (double?)null : (double)t.Tokens / all[i].Tokens).ToList())], "fraction", 200,
            keys: [SelfKey], yTitle: "Share of all");

        var mix = await Queries.SeriesAsync(Scope, MixDimension, View.ChartWindow, Filter, View.Interval, Metric.Tokens, 8);
        _mixOptions = ChartOptions.ShareAreas(labels, mix.Series.Select(s => new ChartSeries(s.Name, s.Values.Select(v => (double)v).ToList(), s.Key)).ToList(), 300, xTitle: XTitle, palette: palette);

        var rankLines = new List<(string, IReadOnlyList<double?>)>();
        var overall = await Entities.RankHistoryAsync(Scope, SelfDimension, SelfKey, Filters.None, View.ChartWindow, View.Interval);
        rankLines.Add(("Overall", overall.Select(p => (double?)p.Rank).ToList()));
        if (RankWithin is { } within)
        {
            var inner = await Entities.RankHistoryAsync(Scope, SelfDimension, SelfKey, within.Context, View.ChartWindow, View.Interval);
            rankLines.Add((within.Name, inner.Select(p => (double?)p.Rank).ToList()));
        }
        _rankOptions = ChartOptions.Lines(labels, rankLines, "rank", 240, yTitle: "Rank");
        _self = self;
    }

    private IEnumerable<(string, string)> Summary()
    {
        var s = _self!;
        yield return ("Tokens", ViewFormat.Tokens(s.Tokens));
        yield return ("Share of all", ViewFormat.Share(s.Share));
        yield return ("Change", s.Change is null ? "new" : ViewFormat.Change(s.Change));
        yield return ("Prompt", ViewFormat.Tokens(s.TokensPrompt));
        yield return ("Regular output", ViewFormat.Tokens(s.TokensCompletion - s.TokensReasoning));
        yield return ("Reasoning", ViewFormat.Tokens(s.TokensReasoning));
        yield return ("Cached prompt", ViewFormat.Tokens(s.TokensCached));
        yield return ("Requests", ViewFormat.Tokens(s.Requests));
        yield return ("Tool calls", ViewFormat.Tokens(s.ToolCalls));
        yield return ("Cost", ViewFormat.Cost(s.Cost));
        yield return ("Reasoning of output", s.TokensCompletion == 0 ? "–" : ViewFormat.Share((double)s.TokensReasoning / s.TokensCompletion));
    }

    private static RenderFragment LinkFor(Dimension d, RankingItem item) => builder =>
    {
        var href = PageUrls.Entity(d, item.Key);
        if (href is null)
        {
            builder.AddContent(0, item.Name);
            return;
        }
        builder.OpenElement(1, "a");
        builder.AddAttribute(2, "href", href);
        builder.AddContent(3, item.Name);
        builder.CloseElement();
    };
}
