namespace RankingsWeb.Data.Entities;

/// <summary>One ingestion request or import file chunk.</summary>
public sealed class IngestBatch
{
    public long Id { get; set; }
    public long ReceivedAt { get; set; }
    public required string Source { get; set; }
    public int Accepted { get; set; }
    public int Duplicates { get; set; }
    public int Rejected { get; set; }
}
