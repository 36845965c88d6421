namespace RankingsWeb.Components.Charts;

/// <summary>
/// The colours of the charts of one page. Each key starts at its own hue (<see cref="ChartColors"/>), so most
/// entities look the same on every page. When two keys of one chart land on one hue, the later takes the next free
/// hue, so a chart never shows two series alike; and a key keeps the hue it got on this page in every later chart.
/// </summary>
public sealed class ChartPalette
{
    private readonly Dictionary<string, int> _assigned = new(StringComparer.Ordinal);

    public List<string> For(IEnumerable<string> keys)
    {
        var list = keys.ToList();
        var used = new HashSet<int>();
        var slots = new int?[list.Count];
        // Keys this page has coloured already first, so a newcomer cannot take an established entity's hue.
        for (var i = 0; i < list.Count; i++)
        {
            if (ChartColors.FixedColor(list[i]) is null && _assigned.TryGetValue(list[i], out var slot) && used.Add(slot)) slots[i] = slot;
        }
        var colors = new List<string>(list.Count);
        for (var i = 0; i < list.Count; i++)
        {
            if (ChartColors.FixedColor(list[i]) is { } color)
            {
                colors.Add(color);
                continue;
            }
            if (slots[i] is not { } slot)
            {
                var start = ChartColors.Slot(list[i]);
                slot = start;
                for (var step = 1; step < ChartColors.Slots && used.Contains(slot); step++) slot = (start + step) % ChartColors.Slots;
                used.Add(slot);
                _assigned[list[i]] = slot;
            }
            colors.Add(ChartColors.Hue(slot));
        }
        return colors;
    }
}
