using System.Text.Json;
using Microsoft.Extensions.Options;
using RankingsWeb.Data;
using RankingsWeb.Data.Apps;
using RankingsWeb.Data.Queries;

namespace RankingsWeb.Api;

public sealed record ListingRequest(bool? Listed);

public static class AdminEndpoints
{
    public static void MapAdmin(this IEndpointRouteBuilder api)
    {
        // App keys contain '/' (example.com/tools), hence the catch-all.
        api.MapPut("/admin/apps/{**app}", SetListedAsync).DisableAntiforgery();
    }

    private static async Task<IResult> SetListedAsync(string app, HttpRequest request, AppListing listing,
        IOptions<RankingsOptions> options, CancellationToken ct)
    {
        switch (ApiKeys.Check(request, options.Value.AdminApiKey))
        {
            case KeyCheck.Missing: return ApiKeys.Error(401, "the admin key is required: Authorization: Bearer <Rankings:AdminApiKey>");
            case KeyCheck.Wrong: return ApiKeys.Error(403, "this key may not change app listings");
        }
        var key = app.Trim().TrimEnd('/').ToLowerInvariant();
        if (key.Length is 0 or > Data.Ingestion.KeyDerivation.MaxAppKeyLength) return ApiKeys.Error(400, "app key must be 1-300 characters");
        // No derived key holds one, and PostgreSQL cannot store a NUL: a listing for such a key could only be junk.
        if (Filters.ControlCharacterError("app key", key) is { } bad) return ApiKeys.Error(400, bad);
        ListingRequest? body;
        try
        {
            body = await JsonSerializer.DeserializeAsync<ListingRequest>(request.Body, JsonSerializerOptions.Web, ct);
        }
        catch (JsonException)
        {
            body = null;
        }
        if (body?.Listed is not { } listed) return ApiKeys.Error(400, "body must be {\"listed\":true} or {\"listed\":false}");
        await listing.SetListedAsync(key, listed, "admin API key", "api", ct);
        return Results.NoContent();
    }
}
