using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Components;
using RankingsWeb.Components.Charts;
using RankingsWeb.Components.Shared;
using RankingsWeb.Data.Queries;

namespace RankingsWeb.Components.Pages.Leaderboard;

/// <summary>
/// The home page. Above the fold: the window's total and its change, the top models over time and the top 10; then
/// authors, apps, reasoning and use cases. Rendered statically: every choice (period, range, top-N, use-case tab) is
/// a link or a GET form, so the URL holds the state and the cached HTML serves every visitor.
/// </summary>
public sealed partial class LeaderboardPage
{
    public const int DefaultTop = 10;

    [Inject] public required RankingsQueries Queries { get; init; }
    [Inject] public required ReadScopes Scopes { get; init; }
    [Inject] public required EntityQueries Entities { get; init; }
    [Inject] public required TimeProvider Clock { get; init; }
    [Inject] public required NavigationManager Nav { get; init; }
    [Inject] public required IHttpContextAccessor Http { get; init; }
    [Inject] public required RankingsWeb.Data.Catalog.NameCatalog Names { get; init; }

    [SupplyParameterFromQuery(Name = "period")] public string? Period { get; set; }
    [SupplyParameterFromQuery(Name = "from")] public string? From { get; set; }
    [SupplyParameterFromQuery(Name = "to")] public string? To { get; set; }
    [SupplyParameterFromQuery(Name = "as_of")] public string? AsOf { get; set; }
    [SupplyParameterFromQuery(Name = "until")] public string? Until { get; set; }
    [SupplyParameterFromQuery(Name = "tab")] public string? Tab { get; set; }
    // A string: an int parameter made "?top=999999999999" a 500 before the page could say anything.
    [SupplyParameterFromQuery(Name = "top")] public string? TopParam { get; set; }
    [SupplyParameterFromQuery(Name = CountingConvention.Parameter)] public string? Counts { get; set; }

    private int Top => int.TryParse(TopParam, out var top) ? Math.Clamp(top, 5, 100) : DefaultTop;

    /// <summary>"As OpenRouter counts": models split by variant (the period is in the URL as it is, mapped by the toggle's link).</summary>
    private bool OpenRouter => Counts == CountingConvention.OpenRouter;
    private Variants ModelVariants => CountingConvention.ModelVariants(OpenRouter);

    /// <summary>The models' API links carry the convention, so a download is what the page shows.</summary>
    private string? VariantsQuery => OpenRouter ? $"{VariantsView.Parameter}={VariantsView.SeparateValue}" : null;

    /// <summary>What was wrong with <c>counts=</c>, shown instead of the content (and answered 400).</summary>
    private string? _countsError;

    private ViewWindow? _view;
    private RankingsAnswer? _models, _authors, _apps, _categories, _categoryModels;
    private long _previousTotal, _authorsOthers;
    private int _modelCount;
    private TotalsPoint _window = new(0, 0, 0, 0, 0, 0, 0);
    private Dictionary<string, int> _previousRanks = new();
    private Dictionary<string, string> _modelColors = new(), _authorColors = new(), _categoryColors = new();
    private RankingItem? _category;
    private JsonObject? _projectionOptions;
    private JsonObject? _growthOptions, _authorShareOptions, _authorDonutOptions, _reasoningOptions, _reasoningShareOptions, _categoryShareOptions;

    private string IntervalName => _view!.Interval.ToString().ToLowerInvariant();

    private double? TotalChange => _previousTotal == 0 ? null : (double)(_models!.TotalTokens - _previousTotal) / _previousTotal;

    /// <summary>The page's window, carried to the index pages it links to.</summary>
    private string QuerySuffix => new Uri(Nav.Uri).Query is { Length: > 1 } q
        ? "?" + string.Join('&', q[1..].Split('&').Where(p => p.Split('=')[0] is "period" or "from" or "to" or "as_of"))
        : "";

    /// <summary>
    /// False while the fields are being filled: the renderer draws the page at each await that really waits
    /// (PostgreSQL's I/O is asynchronous), and that render must not see half a page.
    /// </summary>
    private bool _loaded;

    protected override async Task OnParametersSetAsync()
    {
        _loaded = false;
        try
        {
            await LoadAsync();
        }
        finally
        {
            _loaded = true;
        }
    }

    private async Task LoadAsync()
    {
        if (ViewWindow.RedirectToCanonicalRange(Nav, Until)) return;
        var (first, latest) = await Queries.DataRangeAsync(Clock);
        _view = ViewWindow.Resolve(Period, From, To, AsOf, first, latest, Clock);
        _models = null;
        _countsError = CountingConvention.Error(Counts);
        if (_view.Error is not null || _countsError is not null)
        {
            PageStatus.Set(Http, RendererInfo, StatusCodes.Status400BadRequest);
            return;
        }
        var w = _view.Window;
        var scope = await Scopes.PublicAsync();
        // Every model of the window (for the count and the ranks); the table shows the top N.
        _models = await Queries.RankingsAsync(scope, Dimension.Models, w, Filters.None, 1000, ModelVariants);
        if (_models.TotalTokens == 0) return;
        _modelCount = _models.Items.Count;
        var previous = await Queries.RankingsAsync(scope, Dimension.Models, w.Previous, Filters.None, 1000, ModelVariants);
        _previousTotal = previous.TotalTokens;
        _previousRanks = previous.Items.ToDictionary(i => i.Key, i => i.Rank);
        _window = Sum(await Entities.TotalsAsync(scope, w, Filters.None, Interval.Month)); // month buckets: a 20-year window is 241 of them
        _authors = await Queries.RankingsAsync(scope, Dimension.Authors, w, Filters.None, 9);
        _authorsOthers = _authors.TotalTokens - _authors.Items.Sum(a => a.Tokens);
        _apps = await Queries.RankingsAsync(scope, Dimension.Apps, w, Filters.None, 10);
        _categories = await Queries.RankingsAsync(scope, Dimension.Categories, w, Filters.None, 20);
        _category = _categories.Items.FirstOrDefault(c => c.Key == Tab) ?? _categories.Items.FirstOrDefault();

        var labels = ChartLabels();
        var palette = new ChartPalette();
        var xTitle = $"{char.ToUpperInvariant(IntervalName[0])}{IntervalName[1..]} (UTC)";
        var growth = await Queries.SeriesAsync(scope, Dimension.Models, _view.ChartWindow, Filters.None, _view.Interval, Metric.Tokens, 10, ModelVariants);
        var growthSeries = ToChart(growth);
        _growthOptions = ChartOptions.StackedBars(labels, growthSeries, partialLast: _view.LastBucketElapsed is not null, height: 470, xTitle: xTitle, palette: palette);
        _modelColors = growthSeries.Zip(palette.For(growthSeries.Select(s => s.ColorKey))).ToDictionary(p => p.First.ColorKey, p => p.Second);
        _projectionOptions = Projection(growth) is { } projected ? ChartOptions.Projection(growthSeries, projected, 470, palette) : null;
        var authorSeries = await Queries.SeriesAsync(scope, Dimension.Authors, _view.ChartWindow, Filters.None, _view.Interval, Metric.Tokens, 9);
        _authorShareOptions = ChartOptions.ShareAreas(labels, ToChart(authorSeries), 480, xTitle: xTitle, palette: palette);
        // The donut is the table under it: the top 9 and Others, as shares of the same total.
        var donut = _authors.Items.Select(a => (a.Key, a.Name, (double)a.Tokens)).ToList();
        if (_authorsOthers > 0) donut.Add((RankingsQueries.OthersKey, "Others", _authorsOthers));
        _authorDonutOptions = ChartOptions.Donut(donut.Select(d => d.Item2).ToList(), donut.Select(d => d.Item3).ToList(), donut.Select(d => d.Item1).ToList(), 260, palette);
        _authorDonutOptions["legend"] = new JsonObject { ["show"] = false }; // the table under it is the legend, with the same swatches
        _authorColors = donut.Zip(palette.For(donut.Select(d => d.Item1))).ToDictionary(p => p.First.Item1, p => p.Second);

        var totals = await Entities.TotalsAsync(scope, _view.ChartWindow, Filters.None, _view.Interval);
        _reasoningOptions = ChartOptions.StackedBars(labels,
            [
                new ChartSeries("Regular output", totals.Select(t => (double)t.RegularOutput).ToList(), ChartColors.RegularOutput),
                new ChartSeries("Reasoning", totals.Select(t => (double)t.Reasoning).ToList(), ChartColors.Reasoning),
            ],
            partialLast: _view.LastBucketElapsed is not null, height: 260, xTitle: xTitle, yTitle: "Output tokens");
        _reasoningShareOptions = ChartOptions.Lines(labels, [("Reasoning share of output", totals.Select(t => t.ReasoningShare).ToList())], "fraction", 200,
            keys: [ChartColors.Reasoning], yTitle: "Reasoning share");

        if (_category is not null)
        {
            var filter = new Filters(Category: _category.Key);
            _categoryModels = await Queries.RankingsAsync(scope, Dimension.Models, w, filter, 10, ModelVariants);
            var categorySeries = await Queries.SeriesAsync(scope, Dimension.Models, _view.ChartWindow, filter, _view.Interval, Metric.Tokens, 6, ModelVariants);
            var categoryChart = ToChart(categorySeries);
            _categoryShareOptions = ChartOptions.ShareAreas(labels, categoryChart, 300, xTitle: xTitle, palette: palette);
            _categoryColors = categoryChart.Zip(palette.For(categoryChart.Select(c => c.ColorKey))).ToDictionary(p => p.First.ColorKey, p => p.Second);
        }
    }

    private static TotalsPoint Sum(IReadOnlyList<TotalsPoint> points) => new(0,
        points.Sum(p => p.Prompt), points.Sum(p => p.Completion), points.Sum(p => p.Reasoning), points.Sum(p => p.Cached),
        points.Sum(p => p.Requests), points.Sum(p => p.Cost));

    private List<string> ChartLabels() =>
        EntityQueries.Buckets(_view!.ChartWindow, _view.Interval).Select(b => ViewWindow.Label(b, _view.Interval)).ToList();

    private static List<ChartSeries> ToChart(SeriesAnswer s) =>
        s.Series.Select(x => new ChartSeries(x.Name, x.Values.Select(v => (double)v).ToList(), x.Key)).ToList();

    /// <summary>Each entity's last bucket scaled to a full bucket, when that bucket is still in progress.</summary>
    private IReadOnlyList<double>? Projection(SeriesAnswer s) =>
        _view!.LastBucketElapsed is { } elapsed && s.Buckets.Count > 0 ? s.Series.Select(x => (double)x.Values[^1] / elapsed).ToList() : null;

    private string Movement(RankingItem item)
    {
        if (!_previousRanks.TryGetValue(item.Key, out var before)) return "new";
        var delta = before - item.Rank;
        return delta switch { > 0 => $"▲{delta}", < 0 => $"▼{-delta}", _ => "=" };
    }

    private string TopHref(int top) => Nav.GetUriWithQueryParameter("top", top == DefaultTop ? null : top);

    /// <summary>The same view under the other convention: the flag, and week/month read as that convention reads them.</summary>
    private string CountsHref(bool openRouter)
    {
        var changes = new Dictionary<string, object?> { [CountingConvention.Parameter] = openRouter ? CountingConvention.OpenRouter : null };
        if (CountingConvention.PeriodFor(_view!.Period, openRouter) is { } period) changes["period"] = Period is null && period == "week" ? null : period;
        return Nav.GetUriWithQueryParameters(changes);
    }

    private string TabHref(string key) => Nav.GetUriWithQueryParameter("tab", key) + "#use-cases";
}
