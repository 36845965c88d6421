namespace RankingsWeb.Data.Entities;

/// <summary>
/// PostgreSQL: one accepted usage record, a row each. Written by the usage store with raw SQL, never via change
/// tracking. SQLite stores records packed instead (<see cref="RecordBlockEntry"/>, <see cref="RecordIdEntry"/>).
/// </summary>
public sealed class UsageRecord
{
    /// <summary>Arrival order; the fold's high-water mark runs over it.</summary>
    public long Seq { get; set; }
    public required string Id { get; set; }
    /// <summary>Unix milliseconds, UTC.</summary>
    public long CreatedAt { get; set; }
    /// <summary>Days since 1970-01-01 (UTC).</summary>
    public int Day { get; set; }
    public required string ModelKey { get; set; }
    public required string Variant { get; set; }
    public required string Author { get; set; }
    public string? AppKey { get; set; }
    public string? AppTitle { get; set; }
    public AppSource AppSource { get; set; }
    public required string Category { get; set; }
    public string? Provider { get; set; }
    public long TokensPrompt { get; set; }
    public long TokensCompletion { get; set; }
    public long TokensReasoning { get; set; }
    public long TokensCached { get; set; }
    /// <summary>Cost in nano-USD, so sums are exact integers.</summary>
    public long CostNanos { get; set; }
    /// <summary>Generations this record sums (contract v1.1; 1 for a single generation and for records stored before it).</summary>
    public long Requests { get; set; } = 1;
    /// <summary>Tool calls made in those generations (contract v1.1).</summary>
    public long ToolCalls { get; set; }
    public long BatchId { get; set; }
}
