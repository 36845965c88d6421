using RankingsWeb.Data.Queries;

namespace RankingsWeb.Components.Charts;

/// <summary>
/// One colour per entity on every chart of the site, derived from its key, so a model keeps its colour from the
/// growth chart to the use-case chart and from page to page; token kinds and "Others" have fixed colours.
/// </summary>
public static class ChartColors
{
    /// <summary>Series keys of the token kinds (not entity keys: those never start with "kind:").</summary>
    public const string Prompt = "kind:prompt", RegularOutput = "kind:regular_output", Reasoning = "kind:reasoning";

    public const string OthersColor = "#94a3b8";

    private static readonly Dictionary<string, string> Fixed = new(StringComparer.Ordinal)
    {
        [Prompt] = "#3b82f6",
        [RegularOutput] = "#10b981",
        [Reasoning] = "#f97316",
        [RankingsQueries.OthersKey] = OthersColor,
    };

    /// <summary>Distinct hues, none of them the fixed grey of Others.</summary>
    private static readonly string[] Palette =
    [
        "#2563eb", "#ea580c", "#059669", "#9333ea", "#dc2626", "#0d9488", "#ca8a04", "#db2777", "#4f46e5", "#65a30d",
        "#0284c7", "#c2410c", "#7c3aed", "#16a34a", "#e11d48", "#0891b2", "#a16207", "#c026d3", "#1d4ed8", "#4d7c0f",
    ];

    /// <summary>The colours of one chart's series, in order (a chart of its own: no page to agree with).</summary>
    public static List<string> For(IEnumerable<string> keys) => new ChartPalette().For(keys);

    /// <summary>The hue a key starts from.</summary>
    internal static int Slot(string key) => (int)(Hash(key) % (uint)Palette.Length);

    internal static int Slots => Palette.Length;

    internal static string Hue(int slot) => Palette[slot];

    internal static string? FixedColor(string key) => Fixed.GetValueOrDefault(key);

    /// <summary>FNV-1a over the key's UTF-16 code units: stable across processes (string.GetHashCode is not).</summary>
    private static uint Hash(string key)
    {
        var hash = 2166136261u;
        foreach (var c in key)
        {
            hash = (hash ^ c) * 16777619u;
        }
        return hash;
    }
}
