namespace RankingsWeb.Data.Queries;

/// <summary>What a series adds up per bucket.</summary>
public enum Metric { Tokens, TokensPrompt, TokensCompletion, TokensReasoning, Requests, Cost, ToolCalls, ToolCallsPerRequest }

/// <summary>The series metrics' URL names and the rollup sums behind them.</summary>
public static class MetricNames
{
    public static bool TryParse(string? text, out Metric m)
    {
        m = Metric.Tokens;
        switch (text)
        {
            case null or "tokens": return true;
            case "tokens_prompt": m = Metric.TokensPrompt; return true;
            case "tokens_completion": m = Metric.TokensCompletion; return true;
            case "tokens_reasoning": m = Metric.TokensReasoning; return true;
            case "requests": m = Metric.Requests; return true;
            case "cost": m = Metric.Cost; return true;
            case "tool_calls": m = Metric.ToolCalls; return true;
            case "tool_calls_per_request": m = Metric.ToolCallsPerRequest; return true;
            default: return false;
        }
    }

    public static string Slug(Metric m) => m switch
    {
        Metric.Tokens => "tokens",
        Metric.TokensPrompt => "tokens_prompt",
        Metric.TokensCompletion => "tokens_completion",
        Metric.TokensReasoning => "tokens_reasoning",
        Metric.Requests => "requests",
        Metric.ToolCalls => "tool_calls",
        Metric.ToolCallsPerRequest => "tool_calls_per_request",
        _ => "cost",
    };

    /// <summary>Every metric's URL name, for error messages.</summary>
    public static string SlugList => string.Join(", ", Enum.GetValues<Metric>().Select(Slug));

    /// <summary>What a bucket sums: the metric itself, or a ratio metric's numerator (see <see cref="Denominator"/>).</summary>
    public static string Sql(Metric m) => m switch
    {
        Metric.ToolCalls or Metric.ToolCallsPerRequest => "tool_calls",
        Metric.Tokens => "tokens_prompt + tokens_completion",
        Metric.TokensPrompt => "tokens_prompt",
        Metric.TokensCompletion => "tokens_completion",
        Metric.TokensReasoning => "tokens_reasoning",
        Metric.Requests => "requests",
        _ => "cost_nanos",
    };

    /// <summary>
    /// A ratio metric's denominator, null for a sum. A ratio is computed from the bucket's sums, SUM(numerator) /
    /// SUM(denominator), never as an average of per-day or per-record ratios, and 0 where the denominator sums to 0.
    /// </summary>
    public static string? Denominator(Metric m) => m switch
    {
        Metric.ToolCallsPerRequest => "requests",
        _ => null,
    };
}
