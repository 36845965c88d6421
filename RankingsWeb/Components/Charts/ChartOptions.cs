using System.Text.Json.Nodes;
using RankingsWeb.Data.Queries;

namespace RankingsWeb.Components.Charts;

/// <summary>A named line of values for a chart.</summary>
public sealed record ChartSeries(string Name, IReadOnlyList<double> Values);

/// <summary>
/// Builds apexcharts option objects. Domain charts only shape data through these; the one
/// <see cref="ApexChart"/> component talks to JavaScript.
/// </summary>
public static class ChartOptions
{
    public static readonly string[] Palette =
    [
        "#3b82f6", "#f97316", "#10b981", "#a855f7", "#ef4444", "#14b8a6", "#eab308", "#ec4899", "#6366f1", "#84cc16", "#0ea5e9", "#94a3b8",
    ];

    public static string ColorOf(int index, string name) => name == "Others" ? "#94a3b8" : Palette[index % (Palette.Length - 1)];

    private static JsonObject Base(string type, bool dark, int height, bool stacked = false, string? stackType = null)
    {
        var chart = new JsonObject
        {
            ["type"] = type,
            ["height"] = height,
            ["stacked"] = stacked,
            ["toolbar"] = new JsonObject { ["show"] = false },
            ["animations"] = new JsonObject { ["enabled"] = false },
            ["fontFamily"] = "Roboto, Helvetica, Arial, sans-serif",
            ["background"] = "transparent",
        };
        if (stackType is not null) chart["stackType"] = stackType;
        return new JsonObject
        {
            ["chart"] = chart,
            ["theme"] = new JsonObject { ["mode"] = dark ? "dark" : "light" },
            ["dataLabels"] = new JsonObject { ["enabled"] = false },
            ["legend"] = new JsonObject { ["position"] = "bottom", ["fontSize"] = "12px" },
            ["grid"] = new JsonObject { ["strokeDashArray"] = 3 },
        };
    }

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
    public static JsonObject StackedBars(IReadOnlyList<string> labels, IReadOnlyList<ChartSeries> series, bool dark,
        bool partialLast = false, int height = 340, string yFormat = "compact")
    {
        var o = Base("bar", dark, height, stacked: true);
        o["series"] = new JsonArray(series.Select(s => (JsonNode)new JsonObject { ["name"] = Text(s.Name), ["data"] = Data(s.Values) }).ToArray());
        o["colors"] = Array(series.Select((s, i) => ColorOf(i, s.Name)));
        o["fill"] = new JsonObject { ["opacity"] = 1 };
        o["plotOptions"] = new JsonObject { ["bar"] = new JsonObject { ["columnWidth"] = "70%" } };
        o["xaxis"] = new JsonObject { ["categories"] = Texts(labels), ["labels"] = new JsonObject { ["rotate"] = -45, ["hideOverlappingLabels"] = true }, ["tickAmount"] = Math.Min(labels.Count, 14) };
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
    /// extra hatched series inside the growth chart it cost 650 ms of drawing (measured).
    /// </summary>
    public static JsonObject Projection(IReadOnlyList<ChartSeries> soFar, IReadOnlyList<double> projected, bool dark, int height = 340)
    {
        var o = Base("bar", dark, height, stacked: true);
        o["series"] = new JsonArray(soFar.Select((s, i) => (JsonNode)new JsonObject
        {
            ["name"] = Text(s.Name),
            ["data"] = Data(new[] { s.Values[^1], Math.Round(projected[i]) }),
        }).ToArray());
        o["colors"] = Array(soFar.Select((s, i) => ColorOf(i, s.Name)));
        o["fill"] = new JsonObject { ["opacity"] = 0.9 };
        o["legend"] = new JsonObject { ["show"] = false };
        o["plotOptions"] = new JsonObject { ["bar"] = new JsonObject { ["columnWidth"] = "60%" } };
        o["xaxis"] = new JsonObject { ["categories"] = Array(["So far", "Projected"]) };
        o["rwYFormat"] = "compact";
        return o;
    }

    /// <summary>Market share over time: stacked areas of each series' percentage of its bucket (computed here, so the chart shows exact shares).</summary>
    public static JsonObject ShareAreas(IReadOnlyList<string> labels, IReadOnlyList<ChartSeries> series, bool dark, int height = 320)
    {
        var o = Base("area", dark, height, stacked: true);
        o["chart"]!["stackOnlyBar"] = false;
        var totals = Enumerable.Range(0, labels.Count).Select(i => series.Sum(s => s.Values[i])).ToArray();
        o["series"] = new JsonArray(series.Select(s => (JsonNode)new JsonObject
        {
            ["name"] = Text(s.Name),
            ["data"] = Data(s.Values.Select((v, i) => totals[i] == 0 ? 0 : Math.Round(v / totals[i] * 100, 2))),
        }).ToArray());
        o["yaxis"] = new JsonObject { ["max"] = 100, ["min"] = 0, ["tickAmount"] = 4 };
        o["colors"] = Array(series.Select((s, i) => ColorOf(i, s.Name)));
        o["stroke"] = new JsonObject { ["width"] = 1, ["curve"] = "straight" };
        o["fill"] = new JsonObject { ["type"] = "solid", ["opacity"] = 0.85 };
        o["xaxis"] = new JsonObject { ["categories"] = Texts(labels), ["labels"] = new JsonObject { ["rotate"] = -45, ["hideOverlappingLabels"] = true }, ["tickAmount"] = Math.Min(labels.Count, 14) };
        o["rwYFormat"] = "percent";
        return o;
    }

    public static JsonObject Donut(IReadOnlyList<string> labels, IReadOnlyList<double> values, bool dark, int height = 320)
    {
        var o = Base("donut", dark, height);
        o["series"] = Data(values);
        o["labels"] = Texts(labels);
        o["colors"] = Array(labels.Select((l, i) => ColorOf(i, l)));
        o["dataLabels"] = new JsonObject { ["enabled"] = true };
        o["rwTooltipFormat"] = "compact";
        return o;
    }

    /// <summary>Lines over time; <paramref name="yFormat"/> is compact, fraction (0..1 shown as %) or usd.</summary>
    public static JsonObject Lines(IReadOnlyList<string> labels, IReadOnlyList<(string Name, IReadOnlyList<double?> Values)> series, bool dark,
        string yFormat = "compact", int height = 280, bool reversed = false)
    {
        var o = Base("line", dark, height);
        o["series"] = new JsonArray(series.Select(s => (JsonNode)new JsonObject { ["name"] = Text(s.Name), ["data"] = Data(s.Values) }).ToArray());
        o["colors"] = Array(series.Select((s, i) => ColorOf(i, s.Name)));
        o["stroke"] = new JsonObject { ["width"] = 2, ["curve"] = "straight" };
        o["markers"] = new JsonObject { ["size"] = 3 };
        o["xaxis"] = new JsonObject { ["categories"] = Texts(labels), ["labels"] = new JsonObject { ["rotate"] = -45, ["hideOverlappingLabels"] = true }, ["tickAmount"] = Math.Min(labels.Count, 14) };
        if (reversed) o["yaxis"] = new JsonObject { ["reversed"] = true, ["min"] = 1, ["forceNiceScale"] = true, ["decimalsInFloat"] = 0 };
        o["rwYFormat"] = yFormat;
        return o;
    }
}
