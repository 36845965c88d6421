using RankingsWeb.Data.Queries;

namespace RankingsWeb.Data.Postgres;

/// <summary>PostgreSQL: the fold queue, not the rows above a mark (sequence values commit out of order).</summary>
internal sealed class PostgresPendingCount : IPendingCount
{
    public string Subquery => "(SELECT COUNT(*) FROM fold_queue)";
}
