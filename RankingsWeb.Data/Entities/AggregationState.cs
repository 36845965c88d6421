namespace RankingsWeb.Data.Entities;

/// <summary>The fold's single row: everything with Seq &lt;= HighWaterSeq is in the rollups.</summary>
public sealed class AggregationState
{
    public int Id { get; set; }
    public long HighWaterSeq { get; set; }
    public long FoldedRecords { get; set; }
    public long? LastAggregatedAt { get; set; }
    public long LastRunMs { get; set; }
}
