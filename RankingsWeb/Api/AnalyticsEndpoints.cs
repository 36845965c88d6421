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

    private static async Task ExportAsync(HttpContext ctx, AnalyticsQueries analytics, RankingsQueries queries, TimeProvider clock)
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
        var csv = Get("format") != "json";
        var citation = Downloads.Citation(ctx.Request, window);
        ctx.Response.ContentType = csv ? "text/csv; charset=utf-8" : "application/json; charset=utf-8";
        ctx.Response.Headers.ContentDisposition = $"attachment; filename=\"explorer-{Days.Format(window.From)}.{(csv ? "csv" : "json")}\"";
        await using var writer = new StreamWriter(ctx.Response.Body, new UTF8Encoding(false), 64 * 1024);
        var n = 0;
        if (csv)
        {
            await writer.WriteAsync($"# {citation}\nrank,group,group_name,unlisted,sub_group,sub_group_name,bucket,{Slug(request.Metric)}\n");
        }
        else
        {
            await writer.WriteAsync($"{{\"citation\":{JsonSerializer.Serialize(citation)},\"metric\":\"{Slug(request.Metric)}\",\"rows\":[");
        }
        await foreach (var r in analytics.StreamAsync(request, ctx.RequestAborted))
        {
            var bucket = r.Bucket is { } b ? Days.Format(b) : "";
            var value = r.Value.ToString(CultureInfo.InvariantCulture);
            if (csv)
            {
                await writer.WriteAsync($"{r.GroupRank},{Field(r.GroupKey)},{Field(r.GroupName)},{(r.GroupUnlisted ? "true" : "false")},{Field(r.SubKey ?? "")},{Field(r.SubName ?? "")},{bucket},{value}\n");
            }
            else
            {
                if (n > 0) await writer.WriteAsync(',');
                await writer.WriteAsync(JsonSerializer.Serialize(new
                {
                    rank = r.GroupRank, group = r.GroupKey, group_name = r.GroupName, unlisted = r.GroupUnlisted,
                    sub_group = r.SubKey, sub_group_name = r.SubName, bucket = r.Bucket is null ? null : bucket, value = r.Value,
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
        ctx.Response.ContentType = "text/csv; charset=utf-8";
        ctx.Response.Headers.ContentDisposition = "attachment; filename=\"rejected-lines.csv\"";
        await using var writer = new StreamWriter(ctx.Response.Body, new UTF8Encoding(false), 64 * 1024);
        await writer.WriteAsync($"# Source: RankingsWeb rejected lines{(reason.Length > 0 ? " with reason " + reason : "")}; retrieved {DateTimeOffset.UtcNow:yyyy-MM-ddTHH:mm:ssZ}\nid,received_at,batch_id,batch_source,line,record_id,error,raw\n");
        long? before = null;
        while (true)
        {
            var page = await health.RejectedLinesAsync(reason.Length > 0 ? reason : null, before, 1000, ctx.RequestAborted);
            foreach (var r in page)
                await writer.WriteAsync($"{r.Id},{r.ReceivedAt:yyyy-MM-ddTHH:mm:ss.fffZ},{r.BatchId},{Field(r.BatchSource)},{r.Line},{Field(r.RecordId ?? "")},{Field(r.Error)},{Field(r.Raw)}\n");
            if (page.Count < 1000) break;
            before = page[^1].Id;
            await writer.FlushAsync(ctx.RequestAborted);
        }
    }

    private static string Slug(ExploreMetric m) => string.Concat(m.ToString().Select((c, i) => i > 0 && char.IsUpper(c) ? "_" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));

    private static string Field(string s) => s.IndexOfAny([',', '"', '\n', '\r']) < 0 ? s : "\"" + s.Replace("\"", "\"\"") + "\"";
}
