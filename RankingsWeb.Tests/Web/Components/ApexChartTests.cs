using System.Text.Json.Nodes;
using Bunit;
using Microsoft.AspNetCore.Components;
using RankingsWeb.Components.Charts;

namespace RankingsWeb.Tests.Web.Components;

public class ApexChartTests : BunitContext
{
    private readonly BunitJSModuleInterop _module;

    public ApexChartTests()
    {
        _module = JSInterop.SetupModule("./js/apexchart.js");
        _module.SetupModule(inv => inv.Identifier == "create");
        _module.SetupVoid("update", _ => true);
        _module.SetupVoid("destroy", _ => true);
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    private static JsonObject Options(double value) =>
        ChartOptions.StackedBars(["Mon"], [new ChartSeries("A", [value])]);

    [Fact]
    public void FirstRender_ImportsModuleAndCreatesChartWithOptions()
    {
        var cut = Render<ApexChart>(p => p.Add(x => x.Options, Options(5)).Add(x => x.Label, "Tokens"));
        var create = Assert.Single(_module.Invocations["create"]);
        Assert.Contains("\"data\":[5]", ((JsonNode)create.Arguments[1]!).ToJsonString());
        Assert.Equal("Tokens", cut.Find("div.rw-chart").GetAttribute("aria-label"));
        Assert.Empty(_module.Invocations["update"]);
    }

    [Fact]
    public void NewOptions_UpdatesInPlace_SameOptions_DoesNothing()
    {
        var cut = Render<ApexChart>(p => p.Add(x => x.Options, Options(5)).Add(x => x.Label, "Tokens"));
        cut.Render(p => p.Add(x => x.Options, Options(5)));
        Assert.Empty(_module.Invocations["update"]);
        cut.Render(p => p.Add(x => x.Options, Options(7)));
        var update = Assert.Single(_module.Invocations["update"]);
        Assert.Contains("\"data\":[7]", ((JsonNode)update.Arguments[1]!).ToJsonString());
        Assert.Single(_module.Invocations["create"]);
    }

    [Fact]
    public void StaticRender_CarriesTheOptionsInThePage_AndCallsNoJavaScript()
    {
        SetRendererInfo(new RendererInfo("Static", isInteractive: false));
        var cut = Render<ApexChart>(p => p.Add(x => x.Options, Options(5)).Add(x => x.Label, "Tokens"));
        var json = cut.Find(".rw-chart").GetAttribute("data-rw-chart");
        Assert.Equal(Options(5).ToJsonString(), json);
        Assert.Empty(_module.Invocations["create"]);
    }

    [Fact]
    public async Task Dispose_DestroysChart()
    {
        Render<ApexChart>(p => p.Add(x => x.Options, Options(5)).Add(x => x.Label, "Tokens"));
        await DisposeComponentsAsync();
        Assert.Single(_module.Invocations["destroy"]);
    }
}

public class ChartOptionsTests
{
    [Fact]
    public void StackedBars_PartialBucket_MarkedOnTheAxis()
    {
        var o = ChartOptions.StackedBars(["w1", "w2"], [new ChartSeries("A", [10, 4])], partialLast: true);
        Assert.Equal("w2", o["annotations"]!["xaxis"]![0]!["x"]!.GetValue<string>());
        Assert.Null(ChartOptions.StackedBars(["w1", "w2"], [new ChartSeries("A", [10, 4])])["annotations"]);
    }

    [Fact]
    public void EveryBuilder_NamesAndLabelsWithoutBidiControls_OtherwiseRaw()
    {
        const string name = "AT&T <b> \u202Egnp.exe\u2069";
        const string shown = "AT&T <b> gnp.exe";
        var series = new[] { new ChartSeries(name, [1, 2]) };
        var all = new[]
        {
            ChartOptions.StackedBars([name, name], series, partialLast: true),
            ChartOptions.Projection(series, [3, 4]),
            ChartOptions.ShareAreas([name, name], series),
            ChartOptions.Lines([name, name], [(name, [1.0, 2.0])]),
            ChartOptions.Donut([name], [1]),
        };
        foreach (var o in all)
        {
            var json = o.ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
            Assert.DoesNotMatch("[\u202A-\u202E\u2066-\u2069]", json);
            Assert.Contains(shown, json);
        }
    }

    [Fact]
    public void Projection_PerEntitySoFarAndProjectedInItsColour()
    {
        var o = ChartOptions.Projection([new ChartSeries("A", [10, 4]), new ChartSeries("B", [6, 3])], [8, 6.4]);
        var series = o["series"]!.AsArray();
        Assert.Equal(2, series.Count);
        Assert.Equal([4d, 8d], series[0]!["data"]!.AsArray().Select(v => v!.GetValue<double>()));
        Assert.Equal([3d, 6d], series[1]!["data"]!.AsArray().Select(v => v!.GetValue<double>()));
        Assert.Equal(ChartColors.For(["A", "B"]), o["colors"]!.AsArray().Select(c => c!.GetValue<string>()));
    }

    [Fact]
    public void Colours_FollowTheKey_NotThePosition_AndNeverRepeatWithinAChart()
    {
        var alone = ChartColors.For(["openai/gpt-5"]);
        var later = ChartColors.For(["google/gemini-2.5-pro", "anthropic/claude-sonnet-4.5", "openai/gpt-5"]);
        Assert.Equal(alone[0], later[2]);
        Assert.Equal(ChartColors.OthersColor, ChartColors.For(["x", "others"])[1]);
        Assert.Equal(ChartColors.For([ChartColors.Reasoning]), ChartColors.For(["a", ChartColors.Reasoning]).Skip(1));
        var many = ChartColors.For(Enumerable.Range(0, 20).Select(i => $"author/model-{i}"));
        Assert.Equal(20, many.Distinct().Count());
    }

    [Fact]
    public void ShareAreas_EachBucketSumsTo100()
    {
        var o = ChartOptions.ShareAreas(["d1", "d2"], [new ChartSeries("A", [1, 0]), new ChartSeries("B", [3, 0])]);
        var a = o["series"]![0]!["data"]!.AsArray().Select(v => v!.GetValue<double>()).ToList();
        var b = o["series"]![1]!["data"]!.AsArray().Select(v => v!.GetValue<double>()).ToList();
        Assert.Equal([25d, 0d], a);
        Assert.Equal([75d, 0d], b);
    }

    // An all-zero share (an app whose models never reason) was drawn on an axis to 200% (found by an outsider).
    [Fact]
    public void Lines_FractionWithNothingInIt_AxisEndsAtOneHundredPercent()
    {
        var empty = ChartOptions.Lines(["a", "b"], [("Reasoning share", [0.0, null])], "fraction");
        Assert.Equal(1, empty["yaxis"]!["max"]!.GetValue<int>());
        var some = ChartOptions.Lines(["a", "b"], [("Reasoning share", [0.0, 0.4])], "fraction");
        Assert.Null(some["yaxis"]!["max"]);
        var counts = ChartOptions.Lines(["a", "b"], [("Tokens", [0.0, 0.0])]);
        Assert.Null(counts["yaxis"]!["max"]);
    }

    // An app seen on one day had a rank history of one point between gaps, drawn as a 3 px dot: the chart looked empty.
    [Fact]
    public void Lines_PointWithNoNeighbour_GetsItsOwnMarker()
    {
        var o = ChartOptions.Lines(["a", "b", "c", "d", "e"],
            [("Overall", [null, null, 38.0, null, null]), ("Within", [1.0, 2.0, null, 4.0, null]), ("Alone", [7.0])], "rank");
        var colors = o["colors"]!.AsArray().Select(c => c!.GetValue<string>()).ToList();
        var marked = o["markers"]!["discrete"]!.AsArray()
            .Select(m => (Series: m!["seriesIndex"]!.GetValue<int>(), Point: m["dataPointIndex"]!.GetValue<int>(), Color: m["fillColor"]!.GetValue<string>()))
            .ToList();
        // Overall at c; Within's d (its a-b pair is a line); a series of one value.
        Assert.Equal([(0, 2, colors[0]), (1, 3, colors[1]), (2, 0, colors[2])], marked);
        Assert.Empty(ChartOptions.Lines(["a", "b"], [("Tokens", [1.0, 2.0])])["markers"]!["discrete"]!.AsArray());
    }
}
