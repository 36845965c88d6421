using System.Net;

namespace RankingsWeb.Caching;

/// <summary>
/// The query string as part of a cache key: <c>?b=2&amp;a=1</c> and <c>?a=1&amp;b=2</c> share an entry, yet no two
/// queries the app could read differently do. Parameters are ordered by name the way the app groups them (decoded,
/// case-insensitive) with a stable sort, so repeated parameters keep their order (<c>?x=1&amp;x=2</c> is not
/// <c>?x=2&amp;x=1</c>); each one is kept as sent, so equal keys mean equal queries.
/// </summary>
public static class CanonicalQuery
{
    public static string From(QueryString query)
    {
        if (query.Value is not { Length: > 1 } raw) return "";
        var parameters = raw[1..].Split('&', StringSplitOptions.RemoveEmptyEntries);
        return string.Join('&', parameters.OrderBy(Name, StringComparer.OrdinalIgnoreCase));
    }

    private static string Name(string parameter)
    {
        var equals = parameter.IndexOf('=');
        return WebUtility.UrlDecode(equals < 0 ? parameter : parameter[..equals]);
    }
}
