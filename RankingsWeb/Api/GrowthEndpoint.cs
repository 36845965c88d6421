using System.Text.Json.Serialization;
using RankingsWeb.Data.Queries;

namespace RankingsWeb.Api;

/// <summary>The figures of <c>total</c> and <c>others</c> (contract v1.1, "Growth drivers"), in the contract's order.</summary>
public sealed record GrowthTotalDto(long Tokens, long PreviousTokens, long Delta, long Requests, long PreviousRequests,
    double MoreRequests, double LargerRequests, long DeltaPrompt, long DeltaRegularOutput, long DeltaReasoning)
{
    public static GrowthTotalDto Of(GrowthFigures f) => new(f.Tokens, f.PreviousTokens, f.Delta, f.Requests, f.PreviousRequests,
        f.MoreRequests, f.LargerRequests, f.DeltaPrompt, f.DeltaRegularOutput, f.DeltaReasoning);
}

/// <summary>One entity's figures, with its key, name and the new/gone flags.</summary>
public sealed record GrowthItemDto(string Key, string Name, long Tokens, long PreviousTokens, long Delta, bool New, bool Gone,
    long Requests, long PreviousRequests, double MoreRequests, double LargerRequests, long DeltaPrompt, long DeltaRegularOutput, long DeltaReasoning)
{
    public static GrowthItemDto Of(GrowthRow row)
    {
        var f = row.Figures;
        return new(row.Key, row.Name, f.Tokens, f.PreviousTokens, f.Delta, row.New, row.Gone, f.Requests, f.PreviousRequests,
            f.MoreRequests, f.LargerRequests, f.DeltaPrompt, f.DeltaRegularOutput, f.DeltaReasoning);
    }
}

/// <param name="Others">Absent (not null) when every entity is listed, as the contract says.</param>
public sealed record GrowthDto(string Dimension, string From, string To, string PreviousFrom, string PreviousTo, GrowthTotalDto Total,
    IReadOnlyList<GrowthItemDto> Items,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] GrowthTotalDto? Others,
    string Citation);

/// <summary><c>GET /api/v1/growth/{dimension}</c>: a thin adapter over <see cref="GrowthQueries"/>, parsed exactly as rankings are.</summary>
public static class GrowthEndpoint
{
    public static async Task<IResult> GrowthAsync(string dimension, HttpRequest request, RankingsQueries queries, GrowthQueries growth,
        ReadScopes scopes, TimeProvider clock, CancellationToken ct)
    {
        var (parsed, error) = await ReadRequest.ParseAsync(dimension, request.Query, queries, scopes, clock, ct);
        if (error is not null) return ApiKeys.Error(400, error);
        if (WindowSpec.PreviousError(parsed.Window) is { } previous) return ApiKeys.Error(400, previous);
        if (!ReadRequest.TryLimit(request.Query, out var limit, out var badLimit)) return ApiKeys.Error(400, badLimit!);
        var answer = await growth.GrowthAsync(parsed.Scope, parsed.Dimension, parsed.Window, parsed.Filters, limit, ct);
        if (Downloads.WantsCsv(request)) return Downloads.GrowthCsv(request.HttpContext, answer, dimension);
        Downloads.AttachAsFile(request.HttpContext, $"growth-{dimension}-{Days.Format(answer.Window.From)}", "json");
        var prev = answer.PreviousWindow;
        return Results.Json(new GrowthDto(dimension, Days.Format(answer.Window.From), Days.Format(answer.Window.To),
            Days.Format(prev.From), Days.Format(prev.To), GrowthTotalDto.Of(answer.Total), answer.Items.Select(GrowthItemDto.Of).ToList(),
            answer.Others is { } o ? GrowthTotalDto.Of(o) : null, Downloads.Citation(request, answer.Window)));
    }
}
