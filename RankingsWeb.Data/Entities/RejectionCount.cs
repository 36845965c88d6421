namespace RankingsWeb.Data.Entities;

/// <summary>
/// How many lines of a batch were rejected for one reason, the ones whose text was not kept included: a batch keeps
/// the raw text of at most <c>Rankings:MaxStoredRejectedLinesPerBatch</c> lines, and these rows keep the counts exact.
/// </summary>
public sealed class RejectionCount
{
    public long BatchId { get; set; }
    public required string Reason { get; set; }
    public long ReceivedAt { get; set; }
    public long Count { get; set; }
}
