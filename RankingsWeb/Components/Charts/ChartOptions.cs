using System.Text.Json.Nodes;
using RankingsWeb.Data.Queries;

namespace RankingsWeb.Components.Charts;

/// <summary>A named line of values for a chart; <paramref name="Key"/> (the entity's key, or a token kind's) picks its colour.</summary>
public sealed record ChartSeries(string Name, IReadOnlyList<double> Values, string? Key = null)
{
    public string ColorKey => Key ?? Name;
}

/// <summary>
/// Builds apexcharts option objects. Domain charts only shape data through these; the one
/// <see cref="ApexChart"/> component talks to JavaScript. A page passes one <see cref="ChartPalette"/> to all its
/// charts, so an entity has one colour on the page.
/// </summary>
public static class ChartOptions
{
    private static JsonObject Base(string type, int height, bool stacked = false, string? stackType = null)
    {
        var chart = new JsonObject
        {
            ["type"] = type,
            ["height"] = height,
            ["stacked"] = stacked,
            ["toolbar"] = new JsonObject { ["show"] = false },
            ["animations"] = new JsonObject { ["enabled"] = false },
            // apexcharts zooms line, area and bar charts on the mouse wheel by default, taking the wheel from the page:
            // a visitor scrolling down stopped over the first such chart, which zoomed in with no toolbar to undo it.
            ["zoom"] = new JsonObject { ["enabled"] = false },
            ["fontFamily"] = "Roboto, Helvetica, Arial, sans-serif",
            ["background"] = "transparent",
        };
        if (stackType is not null) chart["stackType"] = stackType;
        return new JsonObject
        {
            ["chart"] = chart,
            ["dataLabels"] = new JsonObject { ["enabled"] = false },
            ["legend"] = new JsonObject { ["position"] = "bottom", ["fontSize"] = "12px" },
            ["grid"] = new JsonObject { ["strokeDashArray"] = 3 },
            // Phones: never squashed below 220 px, and fewer ticks so labels do not collide.
            ["responsive"] = new JsonArray(new JsonObject
            {
                ["breakpoint"] = 600,
                ["options"] = new JsonObject
                {
                    ["chart"] = new JsonObject { ["height"] = Math.Max(220, Math.Min(height, 280)) },
                    ["xaxis"] = new JsonObject { ["tickAmount"] = 5 },
                    ["legend"] = new JsonObject { ["fontSize"] = "11px" },
                },
            }),
        };
    }

    /// <summary>
    /// On phones a legend of many long names would take the whole chart's height: it is hidden there, and the table
    /// beside the chart (with the same colour swatches) and the tooltips name the series.
    /// </summary>
    private static void PhoneLegend(JsonObject o, int seriesCount)
    {
        if (seriesCount <= 5) return;
        o["responsive"]![0]!["options"]!["legend"] = new JsonObject { ["show"] = false };
    }

    /// <summary>Axis titles: every time chart says what its axes hold.</summary>
    private static void Titles(JsonObject o, string? xTitle, string? yTitle)
    {
        var style = new JsonObject { ["fontSize"] = "11px", ["fontWeight"] = 500 };
        if (xTitle is not null) ((JsonObject)o["xaxis"]!)["title"] = new JsonObject { ["text"] = xTitle, ["style"] = style.DeepClone() };
        if (yTitle is null) return;
        if (o["yaxis"] is not JsonObject y) o["yaxis"] = y = new JsonObject();
        y["title"] = new JsonObject { ["text"] = yTitle, ["style"] = style.DeepClone() };
    }

    private static JsonObject TimeAxis(IReadOnlyList<string> labels) => new()
    {
        ["categories"] = Texts(labels),
        ["labels"] = new JsonObject { ["rotate"] = -45, ["hideOverlappingLabels"] = true },
        ["tickAmount"] = Math.Min(labels.Count, 14),
    };

    private static JsonArray Array(IEnumerable<string> items) => new(items.Select(i => (JsonNode)JsonValue.Create(i)!).ToArray());

    /// <summary>
    /// Names and labels as the chart shows them: without bidi controls (see <see cref="DisplayText.Clean"/>), whatever
    /// produced them. They stay otherwise raw: the JavaScript wrapper escapes them for apexcharts' HTML surfaces.
    /// </summary>
    private static string Text(string name) => DisplayText.Clean(name);

    private static JsonArray Texts(IEnumerable<string> items) => Array(items.Select(Text));

    private static JsonArray Data(IEnumerable<double> values) => new(values.Select(v => (JsonNode)JsonValue.Create(v)).ToArray());

    private static JsonArray Data(IEnumerable<double?> values) => new(values.Select(v => v is null ? null : (JsonNode)JsonValue.Create(v.Value)).ToArray());

    /// <summary>
    /// Stacked bars over time. When <paramref name="partialLast"/> is set, the last bucket is still in progress and is
    /// marked on the axis; its projection is drawn beside it by <see cref="Projection"/>.
    /// </summary>
    public static JsonObject StackedBars(IReadOnlyList<string> labels, IReadOnlyList<ChartSeries> series,
        bool partialLast = false, int height = 340, string yFormat = "compact", string? xTitle = null, string? yTitle = "Tokens", ChartPalette? palette = null,
        bool namedCategories = false)
    {
        var o = Base("bar", height, stacked: true);
        o["series"] = new JsonArray(series.Select(s => (JsonNode)new JsonObject { ["name"] = Text(s.Name), ["data"] = Data(s.Values) }).ToArray());
        o["colors"] = Array((palette ?? new ChartPalette()).For(series.Select(s => s.ColorKey)));
        PhoneLegend(o, series.Count);
        o["fill"] = new JsonObject { ["opacity"] = 1 };
        o["plotOptions"] = new JsonObject { ["bar"] = new JsonObject { ["columnWidth"] = "70%" } };
        // Names (the explorer's groups) are all shown, slanted and trimmed with an ellipsis instead of cut off at the
        // chart's edge; dates thin out to at most 14 ticks.
        o["xaxis"] = namedCategories
            ? new JsonObject
            {
                ["categories"] = Texts(labels),
                ["labels"] = new JsonObject { ["rotate"] = -40, ["rotateAlways"] = true, ["trim"] = true, ["maxHeight"] = 160, ["hideOverlappingLabels"] = false },
            }
            : TimeAxis(labels);
        Titles(o, xTitle, yTitle);
        if (partialLast && labels.Count > 0)
        {
            o["annotations"] = new JsonObject
            {
                ["xaxis"] = new JsonArray(new JsonObject
                {
                    ["x"] = Text(labels[^1]),
                    ["borderColor"] = "#f59e0b",
                    ["strokeDashArray"] = 4,
                    ["label"] = new JsonObject { ["text"] = "in progress", ["orientation"] = "horizontal", ["textAnchor"] = "end", ["style"] = new JsonObject { ["background"] = "#f59e0b", ["color"] = "#fff" } },
                }),
            };
        }
        o["rwYFormat"] = yFormat;
        return o;
    }

    /// <summary>
    /// The in-progress bucket per entity: what arrived so far beside the projection for the whole bucket
    /// (so far ÷ elapsed share of the bucket), stacked in each entity's colour. Drawn as its own small chart: as
    /// extra hatched series inside the growth chart it made that chart several times slower to draw.
    /// </summary>
    public static JsonObject Projection(IReadOnlyList<ChartSeries> soFar, IReadOnlyList<double> projected, int height = 340, ChartPalette? palette = null)
    {
        var o = Base("bar", height, stacked: true);
        o["series"] = new JsonArray(soFar.Select((s, i) => (JsonNode)new JsonObject
        {
            ["name"] = Text(s.Name),
            ["data"] = Data(new[] { s.Values[^1], Math.Round(projected[i]) }),
        }).ToArray());
        o["colors"] = Array((palette ?? new ChartPalette()).For(soFar.Select(s => s.ColorKey)));
        o["fill"] = new JsonObject { ["opacity"] = 0.9 };
        o["legend"] = new JsonObject { ["show"] = false };
        o["plotOptions"] = new JsonObject { ["bar"] = new JsonObject { ["columnWidth"] = "60%" } };
        o["xaxis"] = new JsonObject { ["categories"] = Array(["So far", "Projected"]) };
        o["title"] = new JsonObject { ["text"] = "In progress", ["style"] = new JsonObject { ["fontSize"] = "12px", ["fontWeight"] = 500 } };
        o["rwYFormat"] = "compact";
        return o;
    }

    /// <summary>Market share over time: stacked areas of each series' percentage of its bucket (computed here, so the chart shows exact shares).</summary>
    public static JsonObject ShareAreas(IReadOnlyList<string> labels, IReadOnlyList<ChartSeries> series, int height = 320,
        string? xTitle = null, string? yTitle = "Share of tokens (%)", ChartPalette? palette = null)
    {
        var o = Base("area", height, stacked: true);
        o["chart"]!["stackOnlyBar"] = false;
        var totals = Enumerable.Range(0, labels.Count).Select(i => series.Sum(s => s.Values[i])).ToArray();
        o["series"] = new JsonArray(series.Select(s => (JsonNode)new JsonObject
        {
            ["name"] = Text(s.Name),
            ["data"] = Data(s.Values.Select((v, i) => totals[i] == 0 ? 0 : Math.Round(v / totals[i] * 100, 2))),
        }).ToArray());
        o["yaxis"] = new JsonObject { ["max"] = 100, ["min"] = 0, ["tickAmount"] = 4 };
        o["colors"] = Array((palette ?? new ChartPalette()).For(series.Select(s => s.ColorKey)));
        PhoneLegend(o, series.Count);
        o["stroke"] = new JsonObject { ["width"] = 1, ["curve"] = "straight" };
        o["fill"] = new JsonObject { ["type"] = "solid", ["opacity"] = 0.85 };
        o["xaxis"] = TimeAxis(labels);
        Titles(o, xTitle, yTitle);
        o["rwYFormat"] = "percent";
        return o;
    }

    /// <summary>Shares of a whole; <paramref name="keys"/> (entity keys, "others") pick the colours, the labels by default.</summary>
    public static JsonObject Donut(IReadOnlyList<string> labels, IReadOnlyList<double> values, IReadOnlyList<string>? keys = null, int height = 320, ChartPalette? palette = null)
    {
        var o = Base("donut", height);
        o["series"] = Data(values);
        o["labels"] = Texts(labels);
        o["colors"] = Array((palette ?? new ChartPalette()).For(keys ?? labels));
        o["dataLabels"] = new JsonObject { ["enabled"] = true };
        o["rwTooltipFormat"] = "compact";
        return o;
    }

    /// <summary>
    /// Lines over time; <paramref name="yFormat"/> is compact, fraction (0..1 shown as %), usd or rank. Fractions and
    /// amounts start at 0 (a line of shares between 41% and 44% must not look like a tenfold rise); ranks run top
    /// down from 1, with whole ranks only. <paramref name="keys"/> pick the colours (the names by default).
    /// </summary>
    public static JsonObject Lines(IReadOnlyList<string> labels, IReadOnlyList<(string Name, IReadOnlyList<double?> Values)> series,
        string yFormat = "compact", int height = 280, IReadOnlyList<string>? keys = null, string? xTitle = null, string? yTitle = null, ChartPalette? palette = null)
    {
        var o = Base("line", height);
        o["series"] = new JsonArray(series.Select(s => (JsonNode)new JsonObject { ["name"] = Text(s.Name), ["data"] = Data(s.Values) }).ToArray());
        var colors = (palette ?? new ChartPalette()).For(keys ?? series.Select(s => s.Name).ToList());
        o["colors"] = Array(colors);
        PhoneLegend(o, series.Count);
        o["stroke"] = new JsonObject { ["width"] = 2, ["curve"] = "straight" };
        o["markers"] = new JsonObject { ["size"] = 3, ["discrete"] = IsolatedPointMarkers(series, colors) };
        o["xaxis"] = TimeAxis(labels);
        if (yFormat == "rank")
        {
            var worst = series.SelectMany(s => s.Values).Where(v => v is not null).Select(v => v!.Value).DefaultIfEmpty(1).Max();
            o["yaxis"] = new JsonObject
            {
                ["reversed"] = true, ["min"] = 1, ["max"] = Math.Max(2, worst), ["forceNiceScale"] = false,
                ["tickAmount"] = (int)Math.Clamp(worst - 1, 1, 8), ["decimalsInFloat"] = 0,
            };
        }
        else
        {
            o["yaxis"] = new JsonObject { ["min"] = 0, ["forceNiceScale"] = true };
            // A share with nothing in it (an app whose models never reason): apexcharts scaled 0 to 2, shown as 200%.
            if (yFormat == "fraction" && series.SelectMany(s => s.Values).All(v => v is null or 0)) o["yaxis"]!["max"] = 1;
        }
        Titles(o, xTitle, yTitle);
        o["rwYFormat"] = yFormat;
        return o;
    }

    /// <summary>
    /// A value with no value beside it (an app seen on one day of the window) has no line to either side: with the
    /// 3 px markers alone it was a dot hard to find, and the chart looked empty. Such points get a marker of their own.
    /// </summary>
    internal static JsonArray IsolatedPointMarkers(IReadOnlyList<(string Name, IReadOnlyList<double?> Values)> series, IReadOnlyList<string> colors)
    {
        var markers = new JsonArray();
        for (var i = 0; i < series.Count; i++)
        {
            var v = series[i].Values;
            for (var j = 0; j < v.Count; j++)
            {
                if (v[j] is null || (j > 0 && v[j - 1] is not null) || (j + 1 < v.Count && v[j + 1] is not null)) continue;
                markers.Add(new JsonObject
                {
                    ["seriesIndex"] = i, ["dataPointIndex"] = j, ["size"] = 6,
                    ["fillColor"] = colors[i % colors.Count], ["strokeColor"] = colors[i % colors.Count],
                });
            }
        }
        return markers;
    }

    /// <summary>One step of a <see cref="Waterfall"/>: a label and the change it brings (a total bar when <paramref name="IsTotal"/>).</summary>
    public sealed record WaterfallStep(string Label, double Value, bool IsTotal = false);

    /// <summary>
    /// How a total went from one window to the next: the first and last steps are totals, each one between is a
    /// change drawn from the running sum before it to the running sum after it. Stacked bars with a transparent base
    /// (apexcharts 4.7 has no waterfall type): the running sum never goes below 0, because each step is an entity's
    /// own tokens minus its own previous tokens, bounded by the previous total.
    /// </summary>
    public static JsonObject Waterfall(IReadOnlyList<WaterfallStep> steps, int height = 360, string yTitle = "Tokens")
    {
        var o = Base("bar", height, stacked: true);
        var baseline = new double[steps.Count];
        var up = new double[steps.Count];
        var down = new double[steps.Count];
        var total = new double[steps.Count];
        double running = 0;
        for (var i = 0; i < steps.Count; i++)
        {
            var s = steps[i];
            if (s.IsTotal)
            {
                total[i] = s.Value;
                running = s.Value;
                continue;
            }
            var after = running + s.Value;
            baseline[i] = Math.Max(0, Math.Min(running, after));
            if (s.Value >= 0) up[i] = s.Value;
            else down[i] = -s.Value;
            running = after;
        }
        o["series"] = new JsonArray(
            new JsonObject { ["name"] = "", ["data"] = Data(baseline) },
            new JsonObject { ["name"] = "Window total", ["data"] = Data(total) },
            new JsonObject { ["name"] = "Increase", ["data"] = Data(up) },
            new JsonObject { ["name"] = "Decrease", ["data"] = Data(down) });
        o["colors"] = Array(["transparent", "#64748b", "#16a34a", "#dc2626"]);
        o["fill"] = new JsonObject { ["opacity"] = 1 };
        o["states"] = new JsonObject { ["hover"] = new JsonObject { ["filter"] = new JsonObject { ["type"] = "none" } } };
        o["legend"] = new JsonObject { ["show"] = false };
        o["plotOptions"] = new JsonObject { ["bar"] = new JsonObject { ["columnWidth"] = "70%" } };
        // The base is scaffolding: no tooltip for it, and zero-height bars say nothing either.
        o["tooltip"] = new JsonObject { ["shared"] = false, ["intersect"] = true, ["enabledOnSeries"] = new JsonArray(1, 2, 3) };
        o["xaxis"] = new JsonObject
        {
            ["categories"] = Texts(steps.Select(s => s.Label)),
            ["labels"] = new JsonObject { ["rotate"] = -40, ["rotateAlways"] = true, ["trim"] = true, ["maxHeight"] = 140, ["hideOverlappingLabels"] = false },
        };
        // Changes of a few percent are invisible on an axis from 0 to the total: the axis starts a little below the
        // lowest running sum when that leaves the changes at least a third of the height, and the chart says so.
        var floor = WaterfallFloor(steps);
        o["yaxis"] = new JsonObject { ["min"] = floor, ["forceNiceScale"] = floor == 0 };
        Titles(o, null, floor > 0 ? yTitle + " (axis from " + FormatCompact(floor) + ")" : yTitle);
        o["rwYFormat"] = "compact";
        return o;
    }

    /// <summary>Where a waterfall's axis starts: 0, or a round number below every running sum when the sums stay far from 0.</summary>
    internal static double WaterfallFloor(IReadOnlyList<WaterfallStep> steps)
    {
        double running = 0, low = double.MaxValue, high = 0;
        foreach (var s in steps)
        {
            running = s.IsTotal ? s.Value : running + s.Value;
            low = Math.Min(low, running);
            high = Math.Max(high, running);
            if (!s.IsTotal) low = Math.Min(low, running - s.Value);
        }
        if (steps.Count == 0 || low <= 0 || high - low >= high / 3) return 0;
        var wanted = low - (high - low) * 0.5;
        if (wanted <= 0) return 0;
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(high - low)));
        return Math.Floor(wanted / magnitude) * magnitude;
    }

    private static string FormatCompact(double v) => v switch
    {
        >= 1e12 => (v / 1e12).ToString("0.#", System.Globalization.CultureInfo.InvariantCulture) + "T",
        >= 1e9 => (v / 1e9).ToString("0.#", System.Globalization.CultureInfo.InvariantCulture) + "B",
        >= 1e6 => (v / 1e6).ToString("0.#", System.Globalization.CultureInfo.InvariantCulture) + "M",
        >= 1e3 => (v / 1e3).ToString("0.#", System.Globalization.CultureInfo.InvariantCulture) + "K",
        _ => v.ToString("0", System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>One point of a <see cref="Scatter"/>; <paramref name="Key"/> picks its colour.</summary>
    public sealed record ScatterPoint(string Name, double X, double Y, string Key);

    /// <summary>
    /// Points named one by one (each its own series, so the tooltip names it; no legend, the table beside it does).
    /// <paramref name="logY"/> for volumes that span orders of magnitude.
    /// </summary>
    public static JsonObject Scatter(IReadOnlyList<ScatterPoint> points, string xTitle, string yTitle, string xFormat, string yFormat,
        bool logY = false, int height = 360, ChartPalette? palette = null)
    {
        var o = Base("scatter", height);
        o["series"] = new JsonArray(points.Select(p => (JsonNode)new JsonObject
        {
            ["name"] = Text(p.Name),
            ["data"] = new JsonArray(new JsonArray(JsonValue.Create(p.X), JsonValue.Create(p.Y))),
        }).ToArray());
        o["colors"] = Array((palette ?? new ChartPalette()).For(points.Select(p => p.Key)));
        o["legend"] = new JsonObject { ["show"] = false };
        o["markers"] = new JsonObject { ["size"] = 6, ["strokeWidth"] = 1 };
        o["xaxis"] = new JsonObject { ["type"] = "numeric", ["tickAmount"] = 6 };
        o["yaxis"] = logY ? new JsonObject { ["logarithmic"] = true, ["logBase"] = 10 } : new JsonObject { ["min"] = 0, ["forceNiceScale"] = true };
        Titles(o, xTitle, yTitle);
        o["rwXFormat"] = xFormat;
        o["rwYFormat"] = yFormat;
        return o;
    }
}
