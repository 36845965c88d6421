namespace RankingsWeb.Data.Entities;

/// <summary>
/// Daily sums per single dimension (the unfiltered reads: leaderboards, growth curves). Derived from
/// the same delta as <see cref="Rollup"/> in the same transaction; key "" is "none" (unattributed).
/// </summary>
public sealed class DimensionRollup
{
    public int Dimension { get; set; }
    public int Day { get; set; }
    public required string Key { get; set; }
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
