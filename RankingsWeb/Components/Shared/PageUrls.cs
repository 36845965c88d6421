using RankingsWeb.Data.Queries;

namespace RankingsWeb.Components.Shared;

/// <summary>
/// Every link to an entity page, built in one place. Keys are escaped segment by segment: an app key may hold
/// '/', spaces, non-ASCII, '%', '#' or '?' (contract: host + path of its referer), and the page reads it back
/// exactly (<see cref="AppKeyFromRoute"/>).
/// </summary>
public static class PageUrls
{
    /// <summary>The page of an entity, or null for dimensions without one (variants).</summary>
    public static string? Entity(Dimension dimension, string key) => dimension switch
    {
        Dimension.Models => Model(key),
        Dimension.Authors => Author(key),
        Dimension.Apps => App(key),
        Dimension.Categories => Category(key),
        Dimension.Providers => Provider(key),
        _ => null,
    };

    public static string Model(string key) => "/models/" + Segments(key);
    public static string Author(string key) => "/authors/" + Segments(key);
    public static string App(string key) => "/apps/" + Segments(key);
    public static string Category(string key) => "/categories/" + Segments(key);
    public static string Provider(string key) => "/providers/" + Segments(key);

    /// <summary>The index page listing every entity of a dimension, or null for dimensions without one (variants).</summary>
    public static string? Index(Dimension dimension) => dimension switch
    {
        Dimension.Models or Dimension.Authors or Dimension.Apps or Dimension.Categories or Dimension.Providers => "/" + DimensionNames.Slug(dimension),
        _ => null,
    };

    /// <summary>An index page with its window and search (null values are left out), so a link reproduces the view.</summary>
    public static string Index(Dimension dimension, IEnumerable<KeyValuePair<string, string?>> query)
    {
        var path = Index(dimension) ?? throw new ArgumentOutOfRangeException(nameof(dimension), dimension, "no index page");
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
        const string prefix = "/apps/";
        if (!path.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)) return null;
        return string.Join('/', path[prefix.Length..].Split('/').Select(Uri.UnescapeDataString));
    }
}
