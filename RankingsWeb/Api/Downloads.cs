using System.Text;
using RankingsWeb.Data.Queries;

namespace RankingsWeb.Api;

/// <summary>CSV and JSON downloads of exactly what a read endpoint answers, with a citation line. Every cell is written by <see cref="Csv"/>.</summary>
public static class Downloads
{
    /// <summary>
    /// Where the numbers came from. The request is echoed percent-encoded (nothing outside the URL-safe characters
    /// gets through) and the parts are joined with " | ", so the line has no separator of its own in any CSV dialect.
    /// </summary>
    public static string Citation(HttpRequest request, DayWindow window) =>
        $"Source: RankingsWeb {UrlSafe(request.Path.ToUriComponent() + request.QueryString.ToUriComponent())} | window {Days.Format(window.From)} to {Days.Format(window.To - 1)} inclusive (UTC) | " +
        $"as of {Days.Format(window.To - 1)} | retrieved {DateTimeOffset.UtcNow:yyyy-MM-ddTHH:mm:ssZ}";

    /// <summary>Percent-encodes every character but the unreserved ones and the URL delimiters a query needs (<c>/ ? &amp; = % : + @ ! $ ' ( ) * [ ] ~</c>).</summary>
    public static string UrlSafe(string s)
    {
        var sb = new StringBuilder(s.Length);
        foreach (var b in Encoding.UTF8.GetBytes(s))
        {
            var c = (char)b;
            if (c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9' or '-' or '.' or '_' or '~' or '/' or '?' or '&' or '=' or '%' or ':' or '+' or '@' or '!' or '$' or '\'' or '(' or ')' or '*' or '[' or ']')
                sb.Append(c);
            else
                sb.Append('%').Append(((int)b).ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
        }
        return sb.ToString();
    }

    public static bool WantsCsv(HttpRequest request) => request.Query["format"] == "csv";

    public static void AttachAsFile(HttpContext ctx, string name, string extension)
    {
        if (WantsCsv(ctx.Request) || ctx.Request.Query["download"] == "1") Csv.AttachAs(ctx, name, extension);
    }

    public static IResult RankingsCsv(HttpContext ctx, RankingsAnswer a, string dimension) =>
        Table(ctx, $"rankings-{dimension}-{Days.Format(a.Window.From)}", a.Window,
            ["rank", "key", "name", "tokens", "tokens_prompt", "tokens_completion", "tokens_reasoning", "tokens_cached", "requests", "cost", "share", "previous_tokens", "change"],
            a.Items.Select(i => new object?[]
            {
                i.Rank, i.Key, i.Name, i.Tokens, i.TokensPrompt, i.TokensCompletion, i.TokensReasoning, i.TokensCached, i.Requests, i.Cost, i.Share, i.PreviousTokens, i.Change,
            }));

    /// <summary>
    /// One row per listed entity (<c>row</c> = <c>item</c>), then <c>others</c> when present and <c>total</c>: a column
    /// rather than a reserved key says which is which, since an app may well be keyed "others" or "total".
    /// </summary>
    public static IResult GrowthCsv(HttpContext ctx, GrowthAnswer a, string dimension)
    {
        static object?[] Cells(string row, string? key, string? name, bool? isNew, bool? gone, GrowthFigures f) =>
        [
            row, key, name, f.Tokens, f.PreviousTokens, f.Delta, isNew, gone, f.Requests, f.PreviousRequests, f.MoreRequests, f.LargerRequests,
            f.DeltaPrompt, f.DeltaRegularOutput, f.DeltaReasoning,
        ];
        var rows = a.Items.Select(i => Cells("item", i.Key, i.Name, i.New, i.Gone, i.Figures)).ToList();
        if (a.Others is { } others) rows.Add(Cells("others", null, null, null, null, others));
        rows.Add(Cells("total", null, null, null, null, a.Total));
        return Table(ctx, $"growth-{dimension}-{Days.Format(a.Window.From)}", a.Window,
            ["row", "key", "name", "tokens", "previous_tokens", "delta", "new", "gone", "requests", "previous_requests", "more_requests", "larger_requests",
             "delta_prompt", "delta_regular_output", "delta_reasoning"], rows);
    }

    public static IResult SeriesCsv(HttpContext ctx, SeriesAnswer s, string dimension) =>
        Table(ctx, $"series-{dimension}-{Days.Format(s.Window.From)}", s.Window,
            ["bucket", .. s.Series.Select(line => line.Key)],
            s.Buckets.Select((bucket, b) => new object?[] { Days.Format(bucket) }.Concat(s.Series.Select(line => (object?)line.Values[b])).ToArray()));

    public static IResult TotalsCsv(HttpContext ctx, DayWindow window, IEnumerable<TotalsRow> rows) =>
        Table(ctx, $"totals-{Days.Format(window.From)}", window,
            ["bucket", "tokens", "tokens_prompt", "tokens_completion", "tokens_reasoning", "regular_output", "tokens_cached", "requests", "cost", "reasoning_share"],
            rows.Select(r => new object?[] { r.Bucket, r.Tokens, r.TokensPrompt, r.TokensCompletion, r.TokensReasoning, r.RegularOutput, r.TokensCached, r.Requests, r.Cost, r.ReasoningShare }));

    public static IResult RankHistoryCsv(HttpContext ctx, string dimension, DayWindow window, IEnumerable<RankHistoryRow> rows) =>
        Table(ctx, $"rank-history-{dimension}", window, ["bucket", "rank", "tokens"], rows.Select(r => new object?[] { r.Bucket, r.Rank, r.Tokens }));

    /// <summary>The citation comment, a header and one row per item; each cell typed (see <see cref="Csv.Cell"/>).</summary>
    public static IResult Table(HttpContext ctx, string name, DayWindow window, IReadOnlyList<string> header, IEnumerable<object?[]> rows)
    {
        AttachAsFile(ctx, name, "csv");
        var sb = new StringBuilder();
        sb.Append(Csv.Comment(Citation(ctx.Request, window))).Append(Csv.Header([.. header]));
        foreach (var r in rows) sb.Append(Csv.Row(r));
        return Results.Text(sb.ToString(), Csv.ContentType);
    }
}
