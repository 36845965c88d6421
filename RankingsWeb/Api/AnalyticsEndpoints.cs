using System.Globalization;
using System.Text;
using System.Text.Json;
using RankingsWeb.Auth;
using RankingsWeb.Data.Analytics;
using RankingsWeb.Data.Queries;

namespace RankingsWeb.Api;

/// <summary>The explorer's export: exactly the table shown, streamed row by row (never the whole answer in memory).</summary>
public static class AnalyticsEndpoints
{
    public static void MapAnalytics(this IEndpointRouteBuilder app)
    {
        app.MapGet("/analytics/export", ExportAsync).RequireAuthorization(Roles.AnalystPolicy);
        app.MapGet("/analytics/ingestion/rejected.csv", RejectedCsvAsync).RequireAuthorization(Roles.AnalystPolicy);
    }

    private static async Task ExportAsync(HttpContext ctx, AnalyticsQueries analytics, RankingsQueries queries, ReadScopes scopes, TimeProvider clock)
    {
        var q = ctx.Request.Query;
        var (first, latest) = await queries.DataRangeAsync(clock, ctx.RequestAborted);
        var (window, error) = WindowSpec.Resolve(Get("from"), Get("to"), Get("period"), Get("as_of"), latest, first);
        if (error is not null)
        {
            ctx.Response.StatusCode = 400;
            await ctx.Response.WriteAsJsonAsync(new ApiError(error));
            return;
        }
        var request = ExploreQueryString.Parse(ctx.Request.Path + ctx.Request.QueryString, window);
        if (ExploreQueryString.Error(ctx.Request.Path + ctx.Request.QueryString, request) is { } bad)
        {
            ctx.Response.StatusCode = 400;
            await ctx.Response.WriteAsJsonAsync(new ApiError(bad));
            return;
        }
        var scope = await scopes.ForAnalystsAsync(ctx.RequestAborted);
        var csv = Get("format") != "json";
        var citation = Downloads.Citation(ctx.Request, window);
        ctx.Response.ContentType = csv ? Csv.ContentType : "application/json; charset=utf-8";
        Csv.AttachAs(ctx, $"explorer-{Days.Format(window.From)}", csv ? "csv" : "json");
        await using var writer = new StreamWriter(ctx.Response.Body, new UTF8Encoding(false), 64 * 1024);
        var n = 0;
        if (csv)
        {
            await writer.WriteAsync(Csv.Comment(citation) + Csv.Header("rank", "group", "group_name", "unlisted", "sub_group", "sub_group_name", "bucket", Slug(request.Metric)));
        }
        else
        {
            await writer.WriteAsync($"{{\"citation\":{JsonSerializer.Serialize(citation)},\"metric\":\"{Slug(request.Metric)}\",\"rows\":[");
        }
        await foreach (var r in analytics.StreamAsync(scope, request, ctx.RequestAborted))
        {
            if (csv)
            {
                await writer.WriteAsync(Csv.Row(r.GroupRank, r.GroupKey, r.GroupName, r.GroupUnlisted, r.SubKey, r.SubName, r.Bucket is { } b ? Days.Format(b) : null, r.Value));
            }
            else
            {
                if (n > 0) await writer.WriteAsync(',');
                await writer.WriteAsync(JsonSerializer.Serialize(new
                {
                    rank = r.GroupRank, group = r.GroupKey, group_name = r.GroupName, unlisted = r.GroupUnlisted,
                    sub_group = r.SubKey, sub_group_name = r.SubName, bucket = r.Bucket is { } d ? Days.Format(d) : null, value = r.Value,
                }));
            }
            if (++n % 1000 == 0) await writer.FlushAsync(ctx.RequestAborted);
        }
        if (!csv) await writer.WriteAsync("]}");

        string? Get(string name) => q[name] is { Count: > 0 } v && !string.IsNullOrWhiteSpace(v) ? v.ToString() : null;
    }

    /// <summary>Every rejected line (optionally of one reason), newest first, streamed in pages.</summary>
    private static async Task RejectedCsvAsync(HttpContext ctx, IngestionHealthQueries health)
    {
        var reason = ctx.Request.Query["reason"].ToString();
        ctx.Response.ContentType = Csv.ContentType;
        Csv.AttachAs(ctx, "rejected-lines", "csv");
        await using var writer = new StreamWriter(ctx.Response.Body, new UTF8Encoding(false), 64 * 1024);
        // The reason is the request's own text: it goes into the comment cell like any other text, never raw.
        await writer.WriteAsync(Csv.Comment($"Source: RankingsWeb rejected lines{(reason.Length > 0 ? " with reason " + reason : "")} | retrieved {DateTimeOffset.UtcNow:yyyy-MM-ddTHH:mm:ssZ}")
            + Csv.Header("id", "received_at", "batch_id", "batch_source", "line", "record_id", "error", "raw"));
        long? before = null;
        while (true)
        {
            var page = await health.RejectedLinesAsync(reason.Length > 0 ? reason : null, before, 1000, ctx.RequestAborted);
            foreach (var r in page)
                await writer.WriteAsync(Csv.Row(r.Id, r.ReceivedAt, r.BatchId, r.BatchSource, r.Line, r.RecordId, r.Error, r.Raw));
            if (page.Count < 1000) break;
            before = page[^1].Id;
            await writer.FlushAsync(ctx.RequestAborted);
        }
    }

    private static string Slug(ExploreMetric m) => string.Concat(m.ToString().Select((c, i) => i > 0 && char.IsUpper(c) ? "_" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
}
