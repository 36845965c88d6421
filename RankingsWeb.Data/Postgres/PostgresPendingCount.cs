using RankingsWeb.Data.Queries;

namespace RankingsWeb.Data.Postgres;

/// <summary>
/// PostgreSQL: the committed batches at or above the fold's transaction-id watermark (<see cref="PostgresRollupFolder"/>),
/// read from <c>ingest_batches</c>' index on xid (which carries accepted and received_at): a row per batch waiting, not
/// per record, so the health probes that run this every few seconds stay cheap whatever the backlog.
/// </summary>
internal sealed class PostgresPendingCount : IPendingCount
{
    public string Subquery => "(SELECT COALESCE(SUM(b.accepted), 0) FROM ingest_batches b WHERE b.xid >= s.fold_xid)";

    /// <summary>
    /// The batch with the lowest xid above the mark. Transaction ids are taken at the batch's first write and commit out
    /// of order, so that batch may be younger than the oldest by the length of a concurrent transaction: nothing next
    /// to a lag measured in minutes.
    /// </summary>
    public string OldestPendingSubquery =>
        "(SELECT b.received_at FROM ingest_batches b WHERE b.xid >= s.fold_xid AND b.accepted > 0 ORDER BY b.xid LIMIT 1)";
}
