namespace RankingsWeb.Data.Entities;

/// <summary>Daily sums per (day, model, variant, app, category, provider). Empty string means "none" for app and provider.</summary>
public sealed class Rollup
{
    public int Day { get; set; }
    public required string ModelKey { get; set; }
    public required string Variant { get; set; }
    public required string AppKey { get; set; }
    public required string Category { get; set; }
    public required string Provider { get; set; }
    public required string Author { get; set; }
    public long TokensPrompt { get; set; }
    public long TokensCompletion { get; set; }
    public long TokensReasoning { get; set; }
    public long TokensCached { get; set; }
    /// <summary>Generations: the sum of the records' <c>requests</c> (contract v1.1; one per record before it).</summary>
    public long Requests { get; set; }
    public long CostNanos { get; set; }
    /// <summary>Tool calls (contract v1.1), summed like the tokens.</summary>
    public long ToolCalls { get; set; }
}
