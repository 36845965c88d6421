using System.Text.Json.Nodes;
using RankingsWeb.Components.Charts;

namespace RankingsWeb.Tests.Web.Components;

/// <summary>The growth page's chart shapes: a waterfall whose bars land where the running sum says, and named scatter points.</summary>
public sealed class GrowthChartOptionsTests
{
    private static double[] Values(JsonObject o, int series) =>
        o["series"]![series]!["data"]!.AsArray().Select(v => v!.GetValue<double>()).ToArray();

    [Fact]
    public void Waterfall_EachStepFloatsFromTheRunningSum()
    {
        var o = ChartOptions.Waterfall(
        [
            new("Previous window", 100, IsTotal: true),
            new("Gainer", 50),
            new("Loser", -30),
            new("Others", -20),
            new("This window", 100, IsTotal: true),
        ]);
        var (baseline, total, up, down) = (Values(o, 0), Values(o, 1), Values(o, 2), Values(o, 3));
        Assert.Equal([0, 100, 120, 100, 0], baseline);
        Assert.Equal([100, 0, 0, 0, 100], total);
        Assert.Equal([0, 50, 0, 0, 0], up);
        Assert.Equal([0, 0, 30, 20, 0], down);
        // Every bar ends where the next starts: base + up is the running sum after a gain, base + down before a loss.
        Assert.Equal("transparent", o["colors"]![0]!.GetValue<string>());
        Assert.Equal(["Previous window", "Gainer", "Loser", "Others", "This window"],
            o["xaxis"]!["categories"]!.AsArray().Select(c => c!.GetValue<string>()));
        Assert.Equal([1, 2, 3], o["tooltip"]!["enabledOnSeries"]!.AsArray().Select(v => v!.GetValue<int>()));
    }

    [Fact]
    public void Waterfall_NamesAreDisplayTextWithoutBidiControls()
    {
        var o = ChartOptions.Waterfall([new("A\u202Eevil", 5), new("<b>x</b>", -5)]);
        var labels = o["xaxis"]!["categories"]!.AsArray().Select(c => c!.GetValue<string>()).ToList();
        Assert.DoesNotContain(labels, l => l.Contains('\u202E'));
        Assert.Equal("<b>x</b>", labels[1]); // raw here: apexchart.js escapes on the HTML surfaces
    }

    [Fact]
    public void Scatter_OneNamedSeriesPerPoint_FormatsForBothAxes()
    {
        var o = ChartOptions.Scatter([new("M1", 0.5, 1000, "m1"), new("M2", 2, 10, "m2")], "Price", "Tokens", "usd", "compact", logY: true);
        Assert.Equal(2, o["series"]!.AsArray().Count);
        Assert.Equal("M2", o["series"]![1]!["name"]!.GetValue<string>());
        Assert.Equal("[[2,10]]", o["series"]![1]!["data"]!.ToJsonString());
        Assert.True(o["yaxis"]!["logarithmic"]!.GetValue<bool>());
        Assert.Equal("usd", o["rwXFormat"]!.GetValue<string>());
        Assert.Equal("compact", o["rwYFormat"]!.GetValue<string>());
    }
}
