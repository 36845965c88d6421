namespace RankingsWeb.Data.Queries;

/// <summary>What a series adds up per bucket.</summary>
public enum Metric { Tokens, TokensPrompt, TokensCompletion, TokensReasoning, Requests, Cost }

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
        _ => "cost",
    };

    public static string Sql(Metric m) => m switch
    {
        Metric.Tokens => "tokens_prompt + tokens_completion",
        Metric.TokensPrompt => "tokens_prompt",
        Metric.TokensCompletion => "tokens_completion",
        Metric.TokensReasoning => "tokens_reasoning",
        Metric.Requests => "requests",
        _ => "cost_nanos",
    };
}
