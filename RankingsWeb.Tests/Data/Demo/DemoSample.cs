using System.Globalization;
using System.Text.Json;
using RankingsWeb.Data.Catalog;
using RankingsWeb.Data.Demo;
using RankingsWeb.Data.Queries;
using RankingsWeb.Tests.Data.Catalog;

namespace RankingsWeb.Tests.Data.Demo;

/// <summary>One demo record as emitted, read back from its NDJSON independently of the product's parser.</summary>
public sealed record DemoLine(
    string Id, int Day, string Model, string Variant, string? Provider, string? App, string Category,
    long Requests, long Prompt, long Completion, long Reasoning, long Cached, long ToolCalls, double Cost)
{
    public long Tokens => Prompt + Completion;
    public string Author => Model.Split('/')[0];
}

/// <summary>Token sums of a set of records, and the ratios the tests compare.</summary>
public sealed record DemoTotals(double Requests, double Prompt, double Completion, double Reasoning, double Cached, double ToolCalls, double Cost)
{
    public double Tokens => Prompt + Completion;
    public double CompletionShare => Completion / Tokens;
    public double CachedShare => Cached / Prompt;
    public double ReasoningShare => Reasoning / Completion;
    public double PromptPerRequest => Prompt / Requests;
    public double ToolCallsPerRequest => ToolCalls / Requests;

    public static DemoTotals Of(IEnumerable<DemoLine> lines)
    {
        double q = 0, p = 0, c = 0, r = 0, k = 0, t = 0, s = 0;
        foreach (var l in lines) { q += l.Requests; p += l.Prompt; c += l.Completion; r += l.Reasoning; k += l.Cached; t += l.ToolCalls; s += l.Cost; }
        return new(q, p, c, r, k, t, s);
    }
}

/// <summary>
/// The default demo (the seeder's day count and record count) generated once for a fixed end day, read back line by
/// line; and the real 14-day sample's figures, computed from its CSV.
/// </summary>
public sealed class DemoSample
{
    public static readonly int EndDay = Days.FromDate(new DateOnly(2026, 11, 28));
    public static readonly RankingsWeb.Data.RankingsOptions Defaults = new();

    public int Records { get; }
    public IReadOnlyList<DemoLine> Lines { get; }
    public DemoTotals Real { get; }
    public double RealTop10Share { get; }
    public double RealFreeShare { get; }

    public DemoSample()
    {
        var lines = new List<DemoLine>();
        foreach (var chunk in new DemoDataGenerator(EndDay, 1.0, Defaults.DemoDays, Defaults.DemoRecords).NdjsonChunks())
            foreach (var line in chunk.AsSpan().Split((byte)'\n'))
                if (!chunk.AsSpan()[line].IsEmpty) lines.Add(Read(chunk.AsSpan()[line]));
        Lines = lines;
        Records = lines.Count;

        var rows = File.ReadAllLines(NameCatalogTests.RealDataPath()).Skip(1).Select(l => l.Split(',')).ToList();
        long L(string[] f, int i) => long.Parse(f[i], CultureInfo.InvariantCulture);
        Real = new(rows.Sum(f => (double)L(f, 4)), rows.Sum(f => (double)L(f, 5)), rows.Sum(f => (double)L(f, 6)),
            rows.Sum(f => (double)L(f, 8)), rows.Sum(f => (double)L(f, 7)), rows.Sum(f => (double)L(f, 14)), 0);
        var byModel = rows.GroupBy(f => f[1].Split(':')[0]).Select(g => g.Sum(f => (double)(L(f, 5) + L(f, 6)))).OrderDescending().ToList();
        RealTop10Share = byModel.Take(10).Sum() / byModel.Sum();
        RealFreeShare = rows.Where(f => f[3] == "free").Sum(f => (double)(L(f, 5) + L(f, 6))) / byModel.Sum();
    }

    /// <summary>Records of the days [from, to) counted from the end: (14, 0) is the last fortnight.</summary>
    public IEnumerable<DemoLine> Window(int daysBackFrom, int daysBackTo) =>
        Lines.Where(l => l.Day > EndDay - daysBackFrom && l.Day <= EndDay - daysBackTo);

    public IEnumerable<DemoLine> FirstDays(int days) => Lines.Where(l => l.Day < EndDay - Defaults.DemoDays + 1 + days);

    public static double Top10Share(IEnumerable<DemoLine> lines)
    {
        var byModel = lines.GroupBy(l => l.Model).Select(g => g.Sum(l => (double)l.Tokens)).OrderDescending().ToList();
        return byModel.Take(10).Sum() / byModel.Sum();
    }

    public static double Share(IEnumerable<DemoLine> lines, Func<DemoLine, bool> which, Func<DemoLine, double>? measure = null)
    {
        measure ??= l => l.Tokens;
        double part = 0, all = 0;
        foreach (var l in lines) { var v = measure(l); all += v; if (which(l)) part += v; }
        return part / all;
    }

    /// <summary>Open weights from a Chinese author, as the catalog says (the weights and origins dimensions).</summary>
    public static bool OpenChinese(DemoLine l) =>
        NameCatalog.BuiltIn.Weights(l.Model) == NameCatalog.Open && NameCatalog.BuiltIn.Origin(l.Author) == "cn";

    private static DemoLine Read(ReadOnlySpan<byte> json)
    {
        using var doc = JsonDocument.Parse(json.ToArray());
        var e = doc.RootElement;
        string? S(string name) => e.TryGetProperty(name, out var v) ? v.GetString() : null;
        long N(string name) => e.TryGetProperty(name, out var v) ? v.GetInt64() : 0;
        var model = S("model")!;
        var colon = model.IndexOf(':');
        var at = DateTimeOffset.Parse(S("created_at")!, CultureInfo.InvariantCulture);
        var app = S("app_url") ?? S("app_title");
        return new DemoLine(S("id")!, (int)(at.ToUnixTimeMilliseconds() / 86_400_000), colon < 0 ? model : model[..colon], colon < 0 ? "none" : model[(colon + 1)..],
            S("provider"), app, S("category") ?? "uncategorized", e.TryGetProperty("requests", out var rq) ? rq.GetInt64() : 1,
            N("tokens_prompt"), N("tokens_completion"), N("tokens_reasoning"), N("tokens_cached"), N("tool_calls"), e.GetProperty("cost").GetDouble());
    }
}
