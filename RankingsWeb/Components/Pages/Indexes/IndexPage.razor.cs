using Microsoft.AspNetCore.Components;
using RankingsWeb.Components.Shared;
using RankingsWeb.Data.Catalog;
using RankingsWeb.Data.Queries;

namespace RankingsWeb.Components.Pages.Indexes;

/// <summary>
/// <c>/models</c>, <c>/authors</c>, <c>/apps</c>, <c>/categories</c>, <c>/providers</c>: every entity of the window
/// (unlisted apps excepted, as everywhere public), searchable by name or key. All state is in the URL: the window
/// (<c>period</c>/<c>from</c>/<c>to</c>/<c>as_of</c>), the search (<c>q</c>) and the page of rows (<c>page</c>).
/// </summary>
public sealed partial class IndexPage
{
    /// <summary>Rows per page: a long list stays one readable page; beyond it, pages of the same ranking.</summary>
    public const int PageSize = 500;

    /// <summary>Longer searches are cut: no name or key is that long, and the text is echoed into the page.</summary>
    public const int MaxQueryLength = 200;

    /// <summary>What each index page is about: its dimension (names from the dimension table) and a line of explanation.</summary>
    public sealed record Kind(Dimension Dimension, string Blurb)
    {
        public string Title => Dimension.Info().Heading;
        public string Column => Dimension.Info().Singular;
        public string Singular => Column.ToLowerInvariant();
        public string Plural => Title.ToLowerInvariant();
    }

    public static readonly IReadOnlyList<Kind> Kinds =
    [
        new(Dimension.Models, "Every model with usage in the window, its variants together."),
        new(Dimension.Authors, "Every model author: the part of a model key before '/'."),
        new(Dimension.Apps, "Every public app, attributed by its HTTP-Referer (or X-Title when it sends none)."),
        new(Dimension.Categories, "Every use case the records name; 'Uncategorized' holds those that name none."),
        new(Dimension.Providers, "Every inference provider that served records in the window."),
    ];

    [Inject] public required RankingsQueries Queries { get; init; }
    [Inject] public required ReadScopes Scopes { get; init; }
    [Inject] public required NameCatalog Names { get; init; }
    [Inject] public required TimeProvider Clock { get; init; }
    [Inject] public required NavigationManager Nav { get; init; }
    [Inject] public required IHttpContextAccessor Http { get; init; }

    [SupplyParameterFromQuery(Name = "period")] public string? Period { get; set; }
    [SupplyParameterFromQuery(Name = "from")] public string? From { get; set; }
    [SupplyParameterFromQuery(Name = "to")] public string? To { get; set; }
    [SupplyParameterFromQuery(Name = "as_of")] public string? AsOf { get; set; }
    // The range form's inclusive last day (PeriodSelector): redirected to the canonical exclusive "to".
    [SupplyParameterFromQuery(Name = "until")] public string? Until { get; set; }
    [SupplyParameterFromQuery(Name = "q")] public string? Q { get; set; }
    // A string: a malformed or huge number is page 1, never a 500.
    [SupplyParameterFromQuery(Name = "page")] public string? PageParam { get; set; }

    /// <summary>Everything the markup shows, built at once: a render never sees half of a load.</summary>
    private sealed record Model(
        Kind Kind, ViewWindow View, string Search, RankingsAnswer? Answer, IReadOnlyList<RankingItem> Rows, int Matching, int Page, int Pages);

    private Model? _model;

    private Kind Current => _model?.Kind ?? KindOfPath();

    protected override async Task OnParametersSetAsync()
    {
        var kind = KindOfPath();
        var search = CleanSearch(Q);
        if (ViewWindow.RedirectToCanonicalRange(Nav, Until)) return;
        var (first, latest) = await Queries.DataRangeAsync(Clock);
        var view = ViewWindow.Resolve(Period, From, To, AsOf, first, latest, Clock);
        if (view.Error is not null)
        {
            PageStatus.Set(Http, RendererInfo, StatusCodes.Status400BadRequest);
            _model = new Model(kind, view, search, null, [], 0, 1, 1);
            return;
        }
        // Every entity: the public ranking, whose scope hides unlisted apps.
        var answer = await Queries.RankingsAsync(await Scopes.PublicAsync(), kind.Dimension, view.Window, Filters.None, int.MaxValue);
        var matching = search.Length == 0 ? answer.Items : answer.Items.Where(i => Matches(i, search)).ToList();
        var pages = Math.Max(1, (matching.Count + PageSize - 1) / PageSize);
        var page = int.TryParse(PageParam, out var p) ? Math.Clamp(p, 1, pages) : 1;
        var rows = matching.Skip((page - 1) * PageSize).Take(PageSize).ToList();
        _model = new Model(kind, view, search, answer, rows, matching.Count, page, pages);
    }

    /// <summary>Case-insensitive on the name or the key, as the live filter in <c>js/index-filter.js</c>.</summary>
    public static bool Matches(RankingItem item, string search) =>
        item.Name.Contains(search, StringComparison.OrdinalIgnoreCase) || item.Key.Contains(search, StringComparison.OrdinalIgnoreCase);

    /// <summary>The search as typed, trimmed, without control characters, at most <see cref="MaxQueryLength"/> characters.</summary>
    public static string CleanSearch(string? q)
    {
        if (string.IsNullOrWhiteSpace(q)) return "";
        var clean = new string(q.Where(c => !char.IsControl(c)).ToArray()).Trim();
        return clean.Length > MaxQueryLength ? clean[..MaxQueryLength] : clean;
    }

    /// <summary>Which index this is, from the first segment of the address ("/apps", "/apps/" and "/apps?q=" alike).</summary>
    private Kind KindOfPath()
    {
        var path = Nav.ToBaseRelativePath(Nav.Uri);
        var end = path.IndexOfAny(['/', '?', '#']);
        var slug = (end < 0 ? path : path[..end]).ToLowerInvariant();
        return Kinds.FirstOrDefault(k => k.Dimension.Info().Slug == slug) ?? Kinds[0];
    }

    /// <summary>The window parameters as the address gave them, for links and the search form to carry along.</summary>
    private IEnumerable<KeyValuePair<string, string?>> WindowQuery()
    {
        yield return new("period", Period);
        yield return new("from", From);
        yield return new("to", To);
        yield return new("as_of", AsOf);
    }

    private string IndexHref(Kind kind, string? search = null, int? page = null) =>
        PageUrls.Index(kind.Dimension, WindowQuery().Append(new("q", string.IsNullOrEmpty(search) ? null : search))
            .Append(new("page", page is null or 1 ? null : page.Value.ToString(System.Globalization.CultureInfo.InvariantCulture))));

    private string ApiUrl(Model m) => PageUrls.Api.Rankings(m.Kind.Dimension, m.View.ApiQuery, "limit=1000");

    private string AuthorOf(string modelKey) => modelKey.Split('/')[0];

    private static string Exact(long value) => value.ToString("N0", System.Globalization.CultureInfo.InvariantCulture);
}
