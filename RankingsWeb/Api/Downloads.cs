using System.Globalization;
using System.Text;
using RankingsWeb.Data.Queries;

namespace RankingsWeb.Api;

/// <summary>CSV and JSON downloads of exactly what a read endpoint answers, with a citation line.</summary>
public static class Downloads
{
    public static string Citation(HttpRequest request, DayWindow window) =>
        $"Source: RankingsWeb {request.Path}{request.QueryString}; window {Days.Format(window.From)} to {Days.Format(window.To - 1)} inclusive (UTC); " +
        $"as of {Days.Format(window.To - 1)}; retrieved {DateTimeOffset.UtcNow:yyyy-MM-ddTHH:mm:ssZ}";

    public static bool WantsCsv(HttpRequest request) => request.Query["format"] == "csv";

    public static void AttachAsFile(HttpContext ctx, string name, string extension)
    {
        if (WantsCsv(ctx.Request) || ctx.Request.Query["download"] == "1")
            ctx.Response.Headers.ContentDisposition = $"attachment; filename=\"{name}.{extension}\"";
    }

    public static IResult RankingsCsv(HttpContext ctx, RankingsAnswer a, string dimension)
    {
        AttachAsFile(ctx, $"rankings-{dimension}-{Days.Format(a.Window.From)}", "csv");
        var sb = new StringBuilder();
        sb.Append("# ").Append(Citation(ctx.Request, a.Window)).Append('\n');
        sb.Append("rank,key,name,tokens,tokens_prompt,tokens_completion,tokens_reasoning,tokens_cached,requests,cost,share,previous_tokens,change\n");
        foreach (var i in a.Items)
        {
            sb.Append(CultureInfo.InvariantCulture, $"{i.Rank},{Field(i.Key)},{Field(i.Name)},{i.Tokens},{i.TokensPrompt},{i.TokensCompletion},{i.TokensReasoning},{i.TokensCached},{i.Requests},{i.Cost},{i.Share:R},{i.PreviousTokens},{(i.Change is { } c ? c.ToString("R", CultureInfo.InvariantCulture) : "")}\n");
        }
        return Results.Text(sb.ToString(), "text/csv; charset=utf-8");
    }

    public static IResult SeriesCsv(HttpContext ctx, SeriesAnswer s, string dimension)
    {
        AttachAsFile(ctx, $"series-{dimension}-{Days.Format(s.Window.From)}", "csv");
        var sb = new StringBuilder();
        sb.Append("# ").Append(Citation(ctx.Request, s.Window)).Append('\n');
        sb.Append("bucket");
        foreach (var line in s.Series) sb.Append(',').Append(Field(line.Key));
        sb.Append('\n');
        for (var b = 0; b < s.Buckets.Count; b++)
        {
            sb.Append(Days.Format(s.Buckets[b]));
            foreach (var line in s.Series) sb.Append(',').Append(line.Values[b].ToString(CultureInfo.InvariantCulture));
            sb.Append('\n');
        }
        return Results.Text(sb.ToString(), "text/csv; charset=utf-8");
    }

    public static IResult Csv(HttpContext ctx, string name, DayWindow window, string header, IEnumerable<string> rows)
    {
        AttachAsFile(ctx, name, "csv");
        var sb = new StringBuilder();
        sb.Append("# ").Append(Citation(ctx.Request, window)).Append('\n').Append(header).Append('\n');
        foreach (var r in rows) sb.Append(r).Append('\n');
        return Results.Text(sb.ToString(), "text/csv; charset=utf-8");
    }

    private static string Field(string s) => s.IndexOfAny([',', '"', '\n', '\r']) < 0 ? s : "\"" + s.Replace("\"", "\"\"") + "\"";
}
