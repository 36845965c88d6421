using System.Globalization;
using System.Security.Claims;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using RankingsWeb.Components.Charts;
using RankingsWeb.Components.Shared;
using RankingsWeb.Data.Analytics;
using RankingsWeb.Data.Queries;

namespace RankingsWeb.Components.Pages.Analytics;

public sealed partial class ExplorerPage
{
    public const int MaxRows = 5000;

    public static class Keys
    {
        public const string Metric = "metric", Group = "group", Sub = "sub", Interval = "interval", Top = "top", Cumulative = "cumulative";
    }

    private static readonly (string, string)[] Metrics =
    [
        ("tokens", "Tokens"), ("prompt", "Prompt"), ("completion", "Completion"), ("regular_output", "Regular output"), ("reasoning", "Reasoning"),
        ("cached", "Cached prompt"), ("requests", "Requests"), ("cost", "Cost (USD)"), ("reasoning_share", "Reasoning share of output"), ("cache_share", "Cache share of prompt"),
        ("tokens_per_request", "Tokens per request"), ("prompt_per_request", "Prompt per request"), ("completion_per_request", "Completion per request"),
        ("cost_per_million", "Cost per million tokens (USD)"),
        ("tool_calls", "Tool calls"), ("tool_calls_per_request", "Tool calls per request"),
    ];
    // Folded dimensions only: the explorer groups and filters by cube columns, which the catalog attributes are not.
    private static readonly string[] DimensionSlugs = [.. Dimensions.Folded.Select(d => d.Slug)];
    private static readonly string[] FilterNames = [.. Dimensions.Folded.Select(d => d.FilterName)];

    [Inject] public required AnalyticsQueries Analytics { get; init; }
    [Inject] public required RankingsQueries Queries { get; init; }
    [Inject] public required ReadScopes Scopes { get; init; }
    [Inject] public required SavedViews Views { get; init; }
    [Inject] public required TimeProvider Clock { get; init; }
    [Inject] public required NavigationManager Nav { get; init; }
    [Inject] public required IHttpContextAccessor Http { get; init; }
    [CascadingParameter] public Task<AuthenticationState>? Auth { get; set; }

    [SupplyParameterFromQuery(Name = "period")] public string? Period { get; set; }
    [SupplyParameterFromQuery(Name = "from")] public string? From { get; set; }
    [SupplyParameterFromQuery(Name = "to")] public string? To { get; set; }
    [SupplyParameterFromQuery(Name = "as_of")] public string? AsOf { get; set; }
    // The range form's inclusive last day (PeriodSelector): redirected to the canonical exclusive "to".
    [SupplyParameterFromQuery(Name = "until")] public string? Until { get; set; }
    [SupplyParameterFromQuery(Name = "metric")] public string? MetricQuery { get; set; }
    [SupplyParameterFromQuery(Name = "group")] public string? GroupQuery { get; set; }
    [SupplyParameterFromQuery(Name = "sub")] public string? SubParam { get; set; }
    [SupplyParameterFromQuery(Name = "interval")] public string? IntervalParam { get; set; }
    [SupplyParameterFromQuery(Name = "top")] public string? TopQuery { get; set; }
    [SupplyParameterFromQuery(Name = "cumulative")] public string? CumulativeQuery { get; set; }
    [SupplyParameterFromQuery(Name = "model")] public string? ModelFilter { get; set; }
    [SupplyParameterFromQuery(Name = "author")] public string? AuthorFilter { get; set; }
    [SupplyParameterFromQuery(Name = "app")] public string? AppFilter { get; set; }
    [SupplyParameterFromQuery(Name = "category")] public string? CategoryFilter { get; set; }
    [SupplyParameterFromQuery(Name = "provider")] public string? ProviderFilter { get; set; }
    [SupplyParameterFromQuery(Name = "variant")] public string? VariantFilter { get; set; }

    private ViewWindow? _view;
    /// <summary>A parameter the read API would refuse (filter value, too many buckets); the window's own reason is in the view.</summary>
    private string? _error;
    private List<ExploreRow> _rows = [];
    private bool _truncated;
    private JsonObject? _chart;
    private IReadOnlyList<SavedViewRow> _saved = [];
    private string? _saveName;
    private string? _search;

    private string MetricParam => MetricQuery ?? "tokens";
    private string GroupParam => GroupQuery ?? "models";
    private int Top => int.TryParse(TopQuery, out var top) ? Math.Clamp(top, 1, 100) : 10;
    private bool Cumulative => CumulativeQuery == "1";
    private string MetricLabel => Metrics.FirstOrDefault(m => m.Item1 == MetricParam).Item2 ?? MetricParam;

    /// <summary>A filter as the address spells it (the properties above are declared so that a change of one re-renders the page).</summary>
    private string? FilterValue(string name) =>
        Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(new Uri(Nav.Uri).Query).TryGetValue(name, out var v) && v.Count > 0 ? v[0] : null;

    protected override async Task OnParametersSetAsync()
    {
        if (ViewWindow.RedirectToCanonicalRange(Nav, Until)) return;
        var (first, latest) = await Queries.DataRangeAsync(Clock);
        // The explorer shows no change, so it needs no previous window.
        _view = ViewWindow.Resolve(Period, From, To, AsOf, first, latest, Clock, withPrevious: false);
        var request = ExploreQueryString.Parse(Nav.Uri, _view.Window);
        _rows = [];
        _truncated = false;
        _chart = null;
        _error = _view.Error is null ? ExploreQueryString.Error(Nav.Uri, request) : null;
        if (_view.Error is not null || _error is not null)
        {
            PageStatus.Set(Http, RendererInfo, StatusCodes.Status400BadRequest);
            _saved = await Views.ListAsync();
            return;
        }
        var scope = await Scopes.ForAnalystsAsync();
        await foreach (var row in Analytics.StreamAsync(scope, request))
        {
            if (_rows.Count >= MaxRows)
            {
                _truncated = true;
                break;
            }
            _rows.Add(row);
        }
        _chart = BuildChart(request);
        _saved = await Views.ListAsync();
    }

    private JsonObject? BuildChart(ExploreRequest request)
    {
        if (_rows.Count == 0) return null;
        var format = request.Metric switch
        {
            ExploreMetric.Cost or ExploreMetric.CostPerMillion => "usd",
            ExploreMetric.ReasoningShare or ExploreMetric.CacheShare => "fraction",
            ExploreMetric.ToolCallsPerRequest => "decimal",
            _ => "compact",
        };
        if (request.Interval is { } interval)
        {
            // One line per group (sub-groups summed for additive metrics; the table keeps them apart).
            var buckets = Analytics.Buckets(request).ToList();
            var labels = buckets.Select(b => ViewWindow.Label(b, interval)).ToList();
            var lines = _rows.GroupBy(r => (r.GroupRank, r.GroupName)).OrderBy(g => g.Key.GroupRank).Select(g =>
            {
                var values = new double?[buckets.Count];
                foreach (var r in g.Where(r => r.SubKey == g.First().SubKey || !AnalyticsQueries.IsRatio(request.Metric)))
                {
                    var i = buckets.IndexOf(r.Bucket!.Value);
                    if (i >= 0) values[i] = (values[i] ?? 0) + (double)r.Value;
                }
                return (g.Key.GroupName, (IReadOnlyList<double?>)values);
            }).ToList();
            return ChartOptions.Lines(labels, lines, format, 420, yTitle: MetricLabel);
        }
        var groups = _rows.GroupBy(r => (r.GroupRank, r.GroupName)).OrderBy(g => g.Key.GroupRank).ToList();
        var subs = _rows.Select(r => r.SubName ?? MetricLabel).Distinct().ToList();
        var series = subs.Select(s => new ChartSeries(s, groups.Select(g => (double)g.Where(r => (r.SubName ?? MetricLabel) == s).Sum(r => r.Value)).ToList())).ToList();
        return ChartOptions.StackedBars(groups.Select(g => g.Key.GroupName).ToList(), series, height: 440, yFormat: format, yTitle: MetricLabel, namedCategories: true);
    }

    private string FormatValue(decimal v) => MetricParam switch
    {
        "cost" or "cost_per_million" => ViewFormat.Cost(v),
        "reasoning_share" or "cache_share" => ViewFormat.Share((double)v),
        "tool_calls_per_request" => v.ToString("N3", CultureInfo.InvariantCulture),
        _ => v.ToString("N0", CultureInfo.InvariantCulture),
    };

    private void Set(string key, string? value) =>
        Nav.NavigateTo(Nav.GetUriWithQueryParameter(key, string.IsNullOrWhiteSpace(value) ? null : value.Trim()));

    private string ExportUrl(string format)
    {
        var query = new Uri(Nav.Uri).Query;
        var window = string.IsNullOrEmpty(From) && _view is not null ? $"&from={_view.From}&to={Days.Format(_view.Window.To)}" : "";
        return PageUrls.ExplorerExport(query, format, window);
    }

    private async Task SaveAsync()
    {
        var user = (await Auth!).User;
        var uri = new Uri(Nav.Uri);
        await Views.SaveAsync(user.FindFirstValue(ClaimTypes.NameIdentifier)!, user.Identity?.Name ?? "", _saveName!, uri.PathAndQuery);
        _saveName = null;
        _saved = await Views.ListAsync();
    }
}
