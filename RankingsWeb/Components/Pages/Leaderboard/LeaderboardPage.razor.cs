using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Components;
using RankingsWeb.Components.Charts;
using RankingsWeb.Components.Shared;
using RankingsWeb.Data.Queries;

namespace RankingsWeb.Components.Pages.Leaderboard;

public sealed partial class LeaderboardPage
{
    [Inject] public required RankingsQueries Queries { get; init; }
    [Inject] public required EntityQueries Entities { get; init; }
    [Inject] public required TimeProvider Clock { get; init; }
    [Inject] public required NavigationManager Nav { get; init; }
    [Inject] public required IHttpContextAccessor Http { get; init; }
    [CascadingParameter] public ThemeState? Theme { get; set; }

    [SupplyParameterFromQuery(Name = "period")] public string? Period { get; set; }
    [SupplyParameterFromQuery(Name = "from")] public string? From { get; set; }
    [SupplyParameterFromQuery(Name = "to")] public string? To { get; set; }
    [SupplyParameterFromQuery(Name = "as_of")] public string? AsOf { get; set; }
    [SupplyParameterFromQuery(Name = "tab")] public string? Tab { get; set; }
    // A string: an int parameter made "?top=999999999999" a 500 before the page could say anything.
    [SupplyParameterFromQuery(Name = "top")] public string? TopParam { get; set; }

    private int Top => int.TryParse(TopParam, out var top) ? Math.Clamp(top, 5, 100) : 20;

    private ViewWindow? _view;
    private RankingsAnswer? _models, _authors, _apps, _categories, _categoryModels;
    private Dictionary<string, int> _previousRanks = new();
    private RankingItem? _category;
    private JsonObject? _projectionOptions;
    private JsonObject? _growthOptions, _authorShareOptions, _authorDonutOptions, _reasoningOptions, _reasoningShareOptions, _categoryShareOptions;

    private bool Dark => Theme?.Dark ?? false;

    private int TabIndex
    {
        get => _categories is null || _category is null ? 0 : Math.Max(0, _categories.Items.ToList().FindIndex(c => c.Key == _category.Key));
        set
        {
            if (_categories is null || value < 0 || value >= _categories.Items.Count) return;
            Nav.NavigateTo(Nav.GetUriWithQueryParameter("tab", _categories.Items[value].Key), replace: true);
        }
    }

    /// <summary>
    /// False while the fields are being filled: a render between two awaits (PostgreSQL's I/O really is
    /// asynchronous) must not see half a page — it dereferenced a null answer about one load in ten.
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
        var (first, latest) = await Queries.DataRangeAsync(Clock);
        _view = ViewWindow.Resolve(Period, From, To, AsOf, first, latest, Clock);
        _models = null;
        if (_view.Error is not null)
        {
            PageStatus.Set(Http, RendererInfo, StatusCodes.Status400BadRequest);
            return;
        }
        var w = _view.Window;
        _models = await Queries.RankingsAsync(Dimension.Models, w, Filters.None, Top);
        if (_models.TotalTokens == 0) return;
        var previous = await Queries.RankingsAsync(Dimension.Models, w.Previous, Filters.None, 1000);
        _previousRanks = previous.Items.ToDictionary(i => i.Key, i => i.Rank);
        _authors = await Queries.RankingsAsync(Dimension.Authors, w, Filters.None, 9);
        _apps = await Queries.RankingsAsync(Dimension.Apps, w, Filters.None, 20);
        _categories = await Queries.RankingsAsync(Dimension.Categories, w, Filters.None, 20);
        _category = _categories.Items.FirstOrDefault(c => c.Key == Tab) ?? _categories.Items.FirstOrDefault();

        var labels = ChartLabels();
        var growth = await Queries.SeriesAsync(Dimension.Models, _view.ChartWindow, Filters.None, _view.Interval, Metric.Tokens, 10);
        var growthSeries = ToChart(growth);
        _growthOptions = ChartOptions.StackedBars(labels, growthSeries, Dark, partialLast: _view.LastBucketElapsed is not null);
        _projectionOptions = Projection(growth) is { } projected ? ChartOptions.Projection(growthSeries, projected, Dark) : null;
        var authorSeries = await Queries.SeriesAsync(Dimension.Authors, _view.ChartWindow, Filters.None, _view.Interval, Metric.Tokens, 9);
        _authorShareOptions = ChartOptions.ShareAreas(labels, ToChart(authorSeries), Dark);
        _authorDonutOptions = ChartOptions.Donut(_authors.Items.Select(a => a.Name).ToList(), _authors.Items.Select(a => (double)a.Tokens).ToList(), Dark);

        var totals = await Entities.TotalsAsync(_view.ChartWindow, Filters.None, _view.Interval);
        _reasoningOptions = ChartOptions.StackedBars(labels,
            [new ChartSeries("Regular output", totals.Select(t => (double)t.RegularOutput).ToList()), new ChartSeries("Reasoning", totals.Select(t => (double)t.Reasoning).ToList())],
            Dark, partialLast: _view.LastBucketElapsed is not null, height: 260);
        _reasoningShareOptions = ChartOptions.Lines(labels, [("Reasoning share of output", totals.Select(t => t.ReasoningShare).ToList())], Dark, "fraction", 200);

        if (_category is not null)
        {
            var filter = new Filters(Category: _category.Key);
            _categoryModels = await Queries.RankingsAsync(Dimension.Models, w, filter, 10);
            var categorySeries = await Queries.SeriesAsync(Dimension.Models, _view.ChartWindow, filter, _view.Interval, Metric.Tokens, 6);
            _categoryShareOptions = ChartOptions.ShareAreas(labels, ToChart(categorySeries), Dark, 300);
        }
    }

    private List<string> ChartLabels() =>
        EntityQueries.Buckets(_view!.ChartWindow, _view.Interval).Select(b => ViewWindow.Label(b, _view.Interval)).ToList();

    private static List<ChartSeries> ToChart(SeriesAnswer s) =>
        s.Series.Select(x => new ChartSeries(x.Name, x.Values.Select(v => (double)v).ToList())).ToList();

    /// <summary>Each entity's last bucket scaled to a full bucket, when that bucket is still in progress.</summary>
    private IReadOnlyList<double>? Projection(SeriesAnswer s) =>
        _view!.LastBucketElapsed is { } elapsed && s.Buckets.Count > 0 ? s.Series.Select(x => (double)x.Values[^1] / elapsed).ToList() : null;

    private string Movement(RankingItem item)
    {
        if (!_previousRanks.TryGetValue(item.Key, out var before)) return "new";
        var delta = before - item.Rank;
        return delta switch { > 0 => $"▲{delta}", < 0 => $"▼{-delta}", _ => "=" };
    }

    public static string ModelHref(string key) => PageUrls.Model(key);
}
