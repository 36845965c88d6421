using RankingsWeb.Data.Queries;

namespace RankingsWeb.Data.Sqlite;

/// <summary>SQLite: the records in the blocks above the fold's high-water mark.</summary>
internal sealed class SqlitePendingCount : IPendingCount
{
    public string Subquery => "(SELECT COALESCE(SUM(b.records), 0) FROM record_blocks b WHERE b.seq > s.high_water_seq)";
}
