using RankingsWeb.Data.Queries;

namespace RankingsWeb.Api;

public sealed record RankingsDto(string Dimension, string From, string To, long TotalTokens, IReadOnlyList<RankingItem> Items, string Citation);

public sealed record SeriesDto(string Dimension, string Interval, string Metric, string From, string To,
    IReadOnlyList<string> Buckets, IReadOnlyList<SeriesLine> Series, string Citation);

public sealed record TotalsDto(string Interval, string From, string To, IReadOnlyList<TotalsRow> Buckets, string Citation);

public sealed record TotalsRow(string Bucket, long Tokens, long TokensPrompt, long TokensCompletion, long TokensReasoning, long RegularOutput,
    long TokensCached, long Requests, decimal Cost, double? ReasoningShare);

public sealed record RankHistoryDto(string Dimension, string Key, string Interval, string From, string To, IReadOnlyList<RankHistoryRow> Buckets, string Citation);

public sealed record RankHistoryRow(string Bucket, int? Rank, long Tokens);

public sealed record StatusDto(long Records, long Pending, DateTimeOffset? LastAggregatedAt, long LastFoldMs);

/// <summary>Rankings, series and status: thin adapters over <see cref="RankingsQueries"/>.</summary>
public static class ReadEndpoints
{
    public static void MapReads(this IEndpointRouteBuilder api)
    {
        api.MapGet("/rankings/{dimension}", RankingsAsync);
        api.MapGet("/growth/{dimension}", GrowthEndpoint.GrowthAsync);
        api.MapGet("/series/{dimension}", SeriesAsync);
        api.MapGet("/totals", TotalsAsync);
        api.MapGet("/rank-history/{dimension}", RankHistoryAsync);
    }

    /// <summary>Every node answers status, so a load balancer can check any of them.</summary>
    public static void MapStatus(this IEndpointRouteBuilder api)
    {
        api.MapGet("/status", async (StatusQueries status, CancellationToken ct) =>
        {
            var s = await status.GetAsync(ct);
            return Results.Json(new StatusDto(s.Records, s.Pending, s.LastAggregatedAt, s.LastRunMs));
        });
    }

    private static async Task<IResult> RankingsAsync(string dimension, HttpRequest request, RankingsQueries queries, ReadScopes scopes,
        TimeProvider clock, CancellationToken ct)
    {
        var (parsed, error) = await ReadRequest.ParseAsync(dimension, request.Query, queries, scopes, clock, ct);
        if (error is not null) return ApiKeys.Error(400, error);
        if (WindowSpec.PreviousError(parsed.Window) is { } previous) return ApiKeys.Error(400, previous);
        if (!ReadRequest.TryLimit(request.Query, out var limit, out var badLimit)) return ApiKeys.Error(400, badLimit!);
        if (!TryVariants(request, parsed.Dimension, out var variants, out var badVariants)) return badVariants!;
        var answer = await queries.RankingsAsync(parsed.Scope, parsed.Dimension, parsed.Window, parsed.Filters, limit, variants, ct);
        if (Downloads.WantsCsv(request)) return Downloads.RankingsCsv(request.HttpContext, answer, dimension);
        Downloads.AttachAsFile(request.HttpContext, $"rankings-{dimension}-{Days.Format(answer.Window.From)}", "json");
        return Results.Json(new RankingsDto(dimension, Days.Format(answer.Window.From), Days.Format(answer.Window.To),
            answer.TotalTokens, answer.Items, Downloads.Citation(request, answer.Window)));
    }

    /// <summary>Per-bucket totals of every token kind for the filters (an extension of the contract, used by the entity pages' downloads).</summary>
    private static async Task<IResult> TotalsAsync(HttpRequest request, RankingsQueries queries, EntityQueries entities, ReadScopes scopes, TimeProvider clock, CancellationToken ct)
    {
        var (parsed, error) = await ReadRequest.ParseAsync("authors", request.Query, queries, scopes, clock, ct);
        if (error is not null) return ApiKeys.Error(400, error);
        if (!TryInterval(request, parsed.Window, out var interval, out var bad)) return bad!;
        var points = await entities.TotalsAsync(parsed.Scope, parsed.Window, parsed.Filters, interval, ct);
        var rows = points.Select(p => new TotalsRow(Days.Format(p.Bucket), p.Tokens, p.Prompt, p.Completion, p.Reasoning, p.RegularOutput,
            p.Cached, p.Requests, p.Cost, p.ReasoningShare)).ToList();
        if (Downloads.WantsCsv(request))
            return Downloads.TotalsCsv(request.HttpContext, parsed.Window, rows);
        Downloads.AttachAsFile(request.HttpContext, $"totals-{Days.Format(parsed.Window.From)}", "json");
        return Results.Json(new TotalsDto(interval.ToString().ToLowerInvariant(), Days.Format(parsed.Window.From), Days.Format(parsed.Window.To), rows,
            Downloads.Citation(request, parsed.Window)));
    }

    /// <summary>An entity's rank by tokens per bucket, within the filters (extension; the pages' rank-history download).</summary>
    private static async Task<IResult> RankHistoryAsync(string dimension, HttpRequest request, RankingsQueries queries, EntityQueries entities, ReadScopes scopes,
        TimeProvider clock, CancellationToken ct)
    {
        var (parsed, error) = await ReadRequest.ParseAsync(dimension, request.Query, queries, scopes, clock, ct);
        if (error is not null) return ApiKeys.Error(400, error);
        var rawKey = request.Query["key"].ToString();
        if (Filters.ControlCharacterError("key", rawKey) is { } badKey) return ApiKeys.Error(400, badKey);
        var key = rawKey.Trim().ToLowerInvariant();
        if (key.Length == 0) return ApiKeys.Error(400, "key is required: the entity whose rank history to show");
        if (!TryInterval(request, parsed.Window, out var interval, out var bad)) return bad!;
        // An unlisted app has no public rank history: the public scope ranks it nowhere, as an app with no records.
        var points = await entities.RankHistoryAsync(parsed.Scope, parsed.Dimension, key, parsed.Filters, parsed.Window, interval, ct);
        var rows = points.Select(p => new RankHistoryRow(Days.Format(p.Bucket), p.Rank, p.Tokens)).ToList();
        if (Downloads.WantsCsv(request))
            return Downloads.RankHistoryCsv(request.HttpContext, dimension, parsed.Window, rows);
        Downloads.AttachAsFile(request.HttpContext, $"rank-history-{dimension}", "json");
        return Results.Json(new RankHistoryDto(dimension, key, interval.ToString().ToLowerInvariant(), Days.Format(parsed.Window.From),
            Days.Format(parsed.Window.To), rows, Downloads.Citation(request, parsed.Window)));
    }

    /// <summary>The interval parameter (default: days up to a month, weeks beyond), within the bucket cap.</summary>
    private static bool TryInterval(HttpRequest request, DayWindow window, out Interval interval, out IResult? error)
    {
        error = null;
        switch (request.Query["interval"].FirstOrDefault())
        {
            case null: interval = window.Length <= 31 ? Interval.Day : Interval.Week; break;
            case "day": interval = Interval.Day; break;
            case "week": interval = Interval.Week; break;
            case "month": interval = Interval.Month; break;
            default:
                interval = default;
                error = ApiKeys.Error(400, $"interval must be day, week or month (got '{request.Query["interval"]}')");
                return false;
        }
        if (WindowSpec.BucketsError(window, interval) is { } tooMany)
        {
            error = ApiKeys.Error(400, tooMany);
            return false;
        }
        return true;
    }

    /// <summary>The <c>variants</c> parameter of rankings and series (contract v1.1: separate, on models only).</summary>
    private static bool TryVariants(HttpRequest request, Dimension dimension, out Variants variants, out IResult? error)
    {
        var value = request.Query[VariantsView.Parameter] is { Count: > 0 } v ? v.ToString() : null;
        var message = VariantsView.TryParse(value, out variants) ?? VariantsView.Error(variants, dimension);
        error = message is null ? null : ApiKeys.Error(400, message);
        return message is null;
    }

    private static async Task<IResult> SeriesAsync(string dimension, HttpRequest request, RankingsQueries queries, ReadScopes scopes,
        TimeProvider clock, CancellationToken ct)
    {
        var (parsed, error) = await ReadRequest.ParseAsync(dimension, request.Query, queries, scopes, clock, ct);
        if (error is not null) return ApiKeys.Error(400, error);
        var q = request.Query;
        var top = 10;
        if (q["top"] is { Count: > 0 } t && (!int.TryParse(t, out top) || top is < 1 or > 100))
            return ApiKeys.Error(400, $"top must be an integer from 1 to 100 (got '{t}')");
        if (!MetricNames.TryParse(q["metric"].FirstOrDefault(), out var metric))
            return ApiKeys.Error(400, $"metric must be one of {MetricNames.SlugList} (got '{q["metric"]}')");
        if (!TryInterval(request, parsed.Window, out var interval, out var bad)) return bad!;
        if (!TryVariants(request, parsed.Dimension, out var variants, out var badVariants)) return badVariants!;
        var s = await queries.SeriesAsync(parsed.Scope, parsed.Dimension, parsed.Window, parsed.Filters, interval, metric, top, variants, ct);
        if (Downloads.WantsCsv(request)) return Downloads.SeriesCsv(request.HttpContext, s, dimension);
        Downloads.AttachAsFile(request.HttpContext, $"series-{dimension}-{Days.Format(s.Window.From)}", "json");
        return Results.Json(new SeriesDto(dimension, interval.ToString().ToLowerInvariant(), MetricNames.Slug(metric),
            Days.Format(s.Window.From), Days.Format(s.Window.To), s.Buckets.Select(Days.Format).ToList(), s.Series,
            Downloads.Citation(request, s.Window)));
    }
}

/// <summary>What every read endpoint shares: dimension, window and filters, and the reader's scope (the API always answers the public).</summary>
public readonly record struct ReadRequest(Dimension Dimension, DayWindow Window, Filters Filters, ReadScope Scope)
{
    /// <summary>Window bounds (years 1..9999, at most 20 years) are checked here; the previous window only where it is read.</summary>
    public static async Task<(ReadRequest Request, string? Error)> ParseAsync(string dimension, IQueryCollection q,
        RankingsQueries queries, ReadScopes scopes, TimeProvider clock, CancellationToken ct)
    {
        if (!Dimensions.TryParse(dimension, out var dim))
            return (default, $"dimension must be one of {Dimensions.SlugList} (got '{dimension}')");
        foreach (var name in Dimensions.Folded.Select(d => d.FilterName))
        {
            if (Filters.ControlCharacterError(name, Get(q, name)) is { } bad) return (default, bad);
        }
        var (first, latest) = await queries.DataRangeAsync(clock, ct);
        var (window, error) = WindowSpec.Resolve(Get(q, "from"), Get(q, "to"), Get(q, "period"), Get(q, "as_of"), latest, first);
        if (error is not null) return (default, error);
        var filters = Filters.Of(d => Key(q, d.FilterName));
        return (new ReadRequest(dim, window, filters, await scopes.PublicAsync(ct)), null);
    }

    /// <summary>The <c>limit</c> of rankings and growth: default 20, 1 to 1000.</summary>
    public static bool TryLimit(IQueryCollection q, out int limit, out string? error)
    {
        limit = 20;
        error = null;
        if (q["limit"] is { Count: > 0 } l && (!int.TryParse(l, out limit) || limit is < 1 or > 1000))
        {
            error = $"limit must be an integer from 1 to 1000 (got '{l}')";
            return false;
        }
        return true;
    }

    private static string? Get(IQueryCollection q, string name) => q[name] is { Count: > 0 } v ? v.ToString() : null;

    private static string? Key(IQueryCollection q, string name) => Get(q, name)?.Trim().ToLowerInvariant();
}
