namespace RankingsWeb.Data.Entities;

/// <summary>PostgreSQL only: an accepted record not yet folded; the fold deletes it in the transaction that adds it to the rollups.</summary>
public sealed class FoldQueueEntry
{
    public long Seq { get; set; }
}
