using System.Buffers;
using System.Globalization;
using System.Text;
using Microsoft.Net.Http.Headers;

namespace RankingsWeb.Api;

/// <summary>
/// The one CSV writer of the product. Cells are typed: a <see cref="string"/> is always a text cell, written with
/// <see cref="Text"/>; numbers, dates and booleans are formatted here, invariantly. So text from ingestion (names,
/// keys, ids, raw lines) or from a request can only ever reach a CSV as a text cell, and every text cell is
/// neutralised against formula injection (OWASP "CSV Injection", ASVS 1.2.10): one that starts with
/// <c>= + - @</c>, tab, CR, LF or NUL, after any leading spaces (a spreadsheet that trims cells on import would
/// read " =x" as a formula; names turn control characters into spaces), gets a leading <c>'</c>. Numeric cells are
/// not escaped, so a change of -0.25 stays a number: they come from numeric values only, never from text.
/// </summary>
public static class Csv
{
    public const string ContentType = "text/csv; charset=utf-8";

    private static readonly SearchValues<char> FormulaStart = SearchValues.Create("=+-@\t\r\n\0");

    /// <summary>Characters that make a text cell quoted: the separators a spreadsheet may use (',' or ';' by locale), quotes and line breaks.</summary>
    private static readonly SearchValues<char> NeedsQuotes = SearchValues.Create(",;\"\r\n\t");

    /// <summary>A text cell: neutralised when it starts like a formula, then quoted (RFC 4180) when it holds a separator, quote or line break.</summary>
    public static string Text(string? value)
    {
        if (string.IsNullOrEmpty(value)) return "";
        var start = value.AsSpan().TrimStart(' ');
        var neutralised = start.Length > 0 && FormulaStart.Contains(start[0]);
        if (!neutralised && value.AsSpan().IndexOfAny(NeedsQuotes) < 0) return value;
        var sb = new StringBuilder(value.Length + 4).Append('"');
        if (neutralised) sb.Append('\'');
        sb.Append(value.Replace("\"", "\"\"")).Append('"');
        return sb.ToString();
    }

    /// <summary>One cell, by type. Anything that is not a number, date or boolean is written as text.</summary>
    public static string Cell(object? value) => value switch
    {
        null => "",
        string s => Text(s),
        bool b => b ? "true" : "false",
        int or long or short or byte => Convert.ToString(value, CultureInfo.InvariantCulture)!,
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        decimal m => m.ToString(CultureInfo.InvariantCulture),
        DateOnly day => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTimeOffset t => t.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture),
        _ => Text(Convert.ToString(value, CultureInfo.InvariantCulture)),
    };

    /// <summary>One row, ending in LF.</summary>
    public static string Row(params ReadOnlySpan<object?> cells)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < cells.Length; i++)
        {
            if (i > 0) sb.Append(',');
            sb.Append(Cell(cells[i]));
        }
        return sb.Append('\n').ToString();
    }

    /// <summary>A header row of column names (text cells too).</summary>
    public static string Header(params ReadOnlySpan<string> names)
    {
        var cells = new object?[names.Length];
        for (var i = 0; i < names.Length; i++) cells[i] = names[i];
        return Row(cells);
    }

    /// <summary>The comment line that heads every download: one text cell starting with <c># </c>.</summary>
    public static string Comment(string text) => Text("# " + text) + "\n";

    /// <summary>
    /// Sends the answer as a file named <paramref name="name"/>.<paramref name="extension"/>. The name is reduced to
    /// <c>a-z0-9._-</c> and the header built by <see cref="ContentDispositionHeaderValue"/>, so nothing from the request can
    /// break out of it.
    /// </summary>
    public static void AttachAs(HttpContext ctx, string name, string extension)
    {
        var safe = new StringBuilder(name.Length + extension.Length + 1);
        foreach (var c in $"{name}.{extension}".ToLowerInvariant()) safe.Append(c is >= 'a' and <= 'z' or >= '0' and <= '9' or '.' or '_' or '-' ? c : '_');
        var disposition = new ContentDispositionHeaderValue("attachment") { FileName = safe.ToString() };
        ctx.Response.Headers.ContentDisposition = disposition.ToString();
    }
}
