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
        ["others"] = OthersColor,
    };

    /// <summary>Distinct hues, none of them the fixed grey of Others.</summary>
    private static readonly string[] Palette =
    [
        "#2563eb", "#ea580c", "#059669", "#9333ea", "#dc2626", "#0d9488", "#ca8a04", "#db2777", "#4f46e5", "#65a30d",
        "#0284c7", "#c2410c", "#7c3aed", "#16a34a", "#e11d48", "#0891b2", "#a16207", "#c026d3", "#1d4ed8", "#4d7c0f",
    ];

    /// <summary>
    /// The colours of one chart's series, in order. Each key starts at its own hue; when two keys of the same chart
    /// land on one hue, the later one takes the next free hue, so a chart never shows two series alike.
    /// </summary>
    public static List<string> For(IEnumerable<string> keys)
    {
        var used = new HashSet<int>();
        var colors = new List<string>();
        foreach (var key in keys)
        {
            if (Fixed.TryGetValue(key, out var color))
            {
                colors.Add(color);
                continue;
            }
            var start = (int)(Hash(key) % (uint)Palette.Length);
            var slot = start;
            for (var step = 0; step < Palette.Length && used.Contains(slot); step++) slot = (start + step + 1) % Palette.Length;
            used.Add(slot);
            colors.Add(Palette[slot]);
        }
        return colors;
    }

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
