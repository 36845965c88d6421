using System.Globalization;
using System.Text;
using RankingsWeb.Data.Catalog;
using RankingsWeb.Data.Demo;
using RankingsWeb.Data.Ingestion;
using RankingsWeb.Data.Queries;
using Xunit.Abstractions;

namespace RankingsWeb.Tests.Data.Demo;

/// <summary>
/// The default demo's shape, read from the NDJSON it emits: its last fortnight against the real 14-day sample
/// (../shared/realdata), the story over two years against the public figures (../shared/domain.md), and every record
/// within the contract's bounds.
/// </summary>
public class DemoShapeTests(DemoSample demo, ITestOutputHelper output) : IClassFixture<DemoSample>
{
    private IEnumerable<DemoLine> LastFortnight => demo.Window(14, 0);
    private IEnumerable<DemoLine> LastMonth => demo.Window(30, 0);
    private IEnumerable<DemoLine> FirstMonth => demo.FirstDays(30);

    [Fact]
    public void Report_DemoAgainstTheRealSample()
    {
        var d = DemoTotals.Of(LastFortnight);
        var r = demo.Real;
        var s = new StringBuilder();
        void Row(string what, double demoValue, double real, string format) =>
            s.AppendLine(CultureInfo.InvariantCulture, $"| {what} | {demoValue.ToString(format, CultureInfo.InvariantCulture)} | {real.ToString(format, CultureInfo.InvariantCulture)} |");
        s.AppendLine($"records {demo.Records:N0}");
        Row("tokens a day (T)", d.Tokens / 14 / 1e12, r.Tokens / 14 / 1e12, "F2");
        Row("completion share of tokens", d.CompletionShare, r.CompletionShare, "P1");
        Row("cached share of prompt", d.CachedShare, r.CachedShare, "P1");
        Row("reasoning share of completion", d.ReasoningShare, r.ReasoningShare, "P1");
        Row("prompt tokens per request", d.PromptPerRequest, r.PromptPerRequest, "N0");
        Row("completion tokens per request", d.Completion / d.Requests, r.Completion / r.Requests, "N0");
        Row("tool calls per request", d.ToolCallsPerRequest, r.ToolCallsPerRequest, "F3");
        Row("top-10 models' share of tokens", DemoSample.Top10Share(LastFortnight), demo.RealTop10Share, "P1");
        Row(":free share of tokens", DemoSample.Share(LastFortnight, l => l.Variant == "free"), demo.RealFreeShare, "P1");
        Row("open Chinese share of tokens", DemoSample.Share(LastFortnight, DemoSample.OpenChinese), double.NaN, "P1");
        s.AppendLine("story (first 30 days -> last 30 days)");
        void Story(string what, Func<IEnumerable<DemoLine>, double> f, string format) =>
            s.AppendLine(CultureInfo.InvariantCulture, $"  {what}: {f(FirstMonth).ToString(format, CultureInfo.InvariantCulture)} -> {f(LastMonth).ToString(format, CultureInfo.InvariantCulture)}");
        Story("programming share", ls => DemoSample.Share(ls, l => l.Category == "programming"), "P1");
        Story("open Chinese share", ls => DemoSample.Share(ls, DemoSample.OpenChinese), "P1");
        Story("reasoning share of completion", ls => DemoTotals.Of(ls).ReasoningShare, "P1");
        Story("prompt per request", ls => DemoTotals.Of(ls).PromptPerRequest, "N0");
        Story("tool calls per request", ls => DemoTotals.Of(ls).ToolCallsPerRequest, "F3");
        Story("completion share", ls => DemoTotals.Of(ls).CompletionShare, "P1");
        Story("cached share", ls => DemoTotals.Of(ls).CachedShare, "P1");
        Story("tokens a day (T)", ls => DemoTotals.Of(ls).Tokens / 30 / 1e12, "F2");
        Story("anthropic token share", ls => DemoSample.Share(ls, l => l.Author == "anthropic"), "P1");
        Story("anthropic spend share", ls => DemoSample.Share(ls, l => l.Author == "anthropic", l => l.Cost), "P1");
        Story("top-10 share", DemoSample.Top10Share, "P1");
        var mid = demo.Window(395, 335).ToList();
        s.AppendLine("middle of the span: prompt per request by use case");
        foreach (var g in mid.GroupBy(l => l.Category).OrderBy(g => g.Key))
            s.AppendLine(CultureInfo.InvariantCulture, $"  {g.Key}: {DemoTotals.Of(g).PromptPerRequest:N0}");
        s.AppendLine("authors, last fortnight (tokens, spend)");
        var total = DemoTotals.Of(LastFortnight);
        foreach (var g in LastFortnight.GroupBy(l => l.Author).OrderByDescending(g => g.Sum(l => (double)l.Tokens)).Take(14))
            s.AppendLine(CultureInfo.InvariantCulture, $"  {g.Key}: {g.Sum(l => (double)l.Tokens) / total.Tokens:P1} {g.Sum(l => l.Cost) / total.Cost:P1}");
        s.AppendLine("models, last fortnight");
        foreach (var g in LastFortnight.GroupBy(l => l.Model).OrderByDescending(g => g.Sum(l => (double)l.Tokens)).Take(15))
            s.AppendLine(CultureInfo.InvariantCulture, $"  {g.Key}: {g.Sum(l => (double)l.Tokens) / total.Tokens:P1}");
        output.WriteLine(s.ToString());
    }

    [Fact]
    public void LastFortnight_MatchesTheRealSamplesRatios()
    {
        var d = DemoTotals.Of(LastFortnight);
        var r = demo.Real;
        Assert.InRange(d.CompletionShare, r.CompletionShare - 0.01, r.CompletionShare + 0.01);
        Assert.InRange(d.CachedShare, r.CachedShare - 0.04, r.CachedShare + 0.04);
        Assert.InRange(d.ReasoningShare, r.ReasoningShare - 0.08, r.ReasoningShare + 0.08);
        Assert.InRange(d.PromptPerRequest, r.PromptPerRequest * 0.85, r.PromptPerRequest * 1.15);
        Assert.InRange(d.ToolCallsPerRequest, r.ToolCallsPerRequest * 0.75, r.ToolCallsPerRequest * 1.25);
        Assert.InRange(DemoSample.Top10Share(LastFortnight), demo.RealTop10Share - 0.05, demo.RealTop10Share + 0.05);
        Assert.InRange(DemoSample.Share(LastFortnight, l => l.Variant == "free"), demo.RealFreeShare - 0.04, demo.RealFreeShare + 0.04);
        // Trillions a day, as in the sample (12T a day there).
        Assert.InRange(d.Tokens / 14, 8e12, 20e12);
    }

    [Fact]
    public void PromptsPerRequest_ByUseCase_AsTheStudyFound_AndGrowingSeveralfold()
    {
        // The middle of the span (the study's year): coding ~20k tokens a prompt, roleplay and technology ~5k.
        var middle = demo.Window(395, 335).ToList();
        double Prompt(string category) => DemoTotals.Of(middle.Where(l => l.Category == category)).PromptPerRequest;
        Assert.InRange(Prompt("programming"), 15_000, 25_000);
        Assert.InRange(Prompt("roleplay"), 3_500, 6_500);
        Assert.InRange(Prompt("technology"), 3_500, 6_500);
        Assert.True(DemoTotals.Of(LastMonth).PromptPerRequest > 4 * DemoTotals.Of(FirstMonth).PromptPerRequest);
    }

    [Fact]
    public void Story_ProgrammingReasoningToolsAndOpenChineseModelsRise()
    {
        Assert.InRange(DemoSample.Share(FirstMonth, l => l.Category == "programming"), 0.09, 0.14);
        Assert.True(DemoSample.Share(LastMonth, l => l.Category == "programming") > 0.5);
        Assert.True(DemoSample.Share(FirstMonth, DemoSample.OpenChinese) < 0.1);
        Assert.InRange(DemoSample.Share(LastMonth, DemoSample.OpenChinese), 0.27, 0.38);
        Assert.True(DemoTotals.Of(FirstMonth).ReasoningShare < 0.05);
        Assert.True(DemoTotals.Of(LastMonth).ReasoningShare > 0.4);
        Assert.True(DemoTotals.Of(LastMonth).ToolCallsPerRequest > 10 * DemoTotals.Of(FirstMonth).ToolCallsPerRequest);
    }

    [Fact]
    public void OneAuthor_HoldsAModestTokenShare_ButNearlyHalfTheSpend()
    {
        Assert.InRange(DemoSample.Share(LastMonth, l => l.Author == "anthropic"), 0.10, 0.15);
        Assert.InRange(DemoSample.Share(LastMonth, l => l.Author == "anthropic", l => l.Cost), 0.40, 0.52);
    }

    [Fact]
    public void Volume_GrowsYearOnYear_WithQuieterWeekends()
    {
        var days = DemoSample.Defaults.DemoDays;
        Assert.Equal(days, demo.Lines.Select(l => l.Day).Distinct().Count());
        Assert.Equal(DemoSample.EndDay - days + 1, demo.Lines.Min(l => l.Day));
        Assert.Equal(DemoSample.EndDay, demo.Lines.Max(l => l.Day));
        var growth = DemoTotals.Of(demo.Window(365, 0)).Tokens / DemoTotals.Of(demo.Window(730, 365)).Tokens;
        Assert.InRange(growth, 3, 15);
        Assert.True(DemoTotals.Of(demo.FirstDays(7)).Tokens > 1e12, "trillions a week from the start");

        var recent = demo.Window(56, 0).GroupBy(l => Days.ToDate(l.Day).DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday)
            .ToDictionary(g => g.Key, g => g.Sum(l => (double)l.Tokens) / g.Select(l => l.Day).Distinct().Count());
        Assert.InRange(recent[true] / recent[false], 0.7, 0.9);
    }

    [Fact]
    public void CheaperHosts_GainShareOfAModel()
    {
        // llama-3.3-70b runs the whole span on five hosts; chutes is the cheapest, together the dearest.
        bool Paid(DemoLine l) => l.Model == "meta-llama/llama-3.3-70b-instruct" && l.Variant == "none" && l.Provider is not null;
        double HostShare(IEnumerable<DemoLine> ls, string host) => DemoSample.Share(ls.Where(Paid), l => l.Provider == host);
        var first = demo.FirstDays(60).ToList();
        var last = demo.Window(120, 60).ToList();
        Assert.True(HostShare(last, "chutes") > 2 * HostShare(first, "chutes"));
        Assert.True(HostShare(last, "together") < HostShare(first, "together") / 2);
    }

    [Fact]
    public void Models_LaunchAndFade()
    {
        var firstMonthModels = FirstMonth.Select(l => l.Model).ToHashSet();
        var lastMonth = LastMonth.ToList();
        Assert.DoesNotContain("deepseek/deepseek-v4-flash", firstMonthModels);
        Assert.True(DemoSample.Share(lastMonth, l => l.Model == "deepseek/deepseek-v4-flash") > 0.05);
        Assert.True(DemoSample.Share(FirstMonth, l => l.Model == "anthropic/claude-3.5-sonnet") > 0.05);
        Assert.True(DemoSample.Share(lastMonth, l => l.Model == "anthropic/claude-3.5-sonnet") < 0.005);
    }

    [Fact]
    public void EveryModelAndAuthor_IsInTheCatalog_WithWeightsAndMostWithAnOrigin()
    {
        var models = demo.Lines.Select(l => l.Model).Distinct().ToList();
        var authors = models.Select(m => m.Split('/')[0]).Distinct();
        var providers = demo.Lines.Select(l => l.Provider).OfType<string>().Distinct();
        var missing = models.Where(m => !NameCatalog.BuiltIn.Knows(Dimension.Models, m) || NameCatalog.BuiltIn.Weights(m) == NameCatalog.Unknown).Select(m => "model " + m)
            .Concat(authors.Where(a => !NameCatalog.BuiltIn.Knows(Dimension.Authors, a)).Select(a => "author " + a))
            .Concat(providers.Where(p => !NameCatalog.BuiltIn.Knows(Dimension.Providers, p)).Select(p => "provider " + p)).ToList();
        Assert.Empty(missing);
    }

    [Fact]
    public void EveryRecord_KeepsTheContractsBounds_PerGeneration()
    {
        Assert.InRange(demo.Records, DemoSample.Defaults.DemoRecords * 0.9, DemoSample.Defaults.DemoRecords * 1.1);
        Assert.Equal(demo.Records, demo.Lines.Select(l => l.Id).Distinct(StringComparer.Ordinal).Count());
        foreach (var l in demo.Lines)
        {
            Assert.InRange(l.Requests, 1, RecordParser.MaxTokens);
            var most = RecordParser.MaxTokens * l.Requests;
            Assert.InRange(l.Prompt, 0, most);
            Assert.InRange(l.Completion, 0, most);
            Assert.InRange(l.Reasoning, 0, l.Completion);
            Assert.InRange(l.Cached, 0, l.Prompt);
            Assert.InRange(l.ToolCalls, 0, most);
            Assert.InRange(l.Cost, 0, 1_000_000.0 * l.Requests);
            if (l.Variant == "free") Assert.Equal(0, l.Cost);
        }
    }

    [Fact]
    public void EveryLine_PassesTheParser_OrBreaksOnlyThePerGenerationTokenBound()
    {
        // A parser that does not read `requests` yet (contract v1.0) holds each record to one generation's bound, and its cost to one
        // generation's $1M, so most of these aggregates are refused for them; they must break no other rule. A parser that reads it accepts them all.
        var now = DateTimeOffset.FromUnixTimeMilliseconds((DemoSample.EndDay + 1) * 86_400_000L);
        var chunk = new DemoDataGenerator(DemoSample.EndDay, 1.0, 730, 20_000).NdjsonChunks(100_000).Single();
        var n = 0;
        foreach (var range in chunk.AsSpan().Split((byte)'\n'))
        {
            var line = chunk.AsSpan()[range];
            if (line.IsEmpty) continue;
            var (record, rejection) = RecordParser.Parse(line, ++n, now);
            if (rejection is null)
            {
                Assert.StartsWith("demo-", record!.Id, StringComparison.Ordinal);
                continue;
            }
            foreach (var error in rejection.Error.Split("; "))
                Assert.True((error.StartsWith("tokens_", StringComparison.Ordinal) && error.Contains("from 0 to 1,000,000,000", StringComparison.Ordinal))
                    || error.StartsWith("cost must be a number from 0 to 1,000,000 USD", StringComparison.Ordinal), error);
        }
        Assert.True(n > 15_000);
    }

    [Fact]
    public void SameArguments_SameBytes_OtherSeed_OtherBytes()
    {
        byte[] Bytes(int seed) => [.. new DemoDataGenerator(DemoSample.EndDay, 0.5, 730, 5_000, seed).NdjsonChunks().SelectMany(c => c)];
        Assert.Equal(Bytes(7), Bytes(7));
        Assert.NotEqual(Bytes(7), Bytes(8));
    }

}
