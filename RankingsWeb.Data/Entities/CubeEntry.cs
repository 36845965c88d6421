namespace RankingsWeb.Data.Entities;

/// <summary>SQLite only: one day of one <see cref="CubeKey"/>'s sums (see <see cref="CubeKey"/>).</summary>
public sealed class CubeEntry
{
    public int Day { get; set; }
    public long KeyId { get; set; }
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
