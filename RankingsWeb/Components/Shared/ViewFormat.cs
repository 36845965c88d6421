using System.Globalization;

namespace RankingsWeb.Components.Shared;

/// <summary>Number formatting used on every page: 1.2T, 45.0B, 812M tokens; shares as %; change as ▲/▼.</summary>
public static class ViewFormat
{
    public static string Tokens(long value) => Compact(value);

    public static string Compact(double value)
    {
        var abs = Math.Abs(value);
        return abs switch
        {
            >= 1e12 => (value / 1e12).ToString("0.0", CultureInfo.InvariantCulture) + "T",
            >= 1e9 => (value / 1e9).ToString("0.0", CultureInfo.InvariantCulture) + "B",
            >= 1e6 => (value / 1e6).ToString("0.0", CultureInfo.InvariantCulture) + "M",
            >= 1e3 => (value / 1e3).ToString("0.0", CultureInfo.InvariantCulture) + "K",
            _ => value.ToString("0", CultureInfo.InvariantCulture),
        };
    }

    public static string Share(double share) => (share * 100).ToString(share < 0.001 && share > 0 ? "0.00" : "0.0", CultureInfo.InvariantCulture) + "%";

    public static string Change(double? change) => change switch
    {
        null => "new",
        >= 0 => "▲ " + Percent(change.Value),
        _ => "▼ " + Percent(-change.Value),
    };

    /// <summary>Whole percent from 10% up, one decimal below, so a small move never reads "0%".</summary>
    private static string Percent(double fraction) =>
        (fraction * 100).ToString(fraction >= 0.1 ? "0" : "0.0", CultureInfo.InvariantCulture) + "%";

    /// <summary>A signed change in tokens: "+1.2B", "−300.0M" (a real minus sign), "0".</summary>
    public static string Delta(double value) => value switch
    {
        > 0 => "+" + Compact(value),
        < 0 => "\u2212" + Compact(-value),
        _ => "0",
    };

    public static string Cost(decimal usd) => "$" + usd.ToString(usd >= 100 ? "N0" : "N2", CultureInfo.InvariantCulture);
}
