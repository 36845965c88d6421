using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Components;
using RankingsWeb.Components.Charts;
using RankingsWeb.Components.Shared;
using RankingsWeb.Data.Catalog;
using RankingsWeb.Data.Queries;

namespace RankingsWeb.Components.Pages.Growth;

/// <summary>
/// What drove the change in tokens between the window and the one of equal length before it: by any dimension, more
/// requests or larger ones, reasoning's part, open against closed weights, origins, free variants, tokens against
/// spend and providers' prices. Every figure comes from <see cref="GrowthQueries"/>, the rankings and the series, so
/// each table and chart has an API answer to download. Rendered statically; the URL holds the state.
/// </summary>
public sealed partial class GrowthPage
{
    /// <summary>Entities shown as their own step of the waterfall (the rest are Others).</summary>
    public const int WaterfallSteps = 12;

    /// <summary>Rows of the table under the waterfall.</summary>
    public const int TableRows = 25;

    /// <summary>The dimensions the change can be broken down by, in the order of the tabs.</summary>
    public static readonly IReadOnlyList<Dimension> ByChoices =
        [Dimension.Models, Dimension.Authors, Dimension.Apps, Dimension.Categories, Dimension.Providers, Dimension.Variants, Dimension.Weights, Dimension.Origins];

    [Inject] public required RankingsQueries Queries { get; init; }
    [Inject] public required GrowthQueries Growth { get; init; }
    [Inject] public required ProviderQueries Providers { get; init; }
    [Inject] public required EntityQueries Entities { get; init; }
    [Inject] public required ReadScopes Scopes { get; init; }
    [Inject] public required TimeProvider Clock { get; init; }
    [Inject] public required NavigationManager Nav { get; init; }
    [Inject] public required IHttpContextAccessor Http { get; init; }
    [Inject] public required NameCatalog Names { get; init; }

    [SupplyParameterFromQuery(Name = "period")] public string? Period { get; set; }
    [SupplyParameterFromQuery(Name = "from")] public string? From { get; set; }
    [SupplyParameterFromQuery(Name = "to")] public string? To { get; set; }
    [SupplyParameterFromQuery(Name = "as_of")] public string? AsOf { get; set; }
    [SupplyParameterFromQuery(Name = "until")] public string? Until { get; set; }
    [SupplyParameterFromQuery(Name = "by")] public string? By { get; set; }

    private ViewWindow? _view;
    private Dimension _by = Dimension.Models;
    private string? _byError;
    private GrowthAnswer? _growth, _categories;
    private long _unkeyedDelta;
    private decimal _spendAll;
    private RankingsAnswer? _authors, _models, _weights, _origins;
    private IReadOnlyList<ProviderShareRow> _providerShares = [];
    private (long Free, long All, long PreviousFree, long PreviousAll) _free;
    private Dictionary<string, string> _categoryColors = new(), _weightColors = new(), _originColors = new();
    private JsonObject? _waterfallOptions, _sizeOptions, _kindsOptions, _reasoningShareOptions, _weightsOptions, _originsOptions,
        _freeOptions, _spendOptions, _providersOptions, _toolsOptions;
    private (long Now, long Before) _toolCalls;

    /// <summary>False while the fields are being filled (see LeaderboardPage: no render may see half a page).</summary>
    private bool _loaded;

    private DimensionInfo ByInfo => _by.Info();

    private string IntervalName => _view!.Interval.ToString().ToLowerInvariant();

    private string XTitle => $"{char.ToUpperInvariant(IntervalName[0])}{IntervalName[1..]} (UTC)";

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
        _growth = null;
        _byError = null;
        if (By is not null && (!Dimensions.TryParse(By, out _by) || !ByChoices.Contains(_by)))
        {
            _byError = $"by must be one of {string.Join(", ", ByChoices.Select(d => d.Info().Slug))} (got '{By}')";
            _by = Dimension.Models;
        }
        if (_view.Error is not null || _byError is not null || WindowSpec.PreviousError(_view.Window) is not null)
        {
            PageStatus.Set(Http, RendererInfo, StatusCodes.Status400BadRequest);
            return;
        }
        var w = _view.Window;
        var scope = await Scopes.PublicAsync();
        _growth = await Growth.GrowthAsync(scope, _by, w, Filters.None, TableRows);
        if (_growth.Total.Tokens == 0 && _growth.Total.PreviousTokens == 0) return;
        _unkeyedDelta = _growth.Total.Delta - _growth.Items.Sum(i => i.Figures.Delta) - (_growth.Others?.Delta ?? 0);
        _waterfallOptions = ChartOptions.Waterfall(WaterfallOf(_growth), 380);

        var labels = EntityQueries.Buckets(_view.ChartWindow, _view.Interval).Select(b => ViewWindow.Label(b, _view.Interval)).ToList();
        var palette = new ChartPalette();

        // More requests or larger ones, per use case, and each use case's size over time.
        _categories = await Growth.GrowthAsync(scope, Dimension.Categories, w, Filters.None, 1000);
        var sizes = await Queries.SeriesAsync(scope, Dimension.Categories, _view.ChartWindow, Filters.None, _view.Interval, Metric.TokensPerRequest, 6);
        var sizeSeries = sizes.Series.Select(s => (s.Name, (IReadOnlyList<double?>)s.Values.Select(v => v == 0 ? (double?)null : (double)v).ToList())).ToList();
        _sizeOptions = ChartOptions.Lines(labels, sizeSeries, "compact", 300, keys: sizes.Series.Select(s => s.Key).ToList(), xTitle: XTitle,
            yTitle: "Tokens per request", palette: palette);
        _categoryColors = sizes.Series.Zip(palette.For(sizes.Series.Select(s => s.Key))).ToDictionary(p => p.First.Key, p => p.Second);

        // Reasoning's part: the change by token kind, and reasoning's share of output over time.
        var t = _growth.Total;
        _kindsOptions = ChartOptions.Waterfall(
        [
            new("Previous window", t.PreviousTokens, IsTotal: true),
            new("Prompt", t.DeltaPrompt),
            new("Regular output", t.DeltaRegularOutput),
            new("Reasoning", t.DeltaReasoning),
            new("This window", t.Tokens, IsTotal: true),
        ], 300);
        var totals = await Entities.TotalsAsync(scope, _view.ChartWindow, Filters.None, _view.Interval);
        _reasoningShareOptions = ChartOptions.Lines(labels, [("Reasoning share of output", totals.Select(x => x.ReasoningShare).ToList())], "fraction", 220,
            keys: [ChartColors.Reasoning], xTitle: XTitle, yTitle: "Reasoning share");

        // Open against closed weights, and origins: share over time and now.
        _weights = await Queries.RankingsAsync(scope, Dimension.Weights, w, Filters.None, 10);
        var weightSeries = await Queries.SeriesAsync(scope, Dimension.Weights, _view.ChartWindow, Filters.None, _view.Interval, Metric.Tokens, 3);
        _weightsOptions = ChartOptions.ShareAreas(labels, ToChart(weightSeries), 300, XTitle, palette: palette);
        _weightColors = Colors(weightSeries, palette);
        _origins = await Queries.RankingsAsync(scope, Dimension.Origins, w, Filters.None, 8);
        var originSeries = await Queries.SeriesAsync(scope, Dimension.Origins, _view.ChartWindow, Filters.None, _view.Interval, Metric.Tokens, 6);
        _originsOptions = ChartOptions.ShareAreas(labels, ToChart(originSeries), 300, XTitle, palette: palette);
        _originColors = Colors(originSeries, palette);

        // Free variants against the rest: every variant's series, folded into two.
        var variants = await Queries.SeriesAsync(scope, Dimension.Variants, _view.ChartWindow, Filters.None, _view.Interval, Metric.Tokens, 1000);
        var free = variants.Series.FirstOrDefault(s => s.Key == FreeVariant)?.Values.Select(v => (double)v).ToList() ?? labels.Select(_ => 0d).ToList();
        var paid = labels.Select((_, i) => variants.Series.Where(s => s.Key != FreeVariant).Sum(s => (double)s.Values[i])).ToList();
        _freeOptions = ChartOptions.ShareAreas(labels, [new ChartSeries("Free variants", free, FreeColorKey), new ChartSeries("Paid", paid, PaidColorKey)], 260, XTitle, palette: palette);
        var variantRanks = await Queries.RankingsAsync(scope, Dimension.Variants, w, Filters.None, 1000);
        var freeNow = variantRanks.Items.FirstOrDefault(i => i.Key == FreeVariant);
        var variantsBefore = await Queries.RankingsAsync(scope, Dimension.Variants, w.Previous, Filters.None, 1000);
        _free = (freeNow?.Tokens ?? 0, variantRanks.TotalTokens, freeNow?.PreviousTokens ?? 0, variantsBefore.TotalTokens);

        // Agentic inference: tool calls per request per use case over time, and for everything now and before.
        var tools = await Queries.SeriesAsync(scope, Dimension.Categories, _view.ChartWindow, Filters.None, _view.Interval, Metric.ToolCallsPerRequest, 6);
        _toolsOptions = ChartOptions.Lines(labels,
            tools.Series.Select(s => (s.Name, (IReadOnlyList<double?>)s.Values.Select(v => (double?)v).ToList())).ToList(), "decimal", 260,
            keys: tools.Series.Select(s => s.Key).ToList(), xTitle: XTitle, yTitle: "Tool calls per request", palette: palette);
        // Month buckets: a 20-year window is 241 of them.
        var windowTotals = await Entities.TotalsAsync(scope, w, Filters.None, Interval.Month);
        var previousTotals = await Entities.TotalsAsync(scope, w.Previous, Filters.None, Interval.Month);
        _toolCalls = (windowTotals.Sum(p => p.ToolCalls), previousTotals.Sum(p => p.ToolCalls));

        // Tokens against spend: authors' shares of each, and models' price per million against their volume.
        _authors = await Queries.RankingsAsync(scope, Dimension.Authors, w, Filters.None, 12);
        _spendAll = windowTotals.Sum(p => p.Cost);
        _models = await Queries.RankingsAsync(scope, Dimension.Models, w, Filters.None, 40);
        _spendOptions = ChartOptions.Scatter(
            _models.Items.Where(m => m.Tokens > 0).Select(m => new ChartOptions.ScatterPoint(m.Name, (double)PerMillion(m.Cost, m.Tokens), m.Tokens, m.Key)).ToList(),
            "USD per million tokens", "Tokens (log scale)", "usd", "compact", logY: true, height: 340, palette: palette);

        // Providers of the same model: does the cheaper one carry the volume?
        _providerShares = await Providers.ProviderSharesAsync(w, 8);
        _providersOptions = ChartOptions.Scatter(
            _providerShares.Where(p => p.RelativePrice is not null)
                .Select(p => new ChartOptions.ScatterPoint($"{p.ModelName} · {p.ProviderName}", p.RelativePrice!.Value, Math.Round(p.Share * 100, 2), p.ModelKey)).ToList(),
            "Price against the model's average across providers", "Share of the model's tokens (%)", "ratio", "percent", height: 320, palette: palette);
    }

    public const string FreeVariant = "free";
    private const string FreeColorKey = "kind:free", PaidColorKey = "kind:paid";

    /// <summary>The waterfall of a growth answer: the previous total, each listed entity, Others, the records no entity holds, the total now.</summary>
    internal static List<ChartOptions.WaterfallStep> WaterfallOf(GrowthAnswer g, int steps = WaterfallSteps)
    {
        var list = new List<ChartOptions.WaterfallStep> { new("Previous window", g.Total.PreviousTokens, IsTotal: true) };
        foreach (var item in g.Items.Take(steps)) list.Add(new(StepLabel(item), item.Figures.Delta));
        var rest = g.Items.Skip(steps).Sum(i => i.Figures.Delta) + (g.Others?.Delta ?? 0);
        if (rest != 0) list.Add(new("Others", rest));
        var unkeyed = g.Total.Delta - g.Items.Sum(i => i.Figures.Delta) - (g.Others?.Delta ?? 0);
        if (unkeyed != 0) list.Add(new(NoKeyLabel(g.Dimension), unkeyed));
        list.Add(new("This window", g.Total.Tokens, IsTotal: true));
        return list;
    }

    private static string StepLabel(GrowthRow row) => row.New ? row.Name + " (new)" : row.Gone ? row.Name + " (gone)" : row.Name;

    /// <summary>Records with no key for the dimension (no app, no provider) and, for apps, those of unlisted apps.</summary>
    internal static string NoKeyLabel(Dimension d) => d switch
    {
        Dimension.Apps => "Unattributed",
        Dimension.Providers => "No provider named",
        _ => "No " + d.Info().Singular.ToLowerInvariant(),
    };

    private static decimal PerMillion(decimal cost, long tokens) => tokens == 0 ? 0 : cost * 1_000_000m / tokens;

    private static List<ChartSeries> ToChart(SeriesAnswer s) =>
        s.Series.Select(x => new ChartSeries(x.Name, x.Values.Select(v => (double)v).ToList(), x.Key)).ToList();

    private static Dictionary<string, string> Colors(SeriesAnswer s, ChartPalette palette) =>
        s.Series.Zip(palette.For(s.Series.Select(x => x.Key))).ToDictionary(p => p.First.Key, p => p.Second);

    private static double? Change(long now, long before) => before == 0 ? null : (double)(now - before) / before;

    private static double? PerRequest(long tokens, long requests) => requests == 0 ? null : (double)tokens / requests;

    private string ByHref(Dimension d) => Nav.GetUriWithQueryParameter("by", d == Dimension.Models ? null : d.Info().Slug) + "#drivers";

    /// <summary>The window as the API takes it, for the downloads.</summary>
    private string ApiWindow => _view!.ApiQuery;
}
