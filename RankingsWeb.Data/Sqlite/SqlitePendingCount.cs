using RankingsWeb.Data.Queries;

namespace RankingsWeb.Data.Sqlite;

/// <summary>SQLite: the records in the blocks above the fold's high-water mark.</summary>
internal sealed class SqlitePendingCount : IPendingCount
{
    public string Subquery => "(SELECT COALESCE(SUM(b.records), 0) FROM record_blocks b WHERE b.seq > s.high_water_seq)";

    /// <summary>Blocks are appended in arrival order, so the first block above the mark holds the oldest.</summary>
    public string OldestPendingSubquery =>
        "(SELECT i.received_at FROM record_blocks b JOIN ingest_batches i ON i.id = b.batch_id WHERE b.seq > s.high_water_seq ORDER BY b.seq LIMIT 1)";
}
