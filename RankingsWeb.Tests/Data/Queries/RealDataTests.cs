using System.Globalization;
using System.Text;
using RankingsWeb.Data.Ingestion;
using RankingsWeb.Data.Queries;
using RankingsWeb.Tests.TestInfrastructure;

namespace RankingsWeb.Tests.Data.Queries;

/// <summary>
/// 14 days of real OpenRouter volumes (../shared/realdata, not shipped): 358 models, sparse days and
/// daily totals far beyond one record's bound. Each model-day is split into records of at most
/// 1e9 tokens per field; the rankings must give back the CSV's sums exactly.
/// </summary>
public class RealDataTests
{
    private sealed record Row(string Date, string ModelId, long Requests, long Prompt, long Completion, long Cached, long Reasoning, long ToolCalls)
    {
        public string ModelKey => ModelId.Split(':')[0];
        public long Tokens => Prompt + Completion;
        /// <summary>25 rows report more reasoning than completion, which the contract refuses: sent capped, as in the records.</summary>
        public long ReasoningSent => Math.Min(Reasoning, Completion);
    }

    private static string CsvPath()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "realdata", "token_mix_daily_by_model.csv");
            if (File.Exists(candidate)) return candidate;
        }
        throw new FileNotFoundException("../shared/realdata/token_mix_daily_by_model.csv not found above " + AppContext.BaseDirectory);
    }

    private static List<Row> ReadRows()
    {
        var lines = File.ReadAllLines(CsvPath());
        var header = lines[0].Split(',');
        int Col(string name) => Array.IndexOf(header, name);
        var rows = new List<Row>();
        foreach (var line in lines.Skip(1))
        {
            var f = line.Split(',');
            long L(string name) => long.Parse(f[Col(name)], CultureInfo.InvariantCulture);
            rows.Add(new Row(f[Col("date")], f[Col("model_id")], L("requests"), L("prompt_tokens"), L("completion_tokens"), L("cached_prompt_tokens"), L("reasoning_tokens"), L("tool_calls")));
        }
        return rows;
    }

    /// <summary>Splits a model-day into records within the per-record bounds, keeping cached ≤ prompt and reasoning ≤ completion.</summary>
    private static IEnumerable<string> ToRecords(Row row, int index)
    {
        const long cap = RecordParser.MaxTokens;
        var parts = (int)Math.Max(1, new[] { row.Prompt, row.Completion }.Max() / cap + 1);
        parts = (int)Math.Max(parts, Math.Min(row.Requests, 3));
        var cached = Math.Min(row.Cached, row.Prompt);
        var reasoning = Math.Min(row.Reasoning, row.Completion);
        for (var p = 0; p < parts; p++)
        {
            long Share(long total) => total / parts + (p < total % parts ? 1 : 0);
            var prompt = Share(row.Prompt);
            var completion = Share(row.Completion);
            var c = Math.Min(Share(cached), prompt);
            var r = Math.Min(Share(reasoning), completion);
            yield return $"{{\"id\":\"real-{index}-{p}\",\"created_at\":\"{row.Date}T12:00:00Z\",\"model\":\"{row.ModelId}\",\"tokens_prompt\":{prompt},\"tokens_completion\":{completion},\"tokens_reasoning\":{r},\"tokens_cached\":{c}}}";
        }
    }

    [Fact]
    public async Task RealVolumes_RankingsEqualCsvSums()
    {
        var rows = ReadRows();
        Assert.Equal(4805, rows.Count);
        await using var db = await TestDatabase.CreateAsync();
        var body = new StringBuilder();
        for (var i = 0; i < rows.Count; i++)
        {
            foreach (var line in ToRecords(rows[i], i)) body.Append(line).Append('\n');
        }
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(body.ToString()));
        var result = await db.Get<IngestionService>().IngestAsync(stream, IngestReader.Format.Ndjson, "realdata", CancellationToken.None);
        Assert.Empty(result.Rejected);
        await db.FoldPendingAsync();

        var queries = db.Get<RankingsQueries>();
        var from = Days.FromDate(new DateOnly(2026, 8, 14));
        var window = new DayWindow(from, from + 14);
        var models = await queries.RankingsAsync(Dimension.Models, window, Filters.None, 1000);
        Assert.Equal(rows.Sum(r => r.Prompt + r.Completion), models.TotalTokens);
        var expected = rows.GroupBy(r => r.ModelId.Split(':')[0]).ToDictionary(g => g.Key, g => g.Sum(r => r.Prompt + r.Completion));
        Assert.Equal(expected.Count, models.Items.Count); // every model-day produced records, so every model is ranked
        foreach (var item in models.Items) Assert.Equal(expected[item.Key], item.Tokens);

        var variants = await queries.RankingsAsync(Dimension.Variants, window, Filters.None, 10);
        Assert.Equal(rows.Where(r => r.ModelId.EndsWith(":free")).Sum(r => r.Prompt + r.Completion), variants.Items.Single(i => i.Key == "free").Tokens);

        // A sparse day, one model: the series bucket equals that CSV row.
        var sample = rows.Where(r => r.Prompt > 0).OrderBy(r => r.ModelId, StringComparer.Ordinal).First();
        var series = await queries.SeriesAsync(Dimension.Models, window, new Filters(Model: sample.ModelId.Split(':')[0]), Interval.Day, Metric.TokensReasoning, 1);
        var dayIndex = Days.FromDate(DateOnly.Parse(sample.Date, CultureInfo.InvariantCulture)) - from;
        var expectedReasoning = rows.Where(r => r.ModelId.Split(':')[0] == sample.ModelId.Split(':')[0] && r.Date == sample.Date).Sum(r => Math.Min(r.Reasoning, r.Completion));
        Assert.Equal(expectedReasoning, series.Series[0].Values[dayIndex]);
    }

    /// <summary>
    /// Contract v1.1 as an aggregating source uses it: each CSV row (one day and model) sent as ONE record carrying its
    /// requests and tool calls. Rankings per model and totals and series per day give back the CSV's sums exactly.
    /// </summary>
    [Fact]
    public async Task RealVolumes_OneAggregatedRecordPerRow_RankingsAndSeriesEqualCsvSums()
    {
        var rows = ReadRows();
        await using var db = await TestDatabase.CreateAsync();
        var body = new StringBuilder();
        for (var i = 0; i < rows.Count; i++)
        {
            var r = rows[i];
            body.Append($"{{\"id\":\"agg-{i}\",\"created_at\":\"{r.Date}T00:00:00Z\",\"model\":\"{r.ModelId}\",\"requests\":{r.Requests},")
                .Append($"\"tokens_prompt\":{r.Prompt},\"tokens_completion\":{r.Completion},\"tokens_reasoning\":{r.ReasoningSent},")
                .Append($"\"tokens_cached\":{r.Cached},\"tool_calls\":{r.ToolCalls}}}\n");
        }
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(body.ToString()));
        var result = await db.Get<IngestionService>().IngestAsync(stream, IngestReader.Format.Ndjson, "realdata", CancellationToken.None);
        Assert.Empty(result.Rejected);
        Assert.Equal(rows.Count, result.Accepted);
        Assert.Equal(rows.Count, await db.FoldPendingAsync()); // records, not the requests they sum

        var from = Days.FromDate(new DateOnly(2026, 8, 14));
        var window = new DayWindow(from, from + 14);
        var queries = db.Get<RankingsQueries>();

        // Per model.
        var models = await queries.RankingsAsync(Dimension.Models, window, Filters.None, 1000);
        var byModel = rows.GroupBy(r => r.ModelKey).ToDictionary(g => g.Key, g => g.ToList());
        Assert.Equal(byModel.Count, models.Items.Count);
        Assert.Equal(rows.Sum(r => r.Tokens), models.TotalTokens);
        foreach (var item in models.Items)
        {
            var g = byModel[item.Key];
            Assert.Equal(
                (g.Sum(r => r.Tokens), g.Sum(r => r.Prompt), g.Sum(r => r.Completion), g.Sum(r => r.ReasoningSent), g.Sum(r => r.Cached), g.Sum(r => r.Requests), g.Sum(r => r.ToolCalls)),
                (item.Tokens, item.TokensPrompt, item.TokensCompletion, item.TokensReasoning, item.TokensCached, item.Requests, item.ToolCalls));
        }

        // Per variant (the CSV's :free and :batch model ids).
        var variants = await queries.RankingsAsync(Dimension.Variants, window, Filters.None, 10);
        foreach (var variant in new[] { "free", "batch" })
        {
            var g = rows.Where(r => r.ModelId.EndsWith(":" + variant, StringComparison.Ordinal)).ToList();
            var item = variants.Items.Single(i => i.Key == variant);
            Assert.Equal((g.Sum(r => r.Tokens), g.Sum(r => r.Requests), g.Sum(r => r.ToolCalls)), (item.Tokens, item.Requests, item.ToolCalls));
        }

        // Per day: every sum.
        var totals = await db.Get<EntityQueries>().TotalsAsync(window, Filters.None, Interval.Day);
        Assert.Equal(14, totals.Count);
        foreach (var t in totals)
        {
            var g = rows.Where(r => Days.FromDate(DateOnly.Parse(r.Date, CultureInfo.InvariantCulture)) == t.Bucket).ToList();
            Assert.Equal(
                (g.Sum(r => r.Prompt), g.Sum(r => r.Completion), g.Sum(r => r.ReasoningSent), g.Sum(r => r.Cached), g.Sum(r => r.Requests), g.Sum(r => r.ToolCalls)),
                (t.Prompt, t.Completion, t.Reasoning, t.Cached, t.Requests, t.ToolCalls));
        }

        // Per day and model (a model's :free and :batch rows add up): each sum series, and tool calls per request as the
        // cell's tool calls over its requests.
        var cells = rows.GroupBy(r => (r.ModelKey, Day: Days.FromDate(DateOnly.Parse(r.Date, CultureInfo.InvariantCulture)) - from))
            .ToDictionary(g => g.Key, g => g.ToList());
        foreach (var (metric, numerator, denominator) in new (Metric, Func<Row, long>, Func<Row, long>?)[]
                 {
                     (Metric.Tokens, r => r.Tokens, null), (Metric.TokensPrompt, r => r.Prompt, null), (Metric.TokensCompletion, r => r.Completion, null),
                     (Metric.TokensReasoning, r => r.ReasoningSent, null), (Metric.Requests, r => r.Requests, null), (Metric.ToolCalls, r => r.ToolCalls, null),
                     (Metric.ToolCallsPerRequest, r => r.ToolCalls, r => r.Requests),
                 })
        {
            var series = await queries.SeriesAsync(Dimension.Models, window, Filters.None, Interval.Day, metric, 1000);
            Assert.DoesNotContain(series.Series, l => l.Key == RankingsQueries.OthersKey);
            foreach (var line in series.Series)
            {
                for (var d = 0; d < 14; d++)
                {
                    var cell = cells.GetValueOrDefault((line.Key, d)) ?? [];
                    decimal expected = denominator is null ? cell.Sum(numerator)
                        : cell.Sum(denominator) is var under and not 0 ? Ratio(cell.Sum(numerator), under) : 0m;
                    Assert.Equal(expected, line.Values[d]);
                }
            }
            // Every model with any of the sum has a line; a ratio's lines are ranked by tokens (MetricInfo.RankBy), so
            // for it every model with tokens (three of the sample's models have requests but no tokens).
            Assert.Equal(byModel.Count(g => g.Value.Sum(denominator is null ? numerator : r => r.Tokens) != 0), series.Series.Count);
        }
    }

    /// <summary>A series ratio as the API answers it: the quotient of the sums, to <see cref="RankingsWeb.Data.Queries.MetricInfo.RatioDecimals"/> places.</summary>
    private static decimal Ratio(long numerator, long denominator) =>
        Math.Round((decimal)numerator / denominator, RankingsWeb.Data.Queries.MetricInfo.RatioDecimals, MidpointRounding.AwayFromZero);
}
