using RankingsWeb.Data.Queries;

namespace RankingsWeb.Data.Postgres;

/// <summary>PostgreSQL: the fold queue, not the rows above a mark (sequence values commit out of order).</summary>
internal sealed class PostgresPendingCount : IPendingCount
{
    public string Subquery => "(SELECT COUNT(*) FROM fold_queue)";

    /// <summary>
    /// The batch of the lowest queued seq, one index probe however long the queue. Sequence values commit out of order,
    /// so that batch may be younger than the oldest by the length of a concurrent transaction: nothing next to a lag
    /// measured in minutes, and a MIN over the whole queue would read every waiting row on each health probe.
    /// </summary>
    public string OldestPendingSubquery =>
        "(SELECT i.received_at FROM fold_queue q JOIN usage_records r ON r.seq = q.seq JOIN ingest_batches i ON i.id = r.batch_id ORDER BY q.seq LIMIT 1)";
}
