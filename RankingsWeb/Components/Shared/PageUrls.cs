using RankingsWeb.Data.Queries;

namespace RankingsWeb.Components.Shared;

/// <summary>
/// Every link a page renders, built in one place from the dimension table (routes and API URLs are public
/// contract: they are spelled here and in the <c>@page</c> directives only). Keys are escaped segment by segment:
/// an app key may hold '/', spaces, non-ASCII, '%', '#' or '?' (contract: host + path of its referer), and the
/// page reads it back exactly (<see cref="AppKeyFromRawPath"/>).
/// </summary>
public static class PageUrls
{
    public const string Home = "/";
    public const string Explorer = "/analytics";
    public const string Ingestion = "/analytics/ingestion";
    public const string MyApps = "/account/apps";
    public const string Growth = "/growth";
    public const string ApiReference = "/api";
    public const string OpenApiDocument = RankingsWeb.Api.Docs.OpenApiSetup.DocumentPath;

    /// <summary>The page of an entity, or null for dimensions without one (variants).</summary>
    public static string? Entity(Dimension dimension, string key) =>
        dimension.Info() is { HasPages: true } d ? $"/{d.Slug}/{Segments(key)}" : null;

    public static string Model(string key) => Entity(Dimension.Models, key)!;
    public static string Author(string key) => Entity(Dimension.Authors, key)!;
    public static string App(string key) => Entity(Dimension.Apps, key)!;
    public static string Category(string key) => Entity(Dimension.Categories, key)!;
    public static string Provider(string key) => Entity(Dimension.Providers, key)!;

    /// <summary>The index page listing every entity of a dimension, or null for dimensions without one (variants).</summary>
    public static string? Index(Dimension dimension) => dimension.Info() is { HasPages: true } d ? "/" + d.Slug : null;

    /// <summary>An index page with its window and search (null values are left out), so a link reproduces the view.</summary>
    public static string Index(Dimension dimension, IEnumerable<KeyValuePair<string, string?>> query) =>
        WithQuery(Index(dimension) ?? throw new ArgumentOutOfRangeException(nameof(dimension), dimension, "no index page"), query);

    /// <summary>An index page carrying a query string as another page's address has it ("" or "?period=…").</summary>
    public static string Index(Dimension dimension, string rawQuery) =>
        (Index(dimension) ?? throw new ArgumentOutOfRangeException(nameof(dimension), dimension, "no index page")) + rawQuery;

    /// <summary>The sign-in page, coming back to <paramref name="returnUrl"/> (a local path) afterwards.</summary>
    public static string Login(string returnUrl) => "/account/login?returnUrl=" + Uri.EscapeDataString(returnUrl);

    /// <summary>The explorer showing a view (null values are left out).</summary>
    public static string ExplorerView(params KeyValuePair<string, string?>[] query) => WithQuery(Explorer, query);

    /// <summary>The explorer's export of the view in <paramref name="rawQuery"/> ("" or "?…", as the page's address has it).</summary>
    public static string ExplorerExport(string rawQuery, string format, string? window) =>
        $"/analytics/export{rawQuery}{(rawQuery.Length > 0 ? "&" : "?")}format={format}{window}";

    public static string RejectedCsv(string? reason) => WithQuery("/analytics/ingestion/rejected.csv", [new("reason", reason)]);

    /// <summary><paramref name="path"/> with the non-null parameters, values escaped.</summary>
    public static string WithQuery(string path, IEnumerable<KeyValuePair<string, string?>> query)
    {
        var parts = query.Where(kv => kv.Value is not null).Select(kv => $"{kv.Key}={Uri.EscapeDataString(kv.Value!)}").ToList();
        return parts.Count == 0 ? path : path + "?" + string.Join("&", parts);
    }

    /// <summary>Each '/'-separated segment percent-encoded (UTF-8), the slashes kept.</summary>
    public static string Segments(string key) => string.Join('/', key.Split('/').Select(Uri.EscapeDataString));

    /// <summary>
    /// The app key of an <c>/apps/…</c> address, read from the raw (still percent-encoded) path: each segment
    /// decoded exactly once. The route value cannot be trusted for this: the server decodes the path but for
    /// "%2F", and Blazor then decodes "%2F" in route values, so a key holding a literal "%2f" (its link says
    /// "%252f") arrives with a '/' in its place. Null when <paramref name="rawPath"/> is not an app page's.
    /// </summary>
    public static string? AppKeyFromRawPath(string rawPath)
    {
        var end = rawPath.IndexOfAny(['?', '#']);
        var path = end < 0 ? rawPath : rawPath[..end];
        var prefix = Index(Dimension.Apps) + "/";
        if (!path.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)) return null;
        return string.Join('/', path[prefix.Length..].Split('/').Select(Uri.UnescapeDataString));
    }

    /// <summary>Links to the read API that pages offer as downloads. Query parts are joined with '&amp;', empty ones left out.</summary>
    public static class Api
    {
        private const string Base = "/api/v1";

        public static string Rankings(Dimension dimension, params string?[] query) => Build($"{Base}/rankings/{dimension.Info().Slug}", query);

        public static string Series(Dimension dimension, params string?[] query) => Build($"{Base}/series/{dimension.Info().Slug}", query);

        public static string Growth(Dimension dimension, params string?[] query) => Build($"{Base}/growth/{dimension.Info().Slug}", query);

        public static string Totals(params string?[] query) => Build($"{Base}/totals", query);

        public static string RankHistory(Dimension dimension, string key, params string?[] query) =>
            Build($"{Base}/rank-history/{dimension.Info().Slug}", ["key=" + Uri.EscapeDataString(key), .. query]);

        /// <summary>The filters as query parameters (<c>model=…&amp;app=…</c>), named by the dimension table.</summary>
        public static string Filter(Filters filters) =>
            string.Join("&", filters.All().Select(f => $"{f.Dimension.Info().FilterName}={Uri.EscapeDataString(f.Key)}"));

        private static string Build(string path, IEnumerable<string?> query)
        {
            var q = string.Join("&", query.Where(p => !string.IsNullOrEmpty(p)));
            return q.Length == 0 ? path : path + "?" + q;
        }
    }
}
