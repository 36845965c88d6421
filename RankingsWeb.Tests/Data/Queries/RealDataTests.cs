using System.Globalization;
using System.Text;
using RankingsWeb.Data.Aggregation;
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
    private sealed record Row(string Date, string ModelId, long Requests, long Prompt, long Completion, long Cached, long Reasoning);

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
            rows.Add(new Row(f[Col("date")], f[Col("model_id")], L("requests"), L("prompt_tokens"), L("completion_tokens"), L("cached_prompt_tokens"), L("reasoning_tokens")));
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
        await db.Get<IRollupFolder>().FoldAsync(CancellationToken.None);

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
}
