using Microsoft.AspNetCore.WebUtilities;
using RankingsWeb.Data.Queries;

namespace RankingsWeb.Data.Analytics;

/// <summary>The explorer's URL parameters, parsed the same way for the page and for its export.</summary>
public static class ExploreQueryString
{
    public static ExploreRequest Parse(string uri, DayWindow window)
    {
        var query = Query(uri);
        string? Get(string name) => query.TryGetValue(name, out var v) && v.Count > 0 && !string.IsNullOrWhiteSpace(v[0]) ? v[0]!.Trim() : null;
        string? Key(string name) => Get(name)?.ToLowerInvariant();

        var metric = Get("metric") switch
        {
            "prompt" => ExploreMetric.Prompt,
            "completion" => ExploreMetric.Completion,
            "regular_output" => ExploreMetric.RegularOutput,
            "reasoning" => ExploreMetric.Reasoning,
            "cached" => ExploreMetric.Cached,
            "requests" => ExploreMetric.Requests,
            "cost" => ExploreMetric.Cost,
            "reasoning_share" => ExploreMetric.ReasoningShare,
            "cache_share" => ExploreMetric.CacheShare,
            "tokens_per_request" => ExploreMetric.TokensPerRequest,
            "prompt_per_request" => ExploreMetric.PromptPerRequest,
            "completion_per_request" => ExploreMetric.CompletionPerRequest,
            "cost_per_million" => ExploreMetric.CostPerMillion,
            _ => ExploreMetric.Tokens,
        };
        // The explorer groups in SQL, by cube columns: the catalog attributes (weights, origins) are not among them.
        var group = Dimensions.TryParse(Get("group"), out var g) && g.Info().Folded ? g : Dimension.Models;
        Dimension? sub = Dimensions.TryParse(Get("sub"), out var s) && s.Info().Folded && s != group ? s : null;
        Interval? interval = Get("interval") switch { "day" => Interval.Day, "week" => Interval.Week, "month" => Interval.Month, _ => null };
        var top = int.TryParse(Get("top"), out var t) ? Math.Clamp(t, 1, 100) : 10;
        var filters = Filters.Of(d => Key(d.FilterName));
        return new ExploreRequest(metric, group, sub, filters, window, interval, top, Get("cumulative") == "1");
    }

    /// <summary>
    /// What the read API would answer 400 for: a filter value holding a control character, or more buckets than
    /// <see cref="WindowSpec.MaxBuckets"/>. Null when the request is fine. (The window itself is checked where it is resolved.)
    /// </summary>
    public static string? Error(string uri, ExploreRequest request)
    {
        var query = Query(uri);
        foreach (var name in Dimensions.Folded.Select(d => d.FilterName))
        {
            if (query.TryGetValue(name, out var values) && Filters.ControlCharacterError(name, values.ToString()) is { } error) return error;
        }
        return request.Interval is { } interval ? WindowSpec.BucketsError(request.Window, interval) : null;
    }

    private static Dictionary<string, Microsoft.Extensions.Primitives.StringValues> Query(string uri) =>
        QueryHelpers.ParseQuery(new Uri(uri, UriKind.RelativeOrAbsolute) is { IsAbsoluteUri: true } abs ? abs.Query : uri[(uri.IndexOf('?') is var i and >= 0 ? i : uri.Length)..]);
}
