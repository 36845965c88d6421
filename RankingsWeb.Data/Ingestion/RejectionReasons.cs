using System.Text.RegularExpressions;

namespace RankingsWeb.Data.Ingestion;

/// <summary>Turns a rejection message into its reason class (values taken out), for counting rejected lines by reason.</summary>
public static partial class RejectionReasons
{
    public static string Classify(string error)
    {
        var first = error.Split("; ")[0];
        if (first.StartsWith("malformed JSON", StringComparison.Ordinal)) return "malformed JSON";
        first = Quoted().Replace(first, "'…'");
        first = Got().Replace(first, "");
        first = Number().Replace(first, "(n)");
        first = Timestamp().Replace(first, "…");
        first = first.Trim();
        return first.Length <= 120 ? first : first[..120];
    }

    [GeneratedRegex("'[^']*'")]
    private static partial Regex Quoted();

    [GeneratedRegex(@"\s*\(got [^)]*\)")]
    private static partial Regex Got();

    [GeneratedRegex(@"\(\d+\)")]
    private static partial Regex Number();

    [GeneratedRegex(@"\d{4}-\d\d-\d\dT\S*")]
    private static partial Regex Timestamp();
}
