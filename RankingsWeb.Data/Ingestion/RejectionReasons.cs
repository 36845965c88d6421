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

    /// <summary>
    /// What a batch stores of its rejected lines: the first <paramref name="maxStored"/> with their text and reason,
    /// and the count of every line per reason (the health page's numbers, exact whatever was kept).
    /// </summary>
    public static RejectionsToStore ToStore(IReadOnlyList<Rejection> rejections, int maxStored)
    {
        var reasons = new Dictionary<string, string>(StringComparer.Ordinal); // error -> reason: junk repeats its errors
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        var lines = new List<(Rejection, string)>(Math.Min(rejections.Count, Math.Max(maxStored, 0)));
        foreach (var r in rejections)
        {
            if (!reasons.TryGetValue(r.Error, out var reason))
            {
                reason = Classify(r.Error);
                if (reasons.Count < 10_000) reasons[r.Error] = reason;
            }
            counts[reason] = counts.GetValueOrDefault(reason) + 1;
            if (lines.Count < maxStored) lines.Add((r, reason));
        }
        return new RejectionsToStore(lines, counts.Select(c => (c.Key, c.Value)).ToList());
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

public sealed record RejectionsToStore(IReadOnlyList<(Rejection Line, string Reason)> Lines, IReadOnlyList<(string Reason, long Count)> Counts);
