namespace RankingsWeb.Data.Queries;

/// <summary>What a series shows per bucket.</summary>
public enum Metric
{
    Tokens, TokensPrompt, TokensCompletion, TokensReasoning, Requests, Cost,
    TokensPerRequest, PromptPerRequest, CompletionPerRequest, ReasoningShare, CostPerMillion,
}

/// <summary>
/// One series metric, described once: a bucket's value is <c>SUM(Numerator)</c>, divided by <c>SUM(Denominator)</c>
/// for a ratio, divided by <see cref="Divisor"/>. Ratios divide the bucket's own sums (never an average of averages), and
/// so does Others. A ratio whose denominator sums to 0 is 0, like a bucket with no records (contract: buckets with
/// no records are present with 0), so every value is a number and a chart draws a gap as 0 for every metric alike.
/// </summary>
/// <param name="Slug">Its name in <c>metric=</c>. Public contract.</param>
/// <param name="Numerator">A rollup column expression, summed per key and day.</param>
/// <param name="Denominator">For a ratio, the column expression it is divided by; null for an additive metric.</param>
/// <param name="Divisor">Turns the stored unit into the answered one (cost is stored in nano-USD). A divisor rather than
/// a factor: decimal division keeps no trailing zeros, so 0.12 USD is answered as 0.12, not 0.120000000.</param>
public sealed record MetricInfo(Metric Metric, string Slug, string Numerator, string? Denominator, decimal Divisor)
{
    /// <summary>Decimal places of a ratio's value: nano precision, like cost; enough for a share and for USD per million tokens.</summary>
    public const int RatioDecimals = 9;

    public bool IsRatio => Denominator is not null;

    /// <summary>
    /// What ranks an entity for a series' top N over the whole window: the metric itself when it adds up; tokens for a
    /// ratio, since a ratio over the window would let an entity with one large request lead, and a sum of ratios means
    /// nothing. So a ratio chart shows the same entities, in the same order, as the tokens chart of the same window.
    /// </summary>
    public string RankBy => IsRatio ? MetricNames.TokensSql : Numerator;

    /// <summary>The value of summed <paramref name="numerator"/> and <paramref name="denominator"/> (the latter ignored unless a ratio).</summary>
    public decimal Value(long numerator, long denominator)
    {
        if (!IsRatio) return numerator / Divisor;
        return denominator == 0 ? 0 : Math.Round((decimal)numerator / denominator / Divisor, RatioDecimals, MidpointRounding.AwayFromZero);
    }
}

/// <summary>The series metrics' URL names and the rollup sums behind them.</summary>
public static class MetricNames
{
    internal const string TokensSql = "tokens_prompt + tokens_completion";

    /// <summary>Every metric, in the order messages and pages list them.</summary>
    public static readonly IReadOnlyList<MetricInfo> All =
    [
        new(Metric.Tokens, "tokens", TokensSql, null, 1),
        new(Metric.TokensPrompt, "tokens_prompt", "tokens_prompt", null, 1),
        new(Metric.TokensCompletion, "tokens_completion", "tokens_completion", null, 1),
        new(Metric.TokensReasoning, "tokens_reasoning", "tokens_reasoning", null, 1),
        new(Metric.Requests, "requests", "requests", null, 1),
        new(Metric.Cost, "cost", "cost_nanos", null, 1_000_000_000m),
        new(Metric.TokensPerRequest, "tokens_per_request", TokensSql, "requests", 1),
        new(Metric.PromptPerRequest, "prompt_per_request", "tokens_prompt", "requests", 1),
        new(Metric.CompletionPerRequest, "completion_per_request", "tokens_completion", "requests", 1),
        new(Metric.ReasoningShare, "reasoning_share", "tokens_reasoning", "tokens_completion", 1),
        // nano-USD per token × 10⁶ tokens ÷ 10⁹ nano-USD per USD
        new(Metric.CostPerMillion, "cost_per_million", "cost_nanos", TokensSql, 1_000m),
    ];

    /// <summary>The slugs, comma-separated, for messages ("metric must be one of …").</summary>
    public static readonly string SlugList = string.Join(", ", All.Select(m => m.Slug));

    public static MetricInfo Info(this Metric m) => All.First(x => x.Metric == m);

    /// <summary>A missing metric is tokens.</summary>
    public static bool TryParse(string? text, out Metric m)
    {
        m = Metric.Tokens;
        if (text is null) return true;
        if (All.FirstOrDefault(x => x.Slug == text) is not { } info) return false;
        m = info.Metric;
        return true;
    }

    public static string Slug(Metric m) => m.Info().Slug;

    /// <summary>The summed column expression of an additive metric (a ratio's numerator).</summary>
    public static string Sql(Metric m) => m.Info().Numerator;
}
